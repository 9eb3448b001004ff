import { processExitCode } from '../../diagnose/exit-code.js';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import { UsageError } from '../../input/usage-error.js';
import { addressOf, choice } from '../../input/settings.js';
import { emit } from '../../io/emit.js';
import type { CliIO } from '../../io/io.js';
import { reportOptions } from '../../io/report-options.js';
import { toolVersion } from '../../io/version.js';
import { decodeText, FileProblem, LOG_CAP_BYTES } from '../../io/files.js';
import { gunzipped, isGzip, type BinarySource } from '../../io/binary-file.js';
import { wholeLog, type LogText } from '../../io/log-file.js';
import { exitOf, targetReport } from '../../report/assemble.js';
import { nagiosStates } from '../../report/nagios.js';
import { SCHEMA_VERSION } from '../../report/document.js';
import { render } from '../../report/render.js';
import { CAPTURE_LIMITS } from '../../record/capture-limits.js';
import { captureFormatOf } from './capture/container.js';
import { compareSides, pairSessions } from './capture/pair.js';
import { readCapture } from './capture/read-capture.js';
import { parseLog } from './detect.js';
import { LOG_FORMATS } from './events.js';
import { logToRecord } from './to-record.js';

/** `ftp-doctor analyze FILE`: the same findings as a live probe, from a log someone pasted; nothing is contacted. */
export async function analyzeCommand(line: ParsedCommandLine, io: CliIO): Promise<number> {
  // yargs reads a lone "-" (standard input) as an empty string.
  const file = line.file === '' || line.file === undefined ? '-' : line.file;
  const format = fromCommandLine(() => choice(line['log-format'], 'logFormat', ['auto', ...LOG_FORMATS] as const));
  const shownName = file === '-' ? 'standard input' : file;
  let source: BinarySource;
  try {
    source = binarySource(io, file);
  } catch (error) {
    throw new UsageError(error instanceof FileProblem ? error.message : `cannot read ${shownName}`);
  }
  // A gzip file (capture.pcap.gz, a log.gz) is read through its decompressor; what it holds decides the rest.
  const compressed = isGzip(source.head);
  if (compressed) source = await gunzipped(source);
  const capture = captureFormatOf(source.head);
  if (capture) return analyzeCapture(line, io, source, shownName);
  let text: LogText;
  try {
    text =
      file === '-' || compressed
        ? wholeLog(decodeText(await boundedLog(source)))
        : io.readLog
          ? io.readLog(file)
          : wholeLog(io.readFile(file, LOG_CAP_BYTES));
  } catch (error) {
    throw new UsageError(
      `cannot read ${file === '-' ? 'standard input' : file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
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

/**
 * A packet capture: each FTP session in it is diagnosed as a log of it would
 * be, each its own section. With the other side's capture too, each session is
 * paired with its other half, and what changed between them is added.
 */
async function analyzeCapture(
  line: ParsedCommandLine,
  io: CliIO,
  source: BinarySource,
  shownName: string,
): Promise<number> {
  // One reading budget for both captures.
  const ends = performance.now() + CAPTURE_LIMITS.readingMs;
  const budget = { now: () => performance.now(), ms: CAPTURE_LIMITS.readingMs };
  const first = await readCapture(source.chunks(), budget);
  if (first.sessions.length === 0) throw new UsageError(captureWithoutFtp(first, shownName));
  const otherFile = line['server-capture'] ?? line['server-file'];
  let sessions = first.sessions;
  if (otherFile !== undefined) {
    let other = binarySource(io, otherFile);
    if (isGzip(other.head)) other = await gunzipped(other);
    if (!captureFormatOf(other.head))
      throw new UsageError(
        `${otherFile} is not a pcap or pcapng capture: the other side's capture is compared packet by packet`,
      );
    const second = await readCapture(other.chunks(), { ...budget, ms: Math.max(0, ends - performance.now()) });
    if (second.sessions.length === 0) throw new UsageError(captureWithoutFtp(second, otherFile));
    // Each capture says which side it was taken on; where both look alike, the order given decides.
    const firstIsServer =
      first.sessions.every((s) => s.side === 'server') && second.sessions.some((s) => s.side === 'client');
    const [clientSide, serverSide] = firstIsServer ? [second, first] : [first, second];
    sessions = pairSessions(clientSide.sessions, serverSide.sessions).map((pair) => {
      if (!pair.server) return pair.client;
      const middlebox = compareSides({ client: pair.client, server: pair.server }, serverSide.connections);
      return {
        ...pair.client,
        log: { ...pair.client.log, observations: { ...pair.client.log.observations, middlebox } },
      };
    });
  }
  const serverAddress =
    line['server-address'] !== undefined
      ? fromCommandLine(() => addressOf(line['server-address'], 'serverAddress'))
      : undefined;
  const startedAt = (io.clock?.wall() ?? new Date()).toISOString();
  const options = reportOptions(line, io);
  const reports = sessions.map((session, index) => {
    const name = sessions.length === 1 ? shownName : `${shownName}, session ${index + 1}`;
    const record = logToRecord(session.log, {
      file: name,
      startedAt,
      toolVersion: toolVersion(),
      ...(serverAddress ? { serverAddress } : {}),
    });
    return targetReport(name, [record], options);
  });
  const exit = exitOf(reports);
  // Several sessions are one document, each session's report in it, as check's targets are.
  const several =
    reports.length > 1
      ? () => ({
          schemaVersion: SCHEMA_VERSION,
          kind: 'analysis',
          file: shownName,
          exitCode: exit.code,
          exitReason: exit.reason,
          sessions: reports.map((r) => ({ name: r.name, report: r.document })),
        })
      : undefined;
  emit(io, options, (outputFormat, colour) =>
    render(outputFormat, reports, { ...options, colour, command: 'analyze' }, several),
  );
  return processExitCode(options.format, () => nagiosStates(reports).code, exit.code);
}

/** Why a capture gave nothing to diagnose, in one line. */
function captureWithoutFtp(capture: Awaited<ReturnType<typeof readCapture>>, file: string): string {
  if (capture.problem && capture.packets === 0)
    return `${file}: ${capture.problem.what} (at byte ${capture.problem.offset})`;
  return `${file} holds ${capture.packets} packets and ${capture.tcpConnections} TCP connections, but no FTP control connection (a 220 greeting, then FTP commands): capture on the FTP server's port, for example \`tcpdump -i any -w ftp.pcap 'tcp port 21 or portrange 1024-65535'\``;
}

/** A log on standard input, or decompressed, bounded as a log file is. */
async function boundedLog(source: BinarySource): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source.chunks()) {
    total += chunk.length;
    if (total > LOG_CAP_BYTES)
      throw new UsageError(`the log is over ${LOG_CAP_BYTES / 1024 / 1024} MB; logs are read up to that`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** A file's bytes: through the I/O seam's binary reader, or, where there is none, its text. */
function binarySource(io: CliIO, file: string): BinarySource {
  if (io.openBinary) return io.openBinary(file);
  const bytes = Buffer.from(io.readFile(file, LOG_CAP_BYTES), 'utf8');
  return { head: bytes.subarray(0, 16), chunks: () => [bytes] };
}
