import type { AddressInfo } from 'node:net';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import { UsageError } from '../../input/errors.js';
import { countOf, listOf } from '../../input/settings.js';
import type { CliIO } from '../../io/io.js';
import { allowList, AllowPatternError } from '../../net/allow.js';
import { DEFAULT_MODULE, readExporterConfig, type ExporterConfig } from './modules.js';
import { startExporter } from './server.js';

export const DEFAULT_LISTEN = '127.0.0.1:9642';

/** `ftp-doctor exporter`: serves /probe until interrupted. */
export async function exporterCommand(line: ParsedCommandLine, io: CliIO): Promise<number> {
  const listen = line.listen ?? DEFAULT_LISTEN;
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match || !(port >= 0 && port < 65536))
    throw new UsageError(`--listen must be ADDRESS:PORT, like 127.0.0.1:9642 (port 0: any free port), not "${listen}"`);
  let config: ExporterConfig = { modules: new Map([['default', DEFAULT_MODULE]]), allow: [] };
  if (line.config !== undefined) {
    let text: string;
    try {
      text = io.readFile(line.config);
    } catch (error) {
      throw new UsageError(`cannot read ${line.config}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    config = readExporterConfig(line.config, text, io);
  }
  const maxConcurrent =
    line['max-concurrent'] === undefined
      ? 10
      : fromCommandLine(() => countOf(line['max-concurrent'], 'maxConcurrent', 1000));
  const patterns = [
    ...config.allow,
    ...(line.allow !== undefined ? fromCommandLine(() => listOf(line.allow, 'allow')) : []),
  ];
  let allow;
  try {
    allow = allowList(patterns);
  } catch (error) {
    throw error instanceof AllowPatternError ? new UsageError(`--allow: ${error.message}`) : error;
  }
  const server = await startExporter({ host: match[1] ?? '127.0.0.1', port, maxConcurrent, allow, config }, io).catch(
    (error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot listen on ${listen}: ${error.code ?? error.message}`);
    },
  );
  const address = server.address() as AddressInfo;
  io.stderr.write(
    `ftp-doctor exporter listening on ${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}; modules: ${[...config.modules.keys()].join(', ')}${patterns.length ? `; allowed targets: ${patterns.join(', ')}` : '; any target may be probed (see --allow)'}\n`,
  );
  io.onListening?.(address.port);
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  // Idle keep-alive connections would hold close() open: end them with it.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  return 0;
}
