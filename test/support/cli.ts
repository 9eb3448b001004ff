import { main } from '../../src/cli/main.js';
import { openBinary } from '../../src/io/binary-file.js';
import type { CliIO } from '../../src/io/io.js';
import type { ProbeRecord } from '../../src/record/record.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main() in-process with captured output; `records` replaces the network probe. */
export async function runCli(
  argv: string[],
  options: {
    records?: ProbeRecord[];
    env?: Record<string, string>;
    files?: Record<string, string>;
    /** Files read as bytes (packet captures). */
    binaryFiles?: Record<string, Buffer>;
    signal?: AbortSignal;
    onStdout?: (all: string) => void;
    platform?: NodeJS.Platform;
  } = {},
): Promise<CliRun & { written: Record<string, string> }> {
  const written: Record<string, string> = {};
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: {
      write: (text: string) => {
        stdout += text;
        options.onStdout?.(stdout);
      },
      isTTY: false,
      columns: 100,
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...options.env },
    homedir: '/nonexistent-home',
    ...(options.platform ? { platform: options.platform } : {}),
    readFile: (path: string) => {
      const text = options.files?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    // Binary files from the test, its text files as bytes, else the repository's own (fixtures).
    openBinary: (path: string) => {
      const given =
        options.binaryFiles?.[path] ??
        (options.files?.[path] !== undefined ? Buffer.from(options.files[path]) : undefined);
      return given ? { head: given.subarray(0, 16), chunks: () => [given] } : openBinary(path);
    },
    writeFile: (path: string, text: string) => void (written[path] = text),
    appendFile: (path: string, text: string) => void (written[path] = (written[path] ?? '') + text),
    ...(options.records ? { probe: async () => options.records ?? [] } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, written };
}
