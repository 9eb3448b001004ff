import type { BinarySource } from './binary-file.js';
import type { LogText } from './log-file.js';
import type { Clock } from '../record/clock.js';
import type { ProbeDependencies } from '../probe/runner.js';
import type { ProbeRecord, ProbeRequest } from '../record/record.js';
import type { Transport } from '../probe/transport.js';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything the CLI touches outside itself, so tests can hand in their own. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  homedir: string;
  /** process.platform: Windows keeps the netrc file as _netrc. */
  platform?: NodeJS.Platform;
  /** "-" reads standard input. Bounded (see io/files.ts): a FIFO, a device or an oversized file is refused with a FileProblem. */
  readFile(path: string, maxBytes?: number): string;
  /** A log for analyze, in bounded memory (see io/log-file.ts); without it, readFile reads the log whole. */
  readLog?(path: string): LogText;
  /** A file as bytes, in chunks (packet captures; see io/binary-file.ts); without it, readFile's text is read as bytes. */
  openBinary?(path: string): BinarySource;
  writeFile(path: string, text: string): void;
  appendFile(path: string, text: string): void;
  transport?: Transport;
  clock?: Clock;
  signal?: AbortSignal;
  /** Registers what to do on SIGHUP (the exporter reloads its targets file); returns how to stop listening. */
  onReload?: (listener: () => void) => () => void;
  /** Told the port a server command (exporter) listens on, once it does. */
  onListening?: (port: number) => void;
  /** Replaces the network probe (golden tests render recorded probes through the real CLI). */
  probe?: (request: ProbeRequest, deps: ProbeDependencies) => Promise<ProbeRecord[]>;
}
