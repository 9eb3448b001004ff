/** An exporter in-process on 127.0.0.1, for tests that attack it. */
import { exporterCommand } from '../../src/commands/exporter/exporter-command.js';
import type { ParsedCommandLine } from '../../src/input/command-line.js';
import type { CliIO } from '../../src/io/io.js';

export interface TestExporter {
  port: number;
  log: string[];
  get(query: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Stops it as Ctrl-C would; resolves to its exit code. */
  stop(): Promise<number>;
}

/** An exporter on 127.0.0.1 with a config given as text; "slow" and "quick" modules are always there. */
export async function startTestExporter(
  config: string,
  env: Record<string, string> = {},
  maxConcurrent = '4',
): Promise<TestExporter> {
  const text = config || 'modules:\n';
  const withModules = `${text}${text.endsWith('\n') ? '' : '\n'}  slow:\n    modes: [passive]\n    timeout: 30\n  quick:\n    modes: [epsv]\n    timeout: 2\n`;
  const controller = new AbortController();
  const log: string[] = [];
  let port = 0;
  let running: Promise<number> | undefined;
  await new Promise<void>((resolve, reject) => {
    const io: CliIO = {
      stdout: { write: () => true },
      stderr: { write: (line: string) => void log.push(line) },
      env,
      homedir: '/nonexistent-home',
      readFile: () => withModules,
      writeFile: () => undefined,
      appendFile: () => undefined,
      signal: controller.signal,
      onListening: (listening) => {
        port = listening;
        resolve();
      },
    };
    running = exporterCommand(
      {
        _: ['exporter'],
        listen: '127.0.0.1:0',
        config: 'exporter.yml',
        'max-concurrent': maxConcurrent,
      } as unknown as ParsedCommandLine,
      io,
    );
    running.catch(reject);
  });
  return {
    port,
    log,
    async get(query, headers = { 'X-Prometheus-Scrape-Timeout-Seconds': '10' }) {
      const response = await fetch(`http://127.0.0.1:${port}${query}`, { headers });
      return { status: response.status, body: await response.text() };
    },
    async stop() {
      controller.abort();
      return (await running) ?? 1;
    },
  };
}
