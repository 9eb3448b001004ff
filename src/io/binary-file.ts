import fs from 'node:fs';
import zlib from 'node:zlib';
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
  chunks(): Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

/** A gzip file's magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** What a compressed capture may expand to: a gzip bomb stops here, said as a file cut short. */
export const GUNZIP_CAP_BYTES = 8 * 1024 * 1024 * 1024;

/**
 * A gzip file, decompressed as it is read (capture.pcap.gz, a log.gz): its
 * first decompressed bytes to tell what it is, then the rest, streamed, up to
 * GUNZIP_CAP_BYTES. A corrupt stream ends where it breaks.
 */
export async function gunzipped(source: BinarySource): Promise<BinarySource> {
  const stream = async function* (): AsyncGenerator<Uint8Array> {
    const gunzip = zlib.createGunzip();
    const feeding = (async () => {
      try {
        for await (const chunk of source.chunks()) {
          // Copied: the source refills its buffer, and the decompressor reads later.
          if (!gunzip.write(Buffer.from(chunk))) await new Promise((resolve) => gunzip.once('drain', resolve));
        }
      } finally {
        gunzip.end();
      }
    })();
    let total = 0;
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > GUNZIP_CAP_BYTES) break;
        yield chunk;
      }
    } catch {
      // A corrupt or truncated stream: what came before it is all there is.
    } finally {
      gunzip.destroy();
      await feeding.catch(() => undefined);
    }
  };
  // The first decompressed bytes tell what the file is; they are kept and given again first.
  const first = stream();
  const opening = await first.next();
  const head = opening.done ? new Uint8Array(0) : opening.value;
  return {
    head: head.subarray(0, 16),
    chunks: () =>
      (async function* () {
        if (!opening.done) yield head;
        yield* first;
      })(),
  };
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
