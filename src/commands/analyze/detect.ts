import { wholeLog, type LogText } from '../../io/log-file.js';
import { UsageError } from '../../input/usage-error.js';
import { LOG_FORMATS, type LogFormat, type LogParser, type ParsedLog } from './events.js';
import { curlParser } from './formats/curl-log.js';
import { filezillaParser } from './formats/filezilla-log.js';
import { lftpParser } from './formats/lftp-log.js';
import { transcriptParser } from './formats/transcript-log.js';
import { vsftpdParser } from './formats/vsftpd-log.js';
import { winscpParser } from './formats/winscp-log.js';
import { iisParser } from './formats/iis-log.js';

const PARSERS: Record<LogFormat, LogParser> = {
  transcript: transcriptParser,
  filezilla: filezillaParser,
  lftp: lftpParser,
  curl: curlParser,
  winscp: winscpParser,
  vsftpd: vsftpdParser,
  iis: iisParser,
};

/** Lines a fixture or a ticket puts before the log itself. */
function logLines(lines: string[]): string[] {
  return lines.filter((line) => !line.startsWith('# '));
}

/** Reads a log in the given format, or in the one its lines look most like; a long log's tail, numbered as in the file. */
export function parseLog(text: LogText | string, format: LogFormat | 'auto', file: string): ParsedLog {
  const read = typeof text === 'string' ? wholeLog(text.replace(/^\uFEFF/, '')) : text;
  const parsed = parseLines(logLines(read.lines), read.firstLine > 1 ? logLines(read.head) : [], format, file);
  if (read.firstLine > 1) {
    for (const event of parsed.events) event.line += read.firstLine - 1;
    parsed.readFrom = read.firstLine;
  }
  return parsed;
}

function parseLines(lines: string[], head: string[], format: LogFormat | 'auto', file: string): ParsedLog {
  if (lines.every((line) => !line.trim())) throw new UsageError(`${file} is empty: nothing to analyze`);
  if (format !== 'auto') {
    const parsed = PARSERS[format].parse(lines);
    if (parsed.events.length === 0)
      throw new UsageError(`${file} does not look like a ${format} log: no FTP commands or replies found`);
    return parsed;
  }
  const scored = Object.values(PARSERS)
    .map((parser) => ({ parser, score: parser.score(lines) + parser.score(head) }))
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < 2) {
    throw new UsageError(`cannot tell what kind of log ${file} is: give --log-format (${LOG_FORMATS.join(', ')})`);
  }
  const parsed = best.parser.parse(lines);
  if (parsed.events.length === 0)
    throw new UsageError(`${file} looks like a ${best.parser.format} log but holds no FTP commands or replies`);
  return parsed;
}
