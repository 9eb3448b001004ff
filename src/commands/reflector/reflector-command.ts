import { DEFAULTS, LIMITS } from '../../input/defaults.js';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import { UsageError } from '../../input/usage-error.js';
import { countOf, OptionError, portRangeOf, secondsOf } from '../../input/settings.js';
import type { CliIO } from '../../io/io.js';
import { toolVersion } from '../../io/version.js';
import { certificateFrom, selfSignedCertificate, type Certificate } from './certificate.js';
import { DEFAULT_LIMITS, type ReflectorLimits } from './reflector-limits.js';
import { startReflector } from './reflector-server.js';

/** Routers' FTP helpers watch this port only. */
const FTP_PORT = 21;

/** `ftp-doctor reflector`: serves `network` clients until interrupted. */
export async function reflectorCommand(line: ParsedCommandLine, io: CliIO): Promise<number> {
  const settings = fromCommandLine(() => ({
    ...listenOf(line.listen ?? '0.0.0.0'),
    ...(line['pasv-range'] !== undefined ? { pasvRange: portRangeOf(line['pasv-range'], 'pasvRange') } : {}),
    connectTimeoutMs: secondsOf(line.timeout ?? DEFAULTS.timeoutS, 'timeout', LIMITS.phaseS),
    limits: limitsOf(line),
  }));
  const certificate = await certificateOf(line, io);
  const reflector = await startReflector({
    ...settings,
    ...(certificate ? { tls: { key: certificate.key, cert: certificate.cert } } : {}),
    version: toolVersion(),
    log: (text) => io.stderr.write(`${new Date().toISOString()} ${text}\n`),
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot listen on ${settings.host} port ${settings.port}: ${error.code ?? error.message}${error.code === 'EACCES' ? ' (ports below 1024 need root or CAP_NET_BIND_SERVICE)' : ''}`,
    );
  });
  const { address, port } = reflector.address;
  const shown = address.includes(':') ? `[${address}]` : address;
  const viaHost = address === '0.0.0.0' || address === '::' ? 'THIS-HOST' : shown;
  io.stderr.write(
    [
      `ftp-doctor reflector listening on ${shown}:${port}; ${settings.limits.sessions} sessions at once, ${settings.limits.sessionsPerSource} from one address; passive ports ${settings.pasvRange ? `${settings.pasvRange.low}-${settings.pasvRange.high}` : 'any (set --pasv-range to open them in a firewall)'}; connect-backs wait ${settings.connectTimeoutMs / 1000} s`,
      ...(port === FTP_PORT
        ? []
        : [`Port ${port} is not 21: routers' FTP helpers watch port 21 only, so clients will not see theirs.`]),
      certificate
        ? `TLS: ${certificate.origin === 'self-signed' ? 'a self-signed certificate made with openssl for this run' : 'the certificate given'}, SHA-256 fingerprint ${certificate.fingerprint}`
        : 'TLS: off (no certificate)',
      `Inside the network to test, run: ${invokedAs(io.env)} network --via ftp://${viaHost}${port === FTP_PORT ? '' : `:${port}`}${certificate ? ` --via-fingerprint ${certificate.fingerprint}` : ''}`,
      '',
    ].join('\n'),
  );
  io.onListening?.(port);
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await reflector.close();
  return 0;
}

/** The caps, with --max-concurrent and --per-source where given: a source's connect-back budget grows with its sessions. */
function limitsOf(line: ParsedCommandLine): ReflectorLimits {
  const sessions =
    line['max-concurrent'] === undefined
      ? DEFAULT_LIMITS.sessions
      : countOf(line['max-concurrent'], 'maxConcurrent', 10_000);
  const perSource =
    line['per-source'] === undefined
      ? DEFAULT_LIMITS.sessionsPerSource
      : countOf(line['per-source'], 'perSource', 10_000);
  const connectBacksPerSourcePerMinute =
    perSource * (DEFAULT_LIMITS.connectBacksPerSourcePerMinute / DEFAULT_LIMITS.sessionsPerSource);
  return {
    ...DEFAULT_LIMITS,
    sessions,
    sessionsPerSource: perSource,
    connectBacksPerSourcePerMinute,
    connectBacksPerMinute: Math.max(DEFAULT_LIMITS.connectBacksPerMinute, connectBacksPerSourcePerMinute),
  };
}

function listenOf(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)|([0-9a-f:]+))(?::(\d+))?$/i.exec(text.trim());
  const host = match?.[1] ?? match?.[2] ?? match?.[3];
  // A bare IPv6 literal has colons of its own: only the bracketed form takes a port.
  const port = match?.[3] ? FTP_PORT : Number(match?.[4] ?? FTP_PORT);
  if (!match || !host || !(port >= 0 && port < 65536))
    throw new OptionError(
      'listen',
      `must be ADDRESS or ADDRESS:PORT ([v6]:PORT), like 0.0.0.0 or 198.51.100.7:2121, not "${text}"`,
    );
  return { host, port };
}

async function certificateOf(line: ParsedCommandLine, io: CliIO): Promise<Certificate | undefined> {
  if ((line.cert === undefined) !== (line.key === undefined))
    throw new UsageError('--cert and --key go together: give both, or neither for a self-signed certificate');
  if (line.cert !== undefined && line.key !== undefined) {
    const read = (file: string, what: string): string => {
      try {
        return io.readFile(file);
      } catch (error) {
        throw new UsageError(
          `cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
    };
    try {
      return certificateFrom(read(line.key, 'key'), read(line.cert, 'certificate'), 'given');
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--cert ${line.cert} / --key ${line.key}: ${(error as Error).message}`);
    }
  }
  try {
    return await selfSignedCertificate();
  } catch (error) {
    io.stderr.write(
      `ftp-doctor reflector: no TLS: cannot make a self-signed certificate (${(error as Error).message}); give --cert and --key\n`,
    );
    return undefined;
  }
}

/** The tool as the user ran it: through npx (which sets npm_command=exec) or installed. */
export function invokedAs(env: Record<string, string | undefined>): string {
  return env.npm_command === 'exec' ? 'npx ftp-doctor' : 'ftp-doctor';
}
