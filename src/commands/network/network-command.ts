import { exitDecision, NAGIOS_STATES, processExitCode } from '../../diagnose/exit-code.js';
import { gate } from '../../diagnose/gate.js';
import { diagnoseNetwork } from '../../diagnose/network-diagnosis.js';
import { DEFAULTS, LIMITS } from '../../input/defaults.js';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import { UsageError } from '../../input/usage-error.js';
import { choice, OptionError, secondsOf } from '../../input/settings.js';
import { parseTarget } from '../../input/target.js';
import { emit } from '../../io/emit.js';
import type { CliIO } from '../../io/io.js';
import { reportOptions } from '../../io/report-options.js';
import { toolVersion } from '../../io/version.js';
import { systemClock } from '../../record/clock.js';
import { testNetwork, type NetworkRequest } from '../../probe/network-probe.js';
import { nodeTransport } from '../../probe/transport.js';
import { buildNetworkDocument, networkNagiosState, renderNetwork } from '../../report/network-report.js';
import { redactPublic } from '../../report/redact.js';
import { ipFamily } from '../../net/address.js';

/** `ftp-doctor network --via REFLECTOR`: this network's NAT, FTP helper and firewalls, as a reflector outside sees them. */
export async function networkCommand(line: ParsedCommandLine, io: CliIO): Promise<number> {
  const options = reportOptions(line, io);
  const request = fromCommandLine(() => networkRequest(line, io));
  const record = await testNetwork(request, {
    transport: io.transport ?? nodeTransport,
    clock: io.clock ?? systemClock,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  const diagnosis = diagnoseNetwork(record);
  const verdictGate = gate(diagnosis.findings, diagnosis.verdict, options.failOn);
  const exit = exitDecision([
    { gate: verdictGate, verdict: diagnosis.verdict.verdict, interrupted: record.stopped === 'interrupted' },
  ]);
  const document = buildNetworkDocument(record, diagnosis, exit, options.transcript);
  const report = {
    document: options.redact
      ? redactPublic(
          document,
          ipFamily(record.via.host) === 0 ? new Map([[record.via.host, '<reflector>']]) : undefined,
        )
      : document,
    gate: verdictGate,
  };
  emit(io, options, (format, colour) =>
    renderNetwork(format, report, {
      colour,
      width: options.width,
      failOn: options.failOn,
      ...(options.ascii ? { ascii: true } : {}),
    }),
  );
  return processExitCode(options.format, () => NAGIOS_STATES.indexOf(networkNagiosState(report)), exit.code);
}

function networkRequest(line: ParsedCommandLine, io: CliIO): NetworkRequest {
  if (line.via === undefined || line.via.trim() === '')
    throw new UsageError(
      'network needs --via ftp://HOST[:PORT], the reflector to test against (see `ftp-doctor reflector`)',
    );
  const via = parseTarget(line.via);
  if (via.user !== undefined || via.password !== undefined)
    throw new OptionError('via', 'must not carry a user or password: the reflector has no accounts');
  if (via.tls === 'implicit')
    throw new OptionError('via', 'cannot be ftps://: the reflector speaks explicit TLS (AUTH TLS) on its one port');
  if (line.ipv4 && line.ipv6) throw new OptionError('family', 'cannot be both 4 and 6: give -4 or -6, not both');
  const fingerprint = line['via-fingerprint'];
  if (fingerprint !== undefined && !/^([0-9a-f]{2}:?){31}[0-9a-f]{2}$/i.test(fingerprint.trim())) {
    throw new OptionError(
      'viaFingerprint',
      `must be a SHA-256 fingerprint like AB:CD:...:EF (32 bytes in hex), not "${fingerprint}"`,
    );
  }
  const tls = line.tls === undefined ? 'auto' : choice(line.tls, 'tls', ['none', 'auto', 'explicit'] as const);
  return {
    host: via.host,
    port: via.port,
    ...(line.ipv4 || line.ipv6 ? { family: line.ipv4 ? 4 : 6 } : {}),
    timeoutMs: secondsOf(line.timeout ?? DEFAULTS.timeoutS, 'timeout', LIMITS.phaseS),
    deadlineMs: secondsOf(line.deadline ?? DEFAULTS.deadlineS, 'deadline', LIMITS.deadlineS),
    tls: tls === 'none' ? 'off' : 'auto',
    ...(fingerprint !== undefined ? { fingerprint: fingerprint.trim() } : {}),
    insecure: line.insecure,
    // The reflector streams at most 600 s (its idleTransferMaxMs): a longer wait could only be refused.
    ...(line.idle !== undefined ? { idleMs: secondsOf(line.idle, 'idle', 600) } : {}),
    startedAt: (io.clock?.wall() ?? new Date()).toISOString(),
    toolVersion: toolVersion(),
  };
}
