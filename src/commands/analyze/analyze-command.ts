import { processExitCode } from '../../diagnose/exit-code.js';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import { UsageError } from '../../input/errors.js';
import { addressOf, choice } from '../../input/settings.js';
import { emit } from '../../io/emit.js';
import type { CliIO } from '../../io/io.js';
import { reportOptions } from '../../io/report-options.js';
import { toolVersion } from '../../io/version.js';
import { LOG_CAP_BYTES } from '../../io/files.js';
import { wholeLog, type LogText } from '../../io/log-file.js';
import { exitOf, targetReport } from '../../report/assemble.js';
import { nagiosStates } from '../../report/nagios.js';
import { render } from '../../report/render.js';
import { parseLog } from './detect.js';
import { LOG_FORMATS } from './events.js';
import { logToRecord } from './to-record.js';

/** `ftp-doctor analyze FILE`: the same findings as a live probe, from a log someone pasted; nothing is contacted. */
export function analyzeCommand(line: ParsedCommandLine, io: CliIO): number {
  // yargs reads a lone "-" (standard input) as an empty string.
  const file = line.file === '' || line.file === undefined ? '-' : line.file;
  const format = fromCommandLine(() => choice(line['log-format'], 'logFormat', ['auto', ...LOG_FORMATS] as const));
  let text: LogText;
  try {
    text = io.readLog ? io.readLog(file) : wholeLog(io.readFile(file, LOG_CAP_BYTES));
  } catch (error) {
    throw new UsageError(
      `cannot read ${file === '-' ? 'standard input' : file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const shownName = file === '-' ? 'standard input' : file;
  const log = parseLog(text, format, shownName);
  const serverAddress =
    line['server-address'] !== undefined
      ? fromCommandLine(() => addressOf(line['server-address'], 'serverAddress'))
      : undefined;
  const record = logToRecord(log, {
    file: shownName,
    startedAt: (io.clock?.wall() ?? new Date()).toISOString(),
    toolVersion: toolVersion(),
    ...(serverAddress ? { serverAddress } : {}),
  });
  const options = reportOptions(line, io);
  const reports = [targetReport(shownName, [record], options)];
  emit(io, options, (outputFormat, colour) =>
    render(outputFormat, reports, { ...options, colour, command: 'analyze' }),
  );
  return processExitCode(options.format, () => nagiosStates(reports).code, exitOf(reports).code);
}
