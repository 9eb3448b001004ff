import { processExitCode } from '../../diagnose/exit-code.js';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import { LIMITS } from '../../input/defaults.js';
import { UsageError } from '../../input/usage-error.js';
import { countOf } from '../../input/settings.js';
import { emit } from '../../io/emit.js';
import type { CliIO } from '../../io/io.js';
import { reportOptions } from '../../io/report-options.js';
import { toolVersion } from '../../io/version.js';
import { systemClock } from '../../record/clock.js';
import { probe } from '../../probe/runner.js';
import { nodeTransport } from '../../probe/transport.js';
import { exitOf, targetReport } from '../../report/assemble.js';
import { renderCheckSummary } from '../../report/check-text.js';
import { SCHEMA_VERSION, withoutTranscript } from '../../report/document.js';
import { SHOWS_TRANSCRIPT } from '../../report/formats.js';
import { nagiosStates } from '../../report/nagios.js';
import { render, type ReportOptions } from '../../report/render.js';
import type { TargetReport } from '../../report/targets.js';
import { renderText } from '../../report/text.js';
import { readTargetsFile, type CheckTarget } from './targets-file.js';

/** `ftp-doctor check FILE`: every target of a targets file, concurrently, against its expectations. */
export async function checkCommand(line: ParsedCommandLine, io: CliIO): Promise<number> {
  const file = line.file ?? '';
  const concurrencyOption =
    line.concurrency !== undefined
      ? fromCommandLine(() => countOf(line.concurrency, 'concurrency', LIMITS.concurrency))
      : undefined;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    throw new UsageError(
      `cannot read the targets file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const plan = readTargetsFile(file, text, line, io);
  const concurrency = concurrencyOption ?? plan.concurrency;
  const options = reportOptions(line, io);
  const progress = io.stderr.isTTY
    ? (done: number, report: TargetReport) =>
        io.stderr.write(
          `[${done}/${plan.targets.length}] ${report.name}: ${report.document.verdict.label}${report.gate.passed ? '' : ' (fails)'}\n`,
        )
    : undefined;
  const reports = await runTargets(plan.targets, concurrency, options, io, progress);
  const exit = exitOf(reports);
  const details = line.details;
  emit(io, options, (format, colour) => {
    if (format === 'text') {
      const detail = details
        ? reports
            .map((r) =>
              renderText(r.document, {
                colour,
                width: options.width,
                transcript: options.transcript,
                failOn: options.failOn,
                ...(options.ascii ? { ascii: true } : {}),
              }),
            )
            .join('\n') + '\n'
        : '';
      return detail + renderCheckSummary(reports, colour, options.failOn, exit, options.width);
    }
    return render(format, reports, { ...options, command: 'check' }, () => ({
      schemaVersion: SCHEMA_VERSION,
      kind: 'check',
      file,
      passed: exit.code === 0,
      exitCode: exit.code,
      exitReason: exit.reason,
      targets: reports.map((r) => ({
        name: r.name,
        passed: r.gate.passed,
        failures: r.gate.failures,
        report: r.document,
      })),
    }));
  });
  return processExitCode(options.format, () => nagiosStates(reports).code, exit.code);
}

async function runTargets(
  targets: CheckTarget[],
  concurrency: number,
  options: ReportOptions,
  io: CliIO,
  progress?: (done: number, report: TargetReport) => void,
): Promise<TargetReport[]> {
  const reports = new Array<TargetReport>(targets.length);
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
      const report = targetReport(target.name, records, options, target.expectations);
      // Memory stays bounded over thousands of targets: a transcript is kept only where it will be shown.
      reports[index] =
        options.transcript || SHOWS_TRANSCRIPT[options.format]
          ? report
          : { ...report, document: withoutTranscript(report.document) };
      done += 1;
      progress?.(done, reports[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return reports;
}
