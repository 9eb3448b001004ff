import { AUDIT_SOFTWARE } from '../../record/audit-record.js';
import { diagnoseAudit } from '../../diagnose/audit-diagnosis.js';
import { exitDecision, NAGIOS_STATES, processExitCode } from '../../diagnose/exit-code.js';
import { gate } from '../../diagnose/gate.js';
import type { ParsedCommandLine } from '../../input/command-line.js';
import { fromCommandLine, targetOptionsOf } from '../../input/command-line.js';
import { UsageError } from '../../input/usage-error.js';
import { addressOf, buildRequest, choice, listOf } from '../../input/settings.js';
import { emit } from '../../io/emit.js';
import type { CliIO } from '../../io/io.js';
import { reportOptions } from '../../io/report-options.js';
import { toolVersion } from '../../io/version.js';
import { systemClock } from '../../record/clock.js';
import { probe } from '../../probe/runner.js';
import { nodeTransport } from '../../probe/transport.js';
import {
  auditNagiosState,
  buildAuditDocument,
  buildDeploymentDocument,
  renderAudit,
  type AuditDocument,
} from '../../report/audit-report.js';
import type { DescribedFinding } from '../../diagnose/finding.js';
import type { Verdict } from '../../diagnose/verdict.js';
import type { ExitDecision } from '../../diagnose/exit-code.js';
import { ConfigError } from './config/config-errors.js';
import { PACKAGE_DEFAULT_PATHS, type DefaultPaths } from './kinds.js';
import { readAudit, liveSystem, type AuditSystem } from './read.js';
import { fileReader } from './system.js';
import { readCompose } from './deploy/compose.js';
import { KNOWN_IMAGE_NAMES } from './deploy/images.js';
import { readKubernetes } from './deploy/kubernetes.js';
import { readFile } from './kinds.js';
import { diagnoseDeployment } from '../../diagnose/deployment-diagnosis.js';
import type { DeploymentRecord } from '../../record/deployment-record.js';

/** This host, read for real; `defaults` are where the packages put their configuration (tests point them elsewhere). */
export function liveAuditSystem(
  line: ParsedCommandLine,
  io: CliIO,
  defaults: DefaultPaths = PACKAGE_DEFAULT_PATHS,
): AuditSystem {
  return liveSystem(fileReader, (address, port) => askServer(line, io, address, port), defaults);
}

/** `ftp-doctor audit`: the server's configuration and the host firewall, read on the server host; nothing is changed. */
export async function auditCommand(
  line: ParsedCommandLine,
  io: CliIO,
  system: AuditSystem = liveAuditSystem(line, io),
): Promise<number> {
  const options = reportOptions(line, io);
  if (line.compose !== undefined || line.kubernetes !== undefined) return deploymentAudit(line, io, system, options);
  const inputs = fromCommandLine(() => ({
    ...(line.config !== undefined ? { config: line.config } : {}),
    ...(line.server !== undefined
      ? {
          server: choice(line.server, 'server', AUDIT_SOFTWARE),
        }
      : {}),
    firewallFiles: line.firewall !== undefined ? listOf(line.firewall, 'firewall').filter(Boolean) : [],
    ...(line.site !== undefined ? { site: siteName(line.site) } : {}),
    ...(line['public-address'] !== undefined
      ? { publicAddress: addressOf(line['public-address'], 'publicAddress') }
      : {}),
    startedAt: (io.clock?.wall() ?? new Date()).toISOString(),
    toolVersion: toolVersion(),
  }));
  const record = await usageErrorOnConfig(() => readAudit(inputs, system));
  const diagnosis = diagnoseAudit(record);
  return reportAudit(io, options, diagnosis, (exit) => buildAuditDocument(record, diagnosis, exit));
}

/** A file that cannot be read as what it should be is the user's input to fix: one line, exit 2. */
async function usageErrorOnConfig<T>(read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Both audits' last step: the gate, the exit decision, every format, and the exit code. */
function reportAudit(
  io: CliIO,
  options: ReturnType<typeof reportOptions>,
  diagnosis: { findings: DescribedFinding[]; verdict: Verdict },
  documentOf: (exit: ExitDecision) => AuditDocument,
): number {
  const verdictGate = gate(diagnosis.findings, diagnosis.verdict, options.failOn);
  const exit = exitDecision([{ gate: verdictGate, verdict: diagnosis.verdict.verdict, interrupted: false }]);
  const report = { document: documentOf(exit), gate: verdictGate };
  emit(io, options, (format, colour) =>
    renderAudit(format, report, {
      colour,
      width: options.width,
      failOn: options.failOn,
      ...(options.ascii ? { ascii: true } : {}),
    }),
  );
  return processExitCode(options.format, () => NAGIOS_STATES.indexOf(auditNagiosState(report)), exit.code);
}

/** An IIS site's name as --site gives it: printable, and short enough to be a name. */
function siteName(value: unknown): string {
  if (typeof value !== 'string' || !value.trim() || value.length > 256 || /[\u0000-\u001f\u007f]/.test(value))
    throw new UsageError('--site takes the name of an IIS FTP site, for example --site "Default FTP Site"');
  return value.trim();
}

/** `audit --compose` / `--kubernetes`: the files that will deploy the server, read before anything runs. */
async function deploymentAudit(
  line: ParsedCommandLine,
  io: CliIO,
  system: AuditSystem,
  options: ReturnType<typeof reportOptions>,
): Promise<number> {
  if (line.compose !== undefined && line.kubernetes !== undefined)
    throw new UsageError('give --compose or --kubernetes, not both');
  const record = await usageErrorOnConfig(() => readDeployment(line, system));
  const diagnosis = diagnoseDeployment(record);
  return reportAudit(io, options, diagnosis, (exit) => buildDeploymentDocument(record, diagnosis, exit));
}

function readDeployment(line: ParsedCommandLine, system: AuditSystem): DeploymentRecord {
  const base = { tool: { name: 'ftp-doctor', version: toolVersion() }, startedAt: new Date().toISOString() };
  const reader = system.reader;
  if (line.compose !== undefined) {
    const file = line.compose;
    const servers = readCompose(readFile(file, reader), file, reader, line.service);
    if (servers.length === 0)
      throw new UsageError(
        `${file}: no service runs an FTP server image audit knows (${KNOWN_IMAGE_NAMES}); name one with --service`,
      );
    return { ...base, file, servers };
  }
  const target = line.kubernetes!;
  const files = reader.isDirectory(target)
    ? reader
        .list(target)
        .filter((name) => /\.ya?ml$/i.test(name))
        .sort()
        .map((name) => `${target.replace(/[\\/]$/, '')}/${name}`)
    : [target];
  if (files.length === 0) throw new UsageError(`${target} holds no .yaml or .yml file`);
  const servers = readKubernetes(
    files.map((file) => ({ file, text: readFile(file, reader) })),
    reader,
  );
  if (servers.length === 0)
    throw new UsageError(`${target}: no container runs an FTP server image audit knows (${KNOWN_IMAGE_NAMES})`);
  return { ...base, file: target, servers };
}

/** A short probe of the server's own listening socket: five passive replies, the login from the same options as probe. */
async function askServer(
  line: ParsedCommandLine,
  io: CliIO,
  address: string,
  port: number,
): Promise<{ address?: string; ports: number[]; error?: string }> {
  try {
    const request = buildRequest(
      {
        ...targetOptionsOf(line),
        target: `${address.includes(':') ? `[${address}]` : address}:${port}`,
        modes: 'passive',
        pasvSamples: 5,
        timeout: 2,
        deadline: 10,
      },
      io,
    );
    const [record] = await probe(request, {
      transport: io.transport ?? nodeTransport,
      clock: io.clock ?? systemClock,
      toolVersion: toolVersion(),
    });
    const samples = record?.pasvSamples ?? [];
    const hosts = samples.flatMap((s) => (s.advertised?.host ? [s.advertised.host] : []));
    return {
      ...(hosts[0] ? { address: hosts[0] } : {}),
      ports: samples.flatMap((s) => (s.advertised ? [s.advertised.port] : [])),
    };
  } catch (error) {
    return { ports: [], error: error instanceof Error ? error.message : String(error) };
  }
}
