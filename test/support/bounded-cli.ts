import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN } from './paths.js';

/** The guard beside this file (compiled next to it). */
const NET_GUARD = fileURLToPath(new URL('./net-guard.js', import.meta.url));

export interface BoundedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The child's peak resident memory, from its own exit report. */
  peakMb: number;
}

/**
 * The CLI in a process of its own with a heap cap: a run past it ends with
 * "Reached heap limit" and a signal, never the code the test expects, so a
 * memory bound is asserted as an exit code. The connection guard is loaded
 * in it too, whether or not the test run set NODE_OPTIONS.
 */
export function runBoundedCli(
  args: string[],
  options: { heapMb: number; timeoutMs?: number; input?: Buffer },
): Promise<BoundedRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${options.heapMb}`, '--import', NET_GUARD, '--import', PEAK_REPORTER, BIN, ...args],
      { env: { ...process.env, NO_COLOR: '1' }, timeout: options.timeoutMs ?? 120_000 },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (options.input) child.stdin.end(options.input);
    else child.stdin.end();
    child.on('close', (code, signal) => {
      const peak = /ftp-doctor-test-peak-rss=(\d+)/.exec(stderr);
      resolve({
        code,
        signal,
        stdout,
        stderr: stderr.replace(/ftp-doctor-test-peak-rss=\d+\n?/, ''),
        peakMb: peak ? Number(peak[1]) / 1024 / 1024 : NaN,
      });
    });
  });
}

/** Prints the process's peak resident memory as it exits. */
const PEAK_REPORTER = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('ftp-doctor-test-peak-rss=' + process.resourceUsage().maxRSS * 1024 + '\\n'));",
)}`;
