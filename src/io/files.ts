import fs from 'node:fs';
import nodePath from 'node:path';

/** What can be wrong with a file the tool was asked to read: data for callers, never a message to match. */
export type FileProblemKind =
  'missing' | 'directory' | 'not-a-file' | 'too-large' | 'unreadable' | 'symlink-loop' | 'outside-root';

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
    return readOpened(fd, path, maxBytes);
  } finally {
    if (path !== '-') fs.closeSync(fd);
  }
}

/** A path is the folder itself or below it (both as given: real paths for a real answer). */
export const isInside = (candidate: string, root: string): boolean =>
  candidate === root || candidate.startsWith(root.endsWith(nodePath.sep) ? root : `${root}${nodePath.sep}`);

/**
 * The real path of a file that must be inside `root` (a repository): every
 * link followed, then refused when it leads out.
 */
export function confinedPath(path: string, root: string): string {
  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(path);
  } catch (error) {
    throw problemOf(error as NodeJS.ErrnoException, path);
  }
  if (!isInside(real, realRoot)) throw new FileProblem('outside-root', path, `${path} leads outside ${root}`);
  return real;
}

/**
 * Reads a file on behalf of a repository (a compose file's mounts and env
 * files): only when it really is inside `root`. The real path is opened
 * once, without following a link at its end (O_NOFOLLOW) and without
 * blocking, and the descriptor itself is checked again: a path swapped for a
 * link between the check and the open is refused, never read.
 */
export function readConfinedFile(path: string, root: string, maxBytes = FILE_CAP_BYTES): string {
  const real = confinedPath(path, root);
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new FileProblem('outside-root', path, `${path} was replaced by a link while it was read`);
    throw problemOf(error as NodeJS.ErrnoException, path);
  }
  try {
    if (!descriptorIsAt(fd, real)) throw new FileProblem('outside-root', path, `${path} was moved while it was read`);
    return decodeText(readOpened(fd, path, maxBytes));
  } finally {
    fs.closeSync(fd);
  }
}

/** The open file is the one at `real`: where the system names its descriptor, else the same device and inode. */
function descriptorIsAt(fd: number, real: string): boolean {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`) === real;
  } catch {
    try {
      const opened = fs.fstatSync(fd);
      const named = fs.lstatSync(real);
      return opened.dev === named.dev && opened.ino === named.ino;
    } catch {
      return false;
    }
  }
}

/** An open descriptor read to its end, bounded: regular files only, at most `maxBytes`. */
function readOpened(fd: number, path: string, maxBytes: number): Buffer {
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
