import { systemClock } from '../probe/clock.js';
import type { ModeObservation, ProbeSettings } from '../probe/record.js';
import { MODE_LABELS, modeStatus } from '../diagnose/status.js';
import { probe } from '../probe/runner.js';
import { nodeTransport } from '../probe/transport.js';
import { useColour } from '../report/style.js';
import { resolveCredentials } from './credentials.js';
import type { FailOn } from './exit-code.js';
import type { CliIO } from './io.js';
import type { Parsed } from './main.js';
import { MAX_PASV_SAMPLES, parseCount, parseIpOption, parseModes, parsePortRange, parseSeconds } from './options.js';
import { emit, exitCodeOf, render, targetReport, type Format, type ReportOptions } from './report.js';
import { applyTls, displayTarget, parseTarget } from './target.js';
import { toolVersion } from './version.js';

export const LISTING_CAP_BYTES = 1024 * 1024;

export function reportOptions(parsed: Parsed, io: CliIO): ReportOptions {
  return {
    format: parsed.json ? 'json' : (parsed.format as Format),
    failOn: parsed['fail-on'] as FailOn,
    redact: Boolean(parsed.redact),
    transcript: Boolean(parsed.transcript),
    colour: useColour(io.env, Boolean(io.stdout.isTTY)),
    width: Math.max(60, Math.min(io.stdout.columns ?? 100, 120)),
    ...(parsed.output !== undefined ? { output: String(parsed.output) } : {}),
  };
}

export async function probeCommand(parsed: Parsed, io: CliIO): Promise<number> {
  const { target, tls } = applyTls(parseTarget(String(parsed.target ?? '')), parsed.tls as string | undefined);
  const credentials = resolveCredentials(
    target,
    {
      ...(parsed.user !== undefined ? { user: String(parsed.user) } : {}),
      ...(parsed['password-file'] !== undefined ? { passwordFile: String(parsed['password-file']) } : {}),
      passwordEnv: String(parsed['password-env']),
      netrc: Boolean(parsed.netrc),
      ...(parsed['netrc-file'] !== undefined ? { netrcFile: String(parsed['netrc-file']) } : {}),
    },
    io,
  );
  const settings: ProbeSettings = {
    modes: parseModes((parsed.modes as string[] | undefined) ?? []),
    timeoutMs: parseSeconds(parsed.timeout, '--timeout', 600),
    greetingTimeoutMs: parseSeconds(parsed['greeting-timeout'], '--greeting-timeout', 600),
    deadlineMs: parseSeconds(parsed.deadline, '--deadline', 3600),
    tryAdvertised: Boolean(parsed['try-advertised']),
    listingCapBytes: LISTING_CAP_BYTES,
    tls,
    insecure: Boolean(parsed.insecure),
    ...(parsed['tls-version'] ? { tlsVersion: parsed['tls-version'] === '1.2' ? ('TLSv1.2' as const) : ('TLSv1.3' as const) } : {}),
  };
  if (parsed['external-ip'] !== undefined) settings.externalIp = parseIpOption(String(parsed['external-ip']), '--external-ip');
  if (parsed['active-ports'] !== undefined) settings.activePorts = parsePortRange(String(parsed['active-ports']), '--active-ports');
  if (parsed['pasv-samples'] !== undefined) settings.pasvSamples = parseCount(parsed['pasv-samples'], '--pasv-samples', MAX_PASV_SAMPLES);
  if (parsed['expect-pasv-range'] !== undefined) settings.expectPasvRange = parsePortRange(String(parsed['expect-pasv-range']), '--expect-pasv-range');
  if (parsed['expect-address'] !== undefined) settings.expectAddress = parseIpOption(String(parsed['expect-address']), '--expect-address');
  const options = reportOptions(parsed, io);
  const run = io.probe ?? probe;
  const records = await run(
    {
      target: {
        input: displayTarget(target, tls),
        host: target.host,
        port: target.port,
        user: credentials.user,
        anonymous: credentials.anonymous,
        ...(target.path ? { path: target.path } : {}),
      },
      password: credentials.password,
      settings,
      allAddresses: Boolean(parsed['all-addresses']),
    },
    {
      transport: io.transport ?? nodeTransport,
      clock: io.clock ?? systemClock,
      toolVersion: toolVersion(),
      ...(io.signal ? { signal: io.signal } : {}),
      // Live progress only on a terminal: nothing of it in pipes or CI logs.
      ...(io.stderr.isTTY
        ? { onModeFinished: (address: string, o: ModeObservation) => void io.stderr.write(`  ${address} ${MODE_LABELS[o.mode]}: ${modeStatus(o)} (${o.durationMs} ms)\n`) }
        : {}),
    },
  );
  const reports = [targetReport(displayTarget(target, tls), records, options)];
  emit(io, options, (format, colour) => render(format, reports, { ...options, colour }));
  return exitCodeOf(reports);
}
