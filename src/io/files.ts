import fs from 'node:fs';

/** What can be wrong with a file the tool was asked to read: data for callers, never a message to match. */
export type FileProblemKind = 'missing' | 'directory' | 'not-a-file' | 'too-large' | 'unreadable' | 'symlink-loop';

export class FileProblem extends Error {
  constructor(
    readonly kind: FileProblemKind,
    readonly path: string,
    message: string,
  ) {
    super(message);
    // Shown as its message alone wherever an error is printed.
    this.name = '';
  }
}

/** Configs, firewall dumps, targets files, certificates, password files. */
export const FILE_CAP_BYTES = 16 * 1024 * 1024;
/** Logs handed to analyze. */
export const LOG_CAP_BYTES = 64 * 1024 * 1024;

const CHUNK = 64 * 1024;

function sizeWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function problemOf(error: NodeJS.ErrnoException, path: string): FileProblem {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileProblem('missing', path, `${path} does not exist`);
    case 'ELOOP':
      return new FileProblem('symlink-loop', path, `${path} is a loop of symbolic links`);
    case 'EISDIR':
      return new FileProblem('directory', path, `${path} is a directory, not a file`);
    default:
      return new FileProblem('unreadable', path, `${path} cannot be read (${error.code ?? 'error'})`);
  }
}

/**
 * Reads a whole file, bounded: regular files only (a FIFO, a device or a
 * directory is refused without blocking on it), at most `maxBytes`, and
 * decoded as Windows and Unix write text: UTF-8 with or without a BOM, or
 * UTF-16 (LE or BE) with a BOM. "-" reads standard input, with the same cap.
 */
export function readBoundedFile(path: string, maxBytes = FILE_CAP_BYTES): string {
  return decodeText(readBoundedBytes(path, maxBytes));
}

/** The same, as bytes: for files that are not text (packet captures). */
export function readBoundedBytes(path: string, maxBytes = FILE_CAP_BYTES): Buffer {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once and can be refused.
    fd = path === '-' ? 0 : fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw problemOf(error as NodeJS.ErrnoException, path);
  }
  try {
    if (path !== '-') {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) {
        const what = stat.isDirectory()
          ? 'a directory'
          : stat.isFIFO()
            ? 'a pipe (FIFO)'
            : stat.isCharacterDevice() || stat.isBlockDevice()
              ? 'a device'
              : stat.isSocket()
                ? 'a socket'
                : 'not a regular file';
        throw new FileProblem(stat.isDirectory() ? 'directory' : 'not-a-file', path, `${path} is ${what}, not a file`);
      }
      if (stat.size > maxBytes)
        throw new FileProblem(
          'too-large',
          path,
          `${path} is ${sizeWords(stat.size)}; files are read up to ${sizeWords(maxBytes)}`,
        );
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let read: number;
      try {
        read = fs.readSync(fd, chunk, 0, CHUNK, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EOF') break;
        throw problemOf(error as NodeJS.ErrnoException, path);
      }
      if (read === 0) break;
      total += read;
      // A file that grows while it is read, or standard input, meets the same cap.
      if (total > maxBytes)
        throw new FileProblem(
          'too-large',
          path,
          `${path === '-' ? 'standard input' : path} is over ${sizeWords(maxBytes)}; files are read up to ${sizeWords(maxBytes)}`,
        );
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total);
  } finally {
    if (path !== '-') fs.closeSync(fd);
  }
}

/** UTF-8 (a BOM dropped), or UTF-16 when a BOM says so. */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - ((bytes.length - 2) % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
