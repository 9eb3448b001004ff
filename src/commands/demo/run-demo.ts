import path from 'node:path';
import { DEMO_WORDS } from '../../diagnose/words/command-words.js';
import { UsageError } from '../../input/usage-error.js';
import { fill } from '../../diagnose/template.js';
import { systemClock } from '../../record/clock.js';
import { ALL_MODES } from '../../record/record.js';
import { probe } from '../../probe/runner.js';
import { nodeTransport } from '../../probe/transport.js';
import { ANONYMOUS_PASSWORD } from '../../input/credentials.js';
import { DEFAULTS, LISTING_CAP_BYTES } from '../../input/defaults.js';
import type { ParsedCommandLine } from '../../input/command-line.js';
import type { CliIO } from '../../io/io.js';
import { reportOptions } from '../../io/report-options.js';
import { toolVersion } from '../../io/version.js';
import { targetReport } from '../../report/assemble.js';
import { render, type ReportOptions } from '../../report/render.js';
import { createStyle } from '../../report/style.js';
import { FtpTestServer } from './ftp-server.js';
import { DEMO_SCENARIOS } from './scenarios.js';

const DEMO_TIMEOUT_MS = 1500;

/** `ftp-doctor demo`: probe the demo servers, or with --serve keep them up for the user to try. */
export async function demoCommand(line: ParsedCommandLine, io: CliIO): Promise<number> {
  const options = reportOptions(line, io);
  if (line.port !== undefined && !line.serve) throw new UsageError('--port goes with --serve');
  // The demo is no check: its servers are broken on purpose, so a plugin's state would mean nothing.
  if (options.format === 'nagios')
    throw new UsageError('demo is not a check: run `ftp-doctor demo --serve`, then probe one with --format nagios');
  return line.serve ? serveDemo(io, firstPortOf(line.port)) : runDemo(io, options);
}

function firstPortOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  const last = 65535 - DEMO_SCENARIOS.length + 1;
  if (!/^\d+$/.test(value) || port < 1 || port > last)
    throw new UsageError(`--port must be a port from 1 to ${last} (the demo uses ${DEMO_SCENARIOS.length} in a row)`);
  return port;
}

/** Keeps the demo servers up until interrupted, so every command and format can be tried on them. */
export async function serveDemo(io: CliIO, firstPort?: number): Promise<number> {
  const servers = await startServers(firstPort);
  try {
    io.stdout.write('Demo servers on 127.0.0.1, up until Ctrl-C:\n');
    DEMO_SCENARIOS.forEach((scenario, i) =>
      io.stdout.write(`  ftp://${servers[i]?.address ?? '?'}  ${scenario.description}\n`),
    );
    io.stdout.write(`Try: ${invokedAs()} probe ftp://${servers[0]?.address ?? ''} --transcript\n`);
    await new Promise<void>((resolve) => {
      if (!io.signal || io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return 0;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** The demo servers on 127.0.0.1: on free ports, or on firstPort and the ports after it. */
async function startServers(firstPort?: number): Promise<FtpTestServer[]> {
  const servers: FtpTestServer[] = [];
  try {
    for (const [i, scenario] of DEMO_SCENARIOS.entries())
      servers.push(await new FtpTestServer(scenario.script).start(firstPort === undefined ? 0 : firstPort + i));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot listen on 127.0.0.1 port ${(firstPort ?? 0) + servers.length}${code ? ` (${code})` : ''}`,
    );
  }
  return servers;
}

/** How the user runs this tool: the single-file binary by its own name, the npm package through npx. */
function invokedAs(): string {
  const self = path.basename(process.execPath);
  return /^node(\.exe)?$/i.test(self) ? 'npx ftp-doctor' : self.replace(/\.exe$/i, '');
}

/** Starts the demo servers on 127.0.0.1, probes each, prints the reports; exits 0. */
export async function runDemo(io: CliIO, options: ReportOptions): Promise<number> {
  const style = createStyle(options.colour);
  const servers = await startServers();
  try {
    const results = await Promise.all(
      servers.map((server) =>
        probe(
          {
            target: {
              input: `ftp://${server.address}`,
              host: server.host,
              port: server.port,
              user: 'anonymous',
              anonymous: true,
            },
            password: ANONYMOUS_PASSWORD,
            settings: {
              modes: [...ALL_MODES],
              timeoutMs: DEMO_TIMEOUT_MS,
              greetingTimeoutMs: DEMO_TIMEOUT_MS,
              deadlineMs: 10 * DEMO_TIMEOUT_MS,
              tryAdvertised: false,
              listingCapBytes: LISTING_CAP_BYTES,
            },
            allAddresses: false,
          },
          {
            transport: io.transport ?? nodeTransport,
            clock: io.clock ?? systemClock,
            toolVersion: toolVersion(),
            ...(io.signal ? { signal: io.signal } : {}),
          },
        ),
      ),
    );
    const reports = results.map((records, i) =>
      targetReport(DEMO_SCENARIOS[i]?.name ?? `demo-${i + 1}`, records, options),
    );
    if (options.format !== 'text') {
      io.stdout.write(
        render(options.format, reports, { ...options, command: 'demo' }, () =>
          reports.map((r) => ({ scenario: r.name, report: r.document })),
        ),
      );
    } else {
      io.stdout.write(
        `${fill(DEMO_WORDS.waits, { demoTimeout: `${DEMO_TIMEOUT_MS / 1000} s`, defaultTimeout: `${DEFAULTS.timeoutS} s` })}\n\n`,
      );
      reports.forEach((report, i) => {
        const output = render('text', [report], { ...options, command: 'demo' });
        io.stdout.write(
          `${style.bold(`━━ Demo ${i + 1}/${reports.length}: ${DEMO_SCENARIOS[i]?.description ?? ''}`)}\n${output}\n`,
        );
      });
      io.stdout.write(`${fill(DEMO_WORDS.closing, { invokedAs: invokedAs() })}\n`);
    }
    return 0;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
