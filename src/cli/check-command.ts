import { readTargetsFile, type CheckTarget } from '../check/targets-file.js';
import { systemClock } from '../probe/clock.js';
import { probe } from '../probe/runner.js';
import { nodeTransport } from '../probe/transport.js';
import { SCHEMA_VERSION } from '../report/document.js';
import { renderCheckSummary } from '../report/check-text.js';
import type { TargetReport } from '../report/targets.js';
import { renderText } from '../report/text.js';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';
import type { Parsed } from './main.js';
import { DEFAULTS } from './main.js';
import { LISTING_CAP_BYTES, reportOptions } from './probe-command.js';
import { parseSeconds } from './options.js';
import { emit, exitCodeOf, render, targetReport, type ReportOptions } from './report.js';
import { toolVersion } from './version.js';

/** `ftp-doctor check FILE`: every target of a targets file, concurrently, against its expectations. */
export async function checkCommand(parsed: Parsed, io: CliIO): Promise<number> {
  const file = String(parsed.file ?? '');
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read the targets file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const plan = readTargetsFile(
    file,
    text,
    {
      timeoutMs: parseSeconds(parsed.timeout ?? DEFAULTS.timeoutS, '--timeout', 600),
      greetingTimeoutMs: parseSeconds(parsed['greeting-timeout'] ?? DEFAULTS.greetingTimeoutS, '--greeting-timeout', 600),
      deadlineMs: parseSeconds(parsed.deadline ?? DEFAULTS.deadlineS, '--deadline', 3600),
      listingCapBytes: LISTING_CAP_BYTES,
    },
    io,
  );
  const concurrency = parsed.concurrency !== undefined ? Number(parsed.concurrency) : plan.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number above 0, not "${String(parsed.concurrency)}"`);
  const options = reportOptions(parsed, io);
  const progress = io.stderr.isTTY ? (done: number, report: TargetReport) => io.stderr.write(`[${done}/${plan.targets.length}] ${report.name}: ${report.document.verdict.label}${report.gate.passed ? '' : ' (fails)'}\n`) : undefined;
  const reports = await runTargets(plan.targets, concurrency, options, io, progress);
  const exitCode = exitCodeOf(reports);
  const details = Boolean(parsed.details);
  emit(io, options, (format, colour) => {
    if (format === 'text') {
      const detail = details ? reports.map((r) => renderText(r.document, { colour, width: options.width, transcript: options.transcript, failOn: options.failOn })).join('\n') + '\n' : '';
      return detail + renderCheckSummary(reports, colour, options.failOn, exitCode);
    }
    return render(format, reports, options, () => ({
      schemaVersion: SCHEMA_VERSION,
      kind: 'check',
      file,
      passed: exitCode === 0,
      exitCode,
      targets: reports.map((r) => ({ name: r.name, passed: r.gate.passed, failures: r.gate.failures, report: r.document })),
    }));
  });
  return exitCode;
}

async function runTargets(
  targets: CheckTarget[],
  concurrency: number,
  options: ReportOptions,
  io: CliIO,
  progress?: (done: number, report: TargetReport) => void,
): Promise<TargetReport[]> {
  const reports: TargetReport[] = new Array(targets.length);
  let next = 0;
  let done = 0;
  const run = io.probe ?? probe;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index]!;
      const records = await run(target.request, {
        transport: io.transport ?? nodeTransport,
        clock: io.clock ?? systemClock,
        toolVersion: toolVersion(),
        ...(io.signal ? { signal: io.signal } : {}),
      });
      reports[index] = targetReport(target.name, records, options, target.expectations);
      done += 1;
      progress?.(done, reports[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return reports;
}
