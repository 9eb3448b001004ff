import fs from 'node:fs';
import { FileProblem, readBoundedBytes } from './files.js';

/** Standard input is read whole before it can be told apart: at most this much of it. */
export const STDIN_BINARY_CAP = 256 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/**
 * A file read as bytes, in chunks: its first bytes to tell what it is, then
 * all of it, once, in bounded memory. A chunk may be overwritten by the next:
 * whoever keeps bytes copies them.
 */
export interface BinarySource {
  head: Uint8Array;
  chunks(): Iterable<Uint8Array>;
}

/**
 * A regular file is read in 4 MB chunks however large it is; standard input
 * is read whole (up to STDIN_BINARY_CAP), since it cannot be read twice.
 * Anything but a regular file is refused as the bounded reader refuses it.
 */
export function openBinary(path: string): BinarySource {
  if (path === '-') {
    const bytes = readBoundedBytes('-', STDIN_BINARY_CAP);
    return { head: bytes.subarray(0, 16), chunks: () => [bytes] };
  }
  // The bounded reader says what is wrong with a missing file, a directory or a FIFO, in its own words.
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    readBoundedBytes(path, 0);
    throw new FileProblem('unreadable', path, `${path} cannot be read`);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) readBoundedBytes(path, 0);
    const head = Buffer.alloc(16);
    const read = fs.readSync(fd, head, 0, 16, 0);
    return { head: head.subarray(0, read), chunks: () => chunksOf(path) };
  } finally {
    fs.closeSync(fd);
  }
}

/** One buffer, refilled: a chunk is valid until the next is asked for (the reader copies what it keeps). */
function* chunksOf(path: string): Generator<Uint8Array> {
  const fd = fs.openSync(path, fs.constants.O_RDONLY);
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    for (let offset = 0; ;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK, offset);
      if (read === 0) return;
      offset += read;
      yield buffer.subarray(0, read);
    }
  } finally {
    fs.closeSync(fd);
  }
}
