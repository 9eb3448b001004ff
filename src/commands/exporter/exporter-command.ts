import type { AddressInfo } from 'node:net';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import { UsageError } from '../../input/usage-error.js';
import { countOf, listOf } from '../../input/settings.js';
import type { CliIO } from '../../io/io.js';
import { allowList, AllowPatternError } from '../../net/allow.js';
import { DEFAULT_MODULE, readExporterConfig, type ExporterConfig } from './modules.js';
import { logLine, startExporter } from './server.js';
import { serviceDiscovery, type SdGroup } from './service-discovery.js';
import fs from 'node:fs';

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
  const discovery =
    line.targets !== undefined ? watchTargets(line.targets, new Set(config.modules.keys()), io) : undefined;
  const server = await startExporter(
    {
      host: match[1] ?? '127.0.0.1',
      port,
      maxConcurrent,
      allow,
      config,
      ...(discovery ? { serviceDiscovery: discovery.current } : {}),
    },
    io,
  ).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot listen on ${listen}: ${error.code ?? error.message}`);
  });
  const address = server.address() as AddressInfo;
  io.stderr.write(
    `ftp-doctor exporter listening on ${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}; modules: ${[...config.modules.keys()].join(', ')}${patterns.length ? `; allowed targets: ${patterns.join(', ')}` : '; any target may be probed (see --allow)'}\n`,
  );
  io.onListening?.(address.port);
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  discovery?.stop();
  // Idle keep-alive connections would hold close() open: end them with it.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  return 0;
}

/**
 * The targets file, served as service discovery: read at start (an error
 * there stops the exporter), then again on SIGHUP and when the file changes;
 * a reload that fails keeps the list that was good and says why.
 */
function watchTargets(file: string, modules: Set<string>, io: CliIO): { current: () => SdGroup[]; stop: () => void } {
  // A target naming a module this exporter does not have would fail every scrape: refused with the list.
  const read = (): SdGroup[] => {
    const groups = serviceDiscovery(file, io.readFile(file));
    const unknown = groups.find((group) => !modules.has(group.labels.__param_module ?? 'default'));
    if (unknown)
      throw new UsageError(
        `${file}: target ${unknown.targets[0]} names module "${unknown.labels.__param_module}", which the exporter does not have (${[...modules].join(', ')})`,
      );
    return groups;
  };
  let groups: SdGroup[];
  try {
    groups = read();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const reload = (): void => {
    try {
      groups = read();
      logLine(io, `reloaded ${file}: ${groups.length} targets`);
    } catch (error) {
      logLine(
        io,
        `${file} not reloaded, the previous ${groups.length} targets stay: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const stopListening = io.onReload?.(reload);
  // Polled, not inotify: it works on every file system and across a ConfigMap's symlink swap.
  const watcher = (current: fs.Stats, previous: fs.Stats): void => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) reload();
  };
  fs.watchFile(file, { interval: 2000, persistent: false }, watcher);
  return {
    current: () => groups,
    stop: () => {
      stopListening?.();
      fs.unwatchFile(file, watcher);
    },
  };
}
