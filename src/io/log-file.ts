import fs from 'node:fs';
import { decodeText, FileProblem, LOG_CAP_BYTES, readBoundedFile } from './files.js';

/** A log file as analyze reads it: whole when it is small, otherwise its beginning (to tell its format) and its end. */
export interface LogText {
  /** The lines read, in order: the whole log, or its last `TAIL_LINES` lines. */
  lines: string[];
  /** The line number of lines[0] in the file (1 when the whole log was read). */
  firstLine: number;
  /** Lines from the start of the file, for telling its format when only the tail is read. */
  head: string[];
  /** Lines in the whole file. */
  totalLines: number;
}

/** A log up to this size is read whole. */
export const LOG_WHOLE_BYTES = 32 * 1024 * 1024;
/** From a longer log, about its last 200,000 lines: the hang a user asks about is at its end. */
export const TAIL_LINES = 200_001;
const HEAD_LINES = 2_000;
/** The tail kept never exceeds this, whatever the lines' length. */
const TAIL_MAX_BYTES = 48 * 1024 * 1024;
/** Longer lines are cut here: no FTP line is longer, and one giant line must not fill memory. */
export const MAX_LOG_LINE = 8 * 1024;
const CHUNK = 4 * 1024 * 1024;

function splitLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => (line.length > MAX_LOG_LINE ? line.slice(0, MAX_LOG_LINE) : line));
}

/**
 * Reads a log for analyze in bounded memory: a regular file of any size is
 * scanned once for line starts (bytes, never decoded), and only its head and
 * its last TAIL_LINES lines are decoded. Standard input is read up to
 * LOG_CAP_BYTES, whole.
 */
export function readLogFile(path: string): LogText {
  if (path === '-') return wholeLog(readBoundedFile('-', LOG_CAP_BYTES));
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    // The bounded reader says what is wrong in its own words.
    return wholeLog(readBoundedFile(path, LOG_CAP_BYTES));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size <= LOG_WHOLE_BYTES) return wholeLog(readBoundedFile(path, LOG_WHOLE_BYTES));
    return tailOf(fd, stat.size, path);
  } finally {
    fs.closeSync(fd);
  }
}

/** A log read whole, as text. */
export function wholeLog(text: string): LogText {
  const lines = splitLines(text);
  return { lines, firstLine: 1, head: lines.slice(0, HEAD_LINES), totalLines: lines.length };
}

function tailOf(fd: number, size: number, path: string): LogText {
  // A ring of the byte offsets where the last TAIL_LINES lines start.
  const starts = new Float64Array(TAIL_LINES);
  let lineCount = 1;
  starts[0] = 0;
  const buffer = Buffer.allocUnsafe(CHUNK);
  let offset = 0;
  let headEnd = -1;
  while (offset < size) {
    const read = fs.readSync(fd, buffer, 0, Math.min(CHUNK, size - offset), offset);
    if (read === 0) break;
    for (let at = buffer.indexOf(0x0a, 0); at !== -1 && at < read; at = buffer.indexOf(0x0a, at + 1)) {
      if (lineCount === HEAD_LINES) headEnd = offset + at;
      starts[lineCount % TAIL_LINES] = offset + at + 1;
      lineCount += 1;
    }
    offset += read;
  }
  // A final newline ends the last line rather than starting an empty one.
  const endsWithNewline = starts[(lineCount - 1) % TAIL_LINES] === size;
  const totalLines = endsWithNewline ? lineCount - 1 : lineCount;
  // The ring also holds the start after a final newline: one slot fewer for lines.
  const kept = Math.min(TAIL_LINES - 1, totalLines);
  let firstIndex = totalLines - kept;
  let from = starts[firstIndex % TAIL_LINES] ?? 0;
  // Very long lines: fewer of them, never more than TAIL_MAX_BYTES.
  while (size - from > TAIL_MAX_BYTES && firstIndex < totalLines - 1) {
    firstIndex += Math.max(1, Math.floor((totalLines - firstIndex) / 8));
    from = starts[firstIndex % TAIL_LINES] ?? from;
  }
  // The last line alone is longer than that (a file without line breaks): only its end is read.
  if (size - from > TAIL_MAX_BYTES) from = size - TAIL_MAX_BYTES;
  const tail = readRange(fd, from, size, path);
  const head = readRange(fd, 0, Math.min(headEnd > 0 ? headEnd : size, 1024 * 1024), path);
  const lines = splitLines(tail);
  if (endsWithNewline && lines.at(-1) === '') lines.pop();
  return { lines, firstLine: firstIndex + 1, head: splitLines(head).slice(0, HEAD_LINES), totalLines };
}

function readRange(fd: number, from: number, to: number, path: string): string {
  const bytes = Buffer.allocUnsafe(Math.max(0, to - from));
  let done = 0;
  while (done < bytes.length) {
    const read = fs.readSync(fd, bytes, done, bytes.length - done, from + done);
    if (read === 0) throw new FileProblem('unreadable', path, `${path} changed while it was read`);
    done += read;
  }
  return decodeText(bytes);
}
