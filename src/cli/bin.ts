import { appendFileSync, writeFileSync } from 'node:fs';
import { readBoundedFile } from '../io/files.js';
import { readLogFile } from '../io/log-file.js';
import { openBinary } from '../io/binary-file.js';
import { homedir } from 'node:os';
import { main } from './main.js';

/** The process entry: wires real streams and Ctrl-C, then exits as soon as the report is out. */
export function run(): void {
  const controller = new AbortController();
  let interrupts = 0;
  // SIGTERM too: as PID 1 in a container (a reflector, an exporter) nothing else would stop the process.
  // On Windows, Ctrl-Break is SIGBREAK and closing the console window is SIGHUP.
  const signals =
    process.platform === 'win32'
      ? (['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP'] as const)
      : (['SIGINT', 'SIGTERM'] as const);
  // SIGHUP reloads what a long-running command asked it to (the exporter's targets file); otherwise it ends the process.
  const reloaders = new Set<() => void>();
  if (process.platform !== 'win32')
    process.on('SIGHUP', () => {
      if (reloaders.size === 0) return controller.abort();
      for (const reload of reloaders) reload();
    });
  for (const signal of signals) {
    process.on(signal, () => {
      interrupts += 1;
      if (interrupts > 1) process.exit(130);
      controller.abort();
    });
  }
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    homedir: homedir(),
    platform: process.platform,
    readFile: (path, maxBytes) => readBoundedFile(path, maxBytes),
    readLog: (path) => readLogFile(path),
    openBinary: (path) => openBinary(path),
    writeFile: (path, text) => writeFileSync(path, text),
    appendFile: (path, text) => appendFileSync(path, text),
    signal: controller.signal,
    onReload: (listener) => {
      reloaders.add(listener);
      return () => reloaders.delete(listener);
    },
  }).then(
    (code) => {
      process.exitCode = code;
      // Stdout may be a pipe: exit once it has drained, without waiting for anything else.
      process.stdout.write('', () => process.exit(code));
    },
    () => process.exit(3),
  );
}
