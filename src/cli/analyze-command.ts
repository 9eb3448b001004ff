import { parseLog } from '../analyze/detect.js';
import { LOG_FORMATS, type LogFormat } from '../analyze/events.js';
import { logToRecord } from '../analyze/to-record.js';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';
import type { Parsed } from './main.js';
import { parseIpOption } from './options.js';
import { reportOptions } from './probe-command.js';
import { emit, exitCodeOf, render, targetReport } from './report.js';
import { toolVersion } from './version.js';

/** `ftp-doctor analyze FILE`: the same findings as a live probe, from a log someone pasted; nothing is contacted. */
export async function analyzeCommand(parsed: Parsed, io: CliIO): Promise<number> {
  // yargs reads a lone "-" (standard input) as an empty string.
  const file = parsed.file === '' || parsed.file === true ? '-' : String(parsed.file ?? '-');
  const format = String(parsed['log-format'] ?? 'auto') as LogFormat | 'auto';
  if (format !== 'auto' && !LOG_FORMATS.includes(format)) throw new UsageError(`unknown --log-format "${format}"`);
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file === '-' ? 'standard input' : file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const shownName = file === '-' ? 'standard input' : file;
  const log = parseLog(text, format, shownName);
  const serverAddress = parsed['server-address'] !== undefined ? parseIpOption(String(parsed['server-address']), '--server-address') : undefined;
  const record = logToRecord(log, {
    file: shownName,
    startedAt: (io.clock?.wall() ?? new Date()).toISOString(),
    toolVersion: toolVersion(),
    ...(serverAddress ? { serverAddress } : {}),
  });
  const options = reportOptions(parsed, io);
  const reports = [targetReport(shownName, [record], options)];
  emit(io, options, (outputFormat, colour) => render(outputFormat, reports, { ...options, colour }));
  return exitCodeOf(reports);
}
