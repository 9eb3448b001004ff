import type { Fact, ServerConfig } from '../../../record/audit-record.js';
import { ConfigError, unreadableBecause, type ConfigReader } from './config-errors.js';

/** Debian's wrapper turns one file per option in this folder into pure-ftpd's command line. */
export const PURE_FTPD_CONF_DIR = '/etc/pure-ftpd/conf';

/** The options that matter here, as short flag, long flag and the wrapper's file name. */
const OPTIONS = {
  passiveRange: { short: '-p', long: '--passiveportrange', file: 'PassivePortRange' },
  forcePassiveIp: { short: '-P', long: '--forcepassiveip', file: 'ForcePassiveIP' },
  bind: { short: '-S', long: '--bind', file: 'Bind' },
  maxClients: { short: '-c', long: '--maxclientsnumber', file: 'MaxClientsNumber' },
  maxIdleTime: { short: '-I', long: '--maxidletime', file: 'MaxIdleTime' },
  tls: { short: '-Y', long: '--tls', file: 'TLS' },
  certificate: { short: '-2', long: '--certfile', file: 'CertFile' },
  ipv4Only: { short: '-4', long: '--ipv4only', file: 'IPV4Only' },
  ipv6Only: { short: '-6', long: '--ipv6only', file: 'IPV6Only' },
} as const;
type Option = keyof typeof OPTIONS;
const FLAGS: ReadonlySet<Option> = new Set(['ipv4Only', 'ipv6Only']);

/** Pure-FTPd's command line (argv after the program name), as the running process or a service file gives it. */
export function parsePureFtpdArgs(args: string[], origin: string): ServerConfig {
  const found = new Map<Option, { value: string; text: string }>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    for (const [option, names] of Object.entries(OPTIONS) as Array<[Option, (typeof OPTIONS)[Option]]>) {
      const long = arg.startsWith(`${names.long}=`) ? arg.slice(names.long.length + 1) : undefined;
      if (
        arg === names.short ||
        arg === names.long ||
        long !== undefined ||
        (arg.startsWith(names.short) && arg.length > 2 && !FLAGS.has(option))
      ) {
        const value = FLAGS.has(option)
          ? 'yes'
          : (long ?? (arg.length > 2 && !arg.startsWith('--') ? arg.slice(2) : (args[++i] ?? '')));
        found.set(option, {
          value,
          text: `${arg}${FLAGS.has(option) || long !== undefined || arg.length > 2 ? '' : ` ${value}`}`,
        });
      }
    }
  }
  return fromOptions(found, { kind: 'command line', where: origin });
}

/** Debian's conf/ folder: one file per option, holding its value. */
export function parsePureFtpdConfDir(dir: string, reader: ConfigReader): ServerConfig {
  const found = new Map<Option, { value: string; text: string; file: string }>();
  let entries: string[];
  try {
    entries = reader.list(dir);
  } catch (error) {
    throw new ConfigError(dir, undefined, `cannot be read (${unreadableBecause(error)})`, true);
  }
  for (const [option, names] of Object.entries(OPTIONS) as Array<[Option, (typeof OPTIONS)[Option]]>) {
    if (!entries.includes(names.file)) continue;
    const file = `${dir}/${names.file}`;
    let value: string;
    try {
      value = reader.read(file).trim();
    } catch (error) {
      throw new ConfigError(file, undefined, `cannot be read (${unreadableBecause(error)})`, true);
    }
    if (FLAGS.has(option) && !/^(yes|no)$/i.test(value))
      throw new ConfigError(file, 1, `expected yes or no, not "${value}"`);
    if (!FLAGS.has(option) || /^yes$/i.test(value))
      found.set(option, { value: FLAGS.has(option) ? 'yes' : value, text: `${names.file}: ${value}`, file });
  }
  return fromOptions(found, { kind: 'folder', where: dir });
}

function fromOptions(
  found: Map<Option, { value: string; text: string; file?: string }>,
  origin: { kind: 'command line' | 'folder'; where: string },
): ServerConfig {
  const source = (option: Option) => {
    const entry = found.get(option)!;
    return { kind: 'file' as const, file: entry.file ?? origin.where, line: 1, text: entry.text };
  };
  const byDefault = <T>(value: T, text: string): Fact<T> => ({
    value,
    source: { kind: 'default', file: origin.where, text },
  });
  const bind = found.get('bind')?.value;
  const port = bind ? Number(bind.split(/[,]/).at(-1)) : 21;
  const config: ServerConfig = {
    software: 'pure-ftpd',
    files: [origin.where],
    controlPort: bind
      ? { value: Number.isInteger(port) ? port : 21, source: source('bind') }
      : byDefault(21, 'no -S: port 21'),
    listenIpv4: found.has('ipv6Only')
      ? { value: false, source: source('ipv6Only') }
      : byDefault(true, 'pure-ftpd listens on both families unless told -4 or -6'),
    listenIpv6: found.has('ipv4Only')
      ? { value: false, source: source('ipv4Only') }
      : byDefault(true, 'pure-ftpd listens on both families unless told -4 or -6'),
  };
  const range = found.get('passiveRange')?.value;
  if (range) {
    const [low, high] = range.split(/[:\s]+/).map(Number);
    if (!Number.isInteger(low) || !Number.isInteger(high) || low! < 1 || high! > 65535 || low! > high!) {
      const s = source('passiveRange');
      throw new ConfigError(
        s.file,
        s.line,
        `the passive range takes low:high (or "low high" in ${OPTIONS.passiveRange.file}), not "${range}"`,
      );
    }
    config.passiveRange = { value: { low: low!, high: high! }, source: source('passiveRange') };
  }
  const forced = found.get('forcePassiveIp')?.value;
  if (forced) config.externalAddress = { value: forced, source: source('forcePassiveIp') };
  const tls = found.get('tls')?.value;
  config.tlsEnabled = tls ? { value: tls !== '0', source: source('tls') } : byDefault(false, 'no --tls: off');
  if (config.tlsEnabled.value) {
    // --certfile takes the certificate and, after a comma, the key; without it, one file holds both.
    const files = found.get('certificate')?.value.split(',').filter(Boolean);
    config.tlsFiles = files?.length
      ? files.map((value) => ({ value, source: source('certificate') }))
      : [byDefault('/etc/ssl/private/pure-ftpd.pem', 'no --certfile: /etc/ssl/private/pure-ftpd.pem')];
  }
  const clients = Number(found.get('maxClients')?.value);
  if (Number.isInteger(clients) && clients > 0) config.maxClients = { value: clients, source: source('maxClients') };
  // Pure-FTPd counts its idle time in minutes.
  const idleMinutes = Number(found.get('maxIdleTime')?.value);
  config.idleTimeout =
    Number.isInteger(idleMinutes) && idleMinutes >= 0
      ? { value: idleMinutes * 60, source: source('maxIdleTime') }
      : byDefault(900, 'no --maxidletime: 15 minutes');
  return config;
}
