/**
 * npm run bench: critical path, worst case, start-up and fleet, each as a ratio
 * measured in the same run (absolute times vary between machines). Prints a
 * table, writes bench/results.json and BENCHMARKS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { delay, FtpTestServer, type ServerScript } from '../src/commands/demo/ftp-server.js';
import { systemClock } from '../src/record/clock.js';
import { ALL_MODES, type DataMode } from '../src/record/record.js';
import { probe } from '../src/probe/runner.js';
import { nodeTransport, type Transport } from '../src/probe/transport.js';
import { pcapFile, SessionScript, type Segment } from '../test/support/pcap-writer.js';
import { linearBounds } from './linear.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'ftp-doctor.js');
/** Sequential server replies a full probe cannot do without: see BENCHMARKS.md. */
const MINIMUM_SEQUENTIAL_REPLIES = 8;
/** The critical path may exceed the minimum by this many replies. */
const CRITICAL_PATH_MARGIN = 1;
/** A slow greeting, in server delays: the probe must not pay it twice. */
const SLOW_GREETING_DELAYS = 20;
/** Server replies one passive mode costs on a connection already logged in: 227/229, the data connection, 150, 226. */
const ONE_MODE_DELAYS = 4;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timeProbe(
  port: number,
  modes: DataMode[],
  timeoutMs: number,
  host = '127.0.0.1',
  transport: Transport = nodeTransport,
  family?: 4 | 6,
): Promise<number> {
  const started = performance.now();
  const records = await probe(
    {
      target: { input: 'bench', host, port, user: 'anonymous', anonymous: true },
      password: 'bench@example.com',
      settings: {
        modes,
        timeoutMs,
        greetingTimeoutMs: timeoutMs,
        deadlineMs: 60_000,
        tryAdvertised: false,
        listingCapBytes: 1 << 20,
      },
      allAddresses: false,
      ...(family ? { family } : {}),
    },
    { transport, clock: systemClock, toolVersion: 'bench' },
  );
  const broken = records.flatMap((record) => record.modes.filter((mode) => !mode.notTested && mode.phase !== 'done'));
  if (broken.length > 0 && timeoutMs > 5000)
    throw new Error(`a benchmark probe did not complete: ${broken.map((m) => m.mode).join(', ')}`);
  return performance.now() - started;
}

/**
 * --idle against a server with no timer and one with its own (3 s): the run
 * must take the maximum plus less than one normal probe, and end early when
 * every connection is gone.
 */
async function idleBench(idleS: number): Promise<{ idleS: number; probeMs: number; heldMs: number; timerMs: number }> {
  const timed = (script: ServerScript, idleMs?: number) =>
    withServer(script, async (port) => {
      const started = performance.now();
      await probe(
        {
          target: { input: 'bench', host: '127.0.0.1', port, user: 'anonymous', anonymous: true },
          password: 'bench@example.com',
          settings: {
            modes: ['passive'],
            timeoutMs: 2000,
            greetingTimeoutMs: 2000,
            deadlineMs: 20_000,
            tryAdvertised: false,
            listingCapBytes: 1 << 20,
            ...(idleMs ? { idleMs } : {}),
          },
          allAddresses: false,
        },
        { transport: nodeTransport, clock: systemClock, toolVersion: 'bench' },
      );
      return performance.now() - started;
    });
  return {
    idleS,
    probeMs: await timed({}),
    heldMs: await timed({}, idleS * 1000),
    timerMs: await timed({ idleTimeoutMs: 3000 }, idleS * 1000),
  };
}

/** A server whose greeting takes G delays: the probe must cost G plus what it costs anyway, not 2 G. */
async function slowGreeting(
  delayMs: number,
): Promise<{ delayMs: number; greetingDelays: number; wallMs: number; delays: number }> {
  // The greeting, like every reply, also waits the reply delay: G in all.
  const wallMs = await withServer(
    { replyDelayMs: delayMs, greetingDelayMs: (SLOW_GREETING_DELAYS - 1) * delayMs },
    (port) => timeProbe(port, [...ALL_MODES], 60_000),
  );
  return { delayMs, greetingDelays: SLOW_GREETING_DELAYS, wallMs, delays: wallMs / delayMs };
}

/** A name with an IPv4 and an IPv6 address, the IPv6 server slower: both families together against the slower alone. */
async function dualStack(
  delayMs: number,
): Promise<
  { delayMs: number; v4Ms: number; v6Ms: number; bothMs: number; overSlowerDelays: number } | { skipped: string }
> {
  const v4 = await new FtpTestServer({ replyDelayMs: delayMs }, '127.0.0.1').start();
  const v6 = await new FtpTestServer({ replyDelayMs: Math.round(delayMs * 1.5) }, '::1')
    .start(v4.port)
    .catch(() => undefined);
  if (!v6) {
    await v4.stop();
    return { skipped: 'no IPv6 loopback on this machine' };
  }
  const transport: Transport = {
    ...nodeTransport,
    lookup: () =>
      Promise.resolve([
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ]),
  };
  try {
    const v4Ms = median([
      await timeProbe(v4.port, [...ALL_MODES], 10_000, 'bench.test', transport, 4),
      await timeProbe(v4.port, [...ALL_MODES], 10_000, 'bench.test', transport, 4),
    ]);
    const v6Ms = median([
      await timeProbe(v4.port, [...ALL_MODES], 10_000, 'bench.test', transport, 6),
      await timeProbe(v4.port, [...ALL_MODES], 10_000, 'bench.test', transport, 6),
    ]);
    const bothMs = median([
      await timeProbe(v4.port, [...ALL_MODES], 10_000, 'bench.test', transport),
      await timeProbe(v4.port, [...ALL_MODES], 10_000, 'bench.test', transport),
    ]);
    return { delayMs, v4Ms, v6Ms, bothMs, overSlowerDelays: (bothMs - Math.max(v4Ms, v6Ms)) / delayMs };
  } finally {
    await v4.stop();
    await v6.stop();
  }
}

/** A server that allows 2 connections per address: the modes that find no connection run one after another. */
async function connectionLimit(delayMs: number): Promise<{
  delayMs: number;
  unlimitedMs: number;
  limitedMs: number;
  extraModes: number;
  perExtraModeDelays: number;
}> {
  const unlimitedMs = median([
    await withServer({ replyDelayMs: delayMs }, (port) => timeProbe(port, [...ALL_MODES], 10_000)),
    await withServer({ replyDelayMs: delayMs }, (port) => timeProbe(port, [...ALL_MODES], 10_000)),
  ]);
  const limitedMs = median([
    await withServer({ replyDelayMs: delayMs, maxConnections: 2 }, (port) => timeProbe(port, [...ALL_MODES], 10_000)),
    await withServer({ replyDelayMs: delayMs, maxConnections: 2 }, (port) => timeProbe(port, [...ALL_MODES], 10_000)),
  ]);
  const extraModes = ALL_MODES.length - 2;
  return {
    delayMs,
    unlimitedMs,
    limitedMs,
    extraModes,
    perExtraModeDelays: (limitedMs - unlimitedMs) / delayMs / extraModes,
  };
}

async function withServer<T>(script: ServerScript, work: (port: number) => Promise<T>): Promise<T> {
  const server = await new FtpTestServer(script).start();
  try {
    return await work(server.port);
  } finally {
    await server.stop();
  }
}

async function criticalPath(delayMs: number): Promise<{ delayMs: number; wallMs: number; sequentialReplies: number }> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i += 1)
    runs.push(await withServer({ replyDelayMs: delayMs }, (port) => timeProbe(port, [...ALL_MODES], 10_000)));
  const wallMs = median(runs);
  return { delayMs, wallMs, sequentialReplies: wallMs / delayMs };
}

async function worstCase(
  modes: DataMode[],
  timeoutMs: number,
): Promise<{ modes: number; timeoutMs: number; wallMs: number; overTimeoutMs: number }> {
  const hang = () => new Promise<void>(() => undefined);
  const wallMs = await withServer({ handlers: { LIST: hang } }, (port) => timeProbe(port, modes, timeoutMs));
  return { modes: modes.length, timeoutMs, wallMs, overTimeoutMs: wallMs - timeoutMs };
}

function startup(args: string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - started);
  }
  return median(times);
}

/** 200 loopback targets through `ftp-doctor check`, as a CI job would run them; peak memory of that process. */
async function fleet(count: number, concurrency: number, replyDelayMs: number) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'dist', 'bench', 'servers.js'), String(count), String(replyDelayMs)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const ports = await new Promise<number[]>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as number[])),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bench-'));
  const targets = path.join(dir, 'targets.yml');
  const runCheck = (file: string) => measured(['check', file, '--json', '--timeout', '5']);
  try {
    const single = path.join(dir, 'single.yml');
    fs.writeFileSync(single, `targets:\n  - "127.0.0.1:${ports[0]}"\n`);
    const singleMs = median([runCheck(single).ms, runCheck(single).ms, runCheck(single).ms]);
    fs.writeFileSync(
      targets,
      `concurrency: ${concurrency}\ntargets:\n${ports.map((port) => `  - "127.0.0.1:${port}"`).join('\n')}\n`,
    );
    const result = runCheck(targets);
    if (result.code !== 0) throw new Error(`the fleet check exited ${result.code}`);
    return {
      count,
      concurrency,
      replyDelayMs,
      singleMs,
      wallMs: result.ms,
      ratio: result.ms / singleMs,
      peakRssMb: result.peakRssMb,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    child.stdin.end();
    await delay(50);
  }
}

/** `ftp-doctor audit` of a host with 5,000 firewall rules (in user chains, ranges and lists), as a whole command. */
function auditBench(ruleCount: number): { rules: number; wallMs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bench-audit-'));
  try {
    const rules = [
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':users - [0:0]',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A INPUT -p tcp -j users',
    ];
    for (let i = 0; i < ruleCount; i += 1) {
      const port = 1024 + ((i * 7919) % 60000);
      rules.push(
        i % 3 === 0
          ? `-A users -s 10.${i % 250}.0.0/16 -p tcp -m tcp --dport ${port} -j ACCEPT`
          : i % 3 === 1
            ? `-A users -p tcp -m multiport --dports ${port},${port + 2}:${port + 9} -j DROP`
            : `-A users -p udp -m udp --dport ${port} -j ACCEPT`,
      );
    }
    rules.push(
      '-A INPUT -p tcp --dport 21 -j ACCEPT',
      '-A INPUT -p tcp -m multiport --dports 40000:60000 -j ACCEPT',
      'COMMIT',
      '',
    );
    fs.writeFileSync(path.join(dir, 'rules.v4'), rules.join('\n'));
    fs.writeFileSync(path.join(dir, 'vsftpd.conf'), 'listen=YES\npasv_min_port=40000\npasv_max_port=60000\n');
    const args = [
      bin,
      'audit',
      '--server',
      'vsftpd',
      '--config',
      path.join(dir, 'vsftpd.conf'),
      '--firewall',
      path.join(dir, 'rules.v4'),
      '--json',
    ];
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      times.push(performance.now() - started);
      if (!run.stdout.includes('"kind": "audit"')) throw new Error(`the audit benchmark failed: ${run.stderr}`);
    }
    return { rules: ruleCount, wallMs: median(times) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** 200 scrapes at once of loopback targets; the exporter's peak memory as GNU time reports it. */
async function exporterLoad(
  scrapes: number,
): Promise<{ scrapes: number; failed: number; wallMs: number; peakRssMb: number }> {
  const servers = await Promise.all(Array.from({ length: 20 }, () => new FtpTestServer({ replyDelayMs: 10 }).start()));
  const exporter = await measuredExporter(scrapes);
  const port = exporter.port;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: scrapes }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/probe?target=ftp://${servers[i % servers.length]!.address}`, {
        headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '30' },
      })
        .then(
          async (response) => response.status === 200 && (await response.text()).includes('ftp_doctor_probe_success 1'),
        )
        .catch(() => false),
    ),
  );
  const wallMs = performance.now() - started;
  const peakRssMb = await exporter.stop();
  await Promise.all(servers.map((server) => server.stop()));
  return { scrapes, failed: results.filter((ok) => !ok).length, wallMs, peakRssMb };
}

/** `ftp-doctor exporter` under GNU time on a free port; stopping it (Ctrl-C) gives its peak memory. */
async function measuredExporter(maxConcurrent: number): Promise<{ port: number; stop(): Promise<number> }> {
  const child = spawn(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      process.execPath,
      bin,
      'exporter',
      '--listen',
      '127.0.0.1:0',
      '--max-concurrent',
      String(maxConcurrent),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (found) resolve(Number(found[1]));
    });
    child.once('exit', () => reject(new Error(`the exporter stopped: ${stderr}`)));
  });
  return {
    port,
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
      // The exporter is GNU time's child: Ctrl-C to it alone, so that time reports its peak memory.
      spawnSync('pkill', ['-INT', '-P', String(child.pid)]);
      await exited;
      return Number(stderr.trim().split('\n').at(-1)) / 1024;
    },
  };
}

/**
 * One exporter at a fleet's pace: 10,000 targets every 5 minutes is about 33
 * probes a second. Scrapes arrive at that rate for `seconds` (against 20 local
 * servers, one probe per scrape), each with a 10 s scrape timeout: its 95th
 * percentile, failures and the exporter's peak memory.
 */
async function exporterSteady(
  perSecond: number,
  seconds: number,
): Promise<{ perSecond: number; seconds: number; p95Ms: number; failed: number; peakRssMb: number }> {
  const servers = await Promise.all(Array.from({ length: 20 }, () => new FtpTestServer({ replyDelayMs: 10 }).start()));
  const exporter = await measuredExporter(100);
  const port = exporter.port;
  const scrape = async (i: number): Promise<{ ok: boolean; ms: number }> => {
    const started = performance.now();
    const ok = await fetch(`http://127.0.0.1:${port}/probe?target=ftp://${servers[i % servers.length]!.address}`, {
      headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '10' },
    })
      .then(
        async (response) => response.status === 200 && (await response.text()).includes('ftp_doctor_probe_success 1'),
      )
      .catch(() => false);
    return { ok, ms: performance.now() - started };
  };
  const pending: Array<Promise<{ ok: boolean; ms: number }>> = [];
  const started = performance.now();
  for (let i = 0; i < perSecond * seconds; i += 1) {
    // Paced as Prometheus spreads a job's scrapes over its interval.
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await delay(wait);
    pending.push(scrape(i));
  }
  const results = await Promise.all(pending);
  const peakRssMb = await exporter.stop();
  await Promise.all(servers.map((server) => server.stop()));
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    perSecond,
    seconds,
    p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    failed: results.filter((r) => !r.ok).length,
    peakRssMb,
  };
}

/** `check` on N targets (spread over 20 local servers) at --concurrency 200: time and peak memory, at 1,000 and 10,000. */
async function bigCheck(): Promise<Array<{ count: number; ms: number; peakRssMb: number; code: number | null }>> {
  const servers = await Promise.all(Array.from({ length: 20 }, () => new FtpTestServer().start()));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bench-check-'));
  try {
    const results = [];
    for (const count of [1000, 10_000]) {
      const file = path.join(dir, `targets-${count}.yml`);
      const lines = Array.from(
        { length: count },
        (_, i) => `  - { name: t${i}, target: "ftp://${servers[i % servers.length]!.address}", modes: [passive] }`,
      );
      fs.writeFileSync(file, `concurrency: 200\ntargets:\n${lines.join('\n')}\n`);
      // The check runs in a child process; the servers answer from this one.
      // The summary a CI log shows (text): a JSON report keeps every target's document, and grows with them.
      const run = await measuredAsync(['check', file, '--timeout', '10']);
      results.push({ count, ms: run.ms, peakRssMb: run.peakRssMb, code: run.code });
    }
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** measured(), without blocking this process (whose servers the command talks to); with keepOutput, its standard output too. */
async function measuredAsync(
  args: string[],
  keepOutput = false,
): Promise<{ ms: number; peakRssMb: number; code: number | null; stdout: string }> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], {
    stdio: ['ignore', keepOutput ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { ms: performance.now() - started, peakRssMb: Number(stderr.trim().split('\n').at(-1)) / 1024, code, stdout };
}

/** Runs the CLI under GNU time, which reports the peak resident set size of the process it runs, in KiB. */
function measured(args: string[]): { ms: number; peakRssMb: number; code: number | null; stdout: string } {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    ms: performance.now() - started,
    peakRssMb: Number(run.stderr.trim().split('\n').at(-1)) / 1024,
    code: run.status,
    stdout: run.stdout,
  };
}

/** A probe of a hostile server (one that floods replies, or dribbles its data) with long timeouts: its peak memory and time. */
async function hostileProbe(
  kind: 'flood' | 'dribble',
): Promise<{ kind: string; ms: number; peakRssMb: number; code: number | null }> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'bench', 'hostile-servers.js'), kind], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as number)),
  );
  try {
    const args = kind === 'flood' ? ['--timeout', '60', '--deadline', '120'] : ['--timeout', '60', '--deadline', '5'];
    const { ms, peakRssMb, code } = measured(['probe', `127.0.0.1:${port}`, '--json', ...args]);
    return { kind, ms, peakRssMb, code };
  } finally {
    child.stdin.end();
    await delay(50);
  }
}

/** `ftp-doctor analyze` of a FileZilla log of about 1 GB whose last session hangs. */
function longLog(megabytes: number): { megabytes: number; ms: number; peakRssMb: number; found: boolean } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bench-log-'));
  try {
    const file = path.join(dir, 'filezilla.log');
    const filler = Buffer.from(
      '2024-03-11 09:00:00 4412 1 Status: Directory listing of "/home/deploy" successful\n'.repeat(12_000),
    );
    const fd = fs.openSync(file, 'w');
    for (let written = 0; written < megabytes * 1024 * 1024; written += filler.length) fs.writeSync(fd, filler);
    const session = fs
      .readFileSync(path.join(root, 'fixtures', 'logs', 'filezilla-private-227-timeout.log'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    fs.writeSync(fd, `${session.join('\n')}\n`);
    fs.closeSync(fd);
    const run = measured(['analyze', file, '--json']);
    return { megabytes, ms: run.ms, peakRssMb: run.peakRssMb, found: run.stdout.includes('PASV_PRIVATE_ADDRESS') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `ftp-doctor analyze` of a capture of about 1 GB: web traffic on thousands
 * of connections, and, at its end, an FTP session whose passive data
 * connection is dropped.
 */
function bigCapture(megabytes: number): { megabytes: number; ms: number; peakRssMb: number; found: boolean } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bench-capture-'));
  try {
    const file = path.join(dir, 'big.pcap');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, pcapFile([]));
    const body = 'x'.repeat(1400);
    let t = 1_700_000_000_000;
    for (let written = 0, connection = 0; written < megabytes * 1024 * 1024; connection += 1) {
      // Each connection: a handshake and 40 full segments from the server, as a download would be.
      const client = { host: `203.0.113.${(connection % 200) + 1}`, port: 1024 + (connection % 60_000) };
      const server = { host: '192.0.2.80', port: 443 };
      const segments: Segment[] = [
        { t: (t += 1), src: client.host, dst: server.host, sport: client.port, dport: server.port, seq: 1, flags: 'S' },
        {
          t: (t += 1),
          src: server.host,
          dst: client.host,
          sport: server.port,
          dport: client.port,
          seq: 1,
          ack: 2,
          flags: 'SA',
        },
      ];
      for (let i = 0; i < 40; i += 1)
        segments.push({
          t: (t += 1),
          src: server.host,
          dst: client.host,
          sport: server.port,
          dport: client.port,
          seq: 2 + i * 1400,
          ack: 2,
          flags: 'PA',
          payload: body,
        });
      const bytes = pcapFile(segments).subarray(24);
      fs.writeSync(fd, bytes);
      written += bytes.length;
    }
    const session = new SessionScript({ host: '203.0.113.10', port: 40000 }, { host: '198.51.100.10', port: 21 });
    session.t = t + 1000;
    session.handshake().reply('220 ready').send('USER anonymous').reply('230 ok').send('PASV');
    session.reply('227 Entering Passive Mode (198,51,100,10,195,80).').dataConnection(50000, 'dropped');
    fs.writeSync(fd, pcapFile(session.segments).subarray(24));
    fs.closeSync(fd);
    const run = measured(['analyze', file, '--json']);
    return { megabytes, ms: run.ms, peakRssMb: run.peakRssMb, found: run.stdout.includes('PASV_DATA_TIMEOUT') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `ftp-doctor audit` of a ProFTPD configuration of about 10 MB, long continuation chains included. */
function bigConfig(megabytes: number): { megabytes: number; wallMs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bench-config-'));
  try {
    const block = `${Array.from({ length: 200 }, (_, i) => `# comment ${i} ${'x'.repeat(60)}\nDefaultRoot ~ \\\n  !adm \\\n  !wheel`).join('\n')}\n`;
    const parts = ['Port 21', 'PassivePorts 50000 50100'];
    for (let size = 0; size < megabytes * 1024 * 1024; size += block.length) parts.push(block);
    fs.writeFileSync(path.join(dir, 'proftpd.conf'), parts.join('\n'));
    fs.writeFileSync(path.join(dir, 'rules.v4'), '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n');
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [
        bin,
        'audit',
        '--server',
        'proftpd',
        '--config',
        path.join(dir, 'proftpd.conf'),
        '--firewall',
        path.join(dir, 'rules.v4'),
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const wallMs = performance.now() - started;
    if (!run.stdout.includes('"kind": "audit"')) throw new Error(`the config benchmark failed: ${run.stderr}`);
    return { megabytes, wallMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A 100 MB download from a loopback server with --transfer, against curl's of the same file in the same run;
 * then --transfers 1000 of a listing. Rates are the data connection's own (the probe's JSON, curl's speed_download).
 */
async function transferBench(): Promise<{
  ourRate: number;
  curlRate: number;
  peakRssMb: number;
  transfersMs: number;
  transfersRssMb: number;
  transfersWorked: number;
}> {
  const bytes = 100 * 1024 * 1024;
  const server = await new FtpTestServer({ files: { 'big.bin': { bytes } } }).start();
  try {
    const target = `127.0.0.1:${server.port}`;
    const ours = await measuredAsync(
      ['probe', target, '--modes', 'passive', '--transfer=big.bin', '--transfer-max', '128M', '--json'],
      true,
    );
    const document = JSON.parse(ours.stdout) as { modes: Array<{ download?: { bytes: number; transferMs: number } }> };
    const download = document.modes[0]?.download;
    if (!download || download.bytes !== bytes) throw new Error('the benchmark download did not complete');
    const curl = spawn('curl', ['-s', '-o', '/dev/null', '-w', '%{speed_download}', `ftp://${target}/big.bin`]);
    let speed = '';
    curl.stdout.on('data', (chunk: Buffer) => (speed += chunk.toString()));
    await new Promise((resolve) => curl.once('close', resolve));
    const many = await measuredAsync(
      ['probe', target, '--modes', 'passive', '--transfers', '1000', '--deadline', '120', '--json'],
      true,
    );
    const run = (JSON.parse(many.stdout) as { endurance?: { worked: number } }).endurance;
    return {
      ourRate: (download.bytes * 1000) / download.transferMs,
      curlRate: Number(speed),
      peakRssMb: ours.peakRssMb,
      transfersMs: many.ms,
      transfersRssMb: many.peakRssMb,
      transfersWorked: run?.worked ?? 0,
    };
  } finally {
    await server.stop();
  }
}

const transfers = await transferBench();
const flood = await hostileProbe('flood');
const dribble = await hostileProbe('dribble');
const log = longLog(1024);
const capture = bigCapture(1024);
const idle = await idleBench(6);
const steady = await exporterSteady(33, 30);
const checks = await bigCheck();
const config = bigConfig(10);
const critical = [await criticalPath(50), await criticalPath(100)];
const exporter = await exporterLoad(200);
const auditResult = auditBench(5000);
const greeting = await slowGreeting(50);
const dual = await dualStack(50);
const limited = await connectionLimit(50);
const worst = [
  await worstCase(['passive'], 2000),
  await worstCase(['passive', 'epsv'], 2000),
  await worstCase([...ALL_MODES], 2000),
];
const nodeMs = startup(['-e', '0']);
const versionMs = startup([bin, '--version']);
const helpMs = startup([bin, '--help']);
const fleetResult = await fleet(200, 50, 20);
const linear = linearBounds(bin);

const rows: Array<[string, string, string, string]> = [
  [
    '--transfer of 100 MB on loopback, against curl',
    `${(transfers.ourRate / 1024 / 1024).toFixed(0)} MB/s, ${Math.round((100 * transfers.ourRate) / transfers.curlRate)} % of curl's ${(transfers.curlRate / 1024 / 1024).toFixed(0)} MB/s; ${Math.round(transfers.peakRssMb)} MB`,
    "≥ 80 % of curl's rate, < 100 MB",
    transfers.ourRate >= 0.8 * transfers.curlRate && transfers.peakRssMb < 100 ? 'met' : 'MISSED',
  ],
  [
    '--transfers 1000 (listings) on loopback',
    `${Math.round(transfers.transfersMs)} ms, ${Math.round(transfers.transfersRssMb)} MB, ${transfers.transfersWorked} worked`,
    '< 60000 ms, < 150 MB, all 1000',
    transfers.transfersMs < 60_000 && transfers.transfersRssMb < 150 && transfers.transfersWorked === 1000
      ? 'met'
      : 'MISSED',
  ],
  ...critical.map((c): [string, string, string, string] => [
    `critical path, D=${c.delayMs} ms`,
    `${c.sequentialReplies.toFixed(2)} D (${Math.round(c.wallMs)} ms)`,
    `≤ ${MINIMUM_SEQUENTIAL_REPLIES + CRITICAL_PATH_MARGIN} D (minimum ${MINIMUM_SEQUENTIAL_REPLIES} + ${CRITICAL_PATH_MARGIN})`,
    c.sequentialReplies <= MINIMUM_SEQUENTIAL_REPLIES + CRITICAL_PATH_MARGIN ? 'met' : 'MISSED',
  ]),
  [
    `slow greeting, G=${greeting.greetingDelays} D`,
    `G + ${(greeting.delays - greeting.greetingDelays).toFixed(2)} D (${Math.round(greeting.wallMs)} ms)`,
    `≤ G + ${MINIMUM_SEQUENTIAL_REPLIES} D (minimum G + ${MINIMUM_SEQUENTIAL_REPLIES - 1})`,
    greeting.delays <= greeting.greetingDelays + MINIMUM_SEQUENTIAL_REPLIES ? 'met' : 'MISSED',
  ],
  'skipped' in dual
    ? ['dual-stack name', `not measured: ${dual.skipped}`, '≤ slower family + 2 D', 'skipped']
    : [
        'dual-stack name',
        `slower family + ${dual.overSlowerDelays.toFixed(2)} D (${Math.round(dual.bothMs)} ms)`,
        '≤ slower family + 2 D',
        dual.overSlowerDelays <= 2 ? 'met' : 'MISSED',
      ],
  [
    'connection limit (2), fallback',
    `${limited.perExtraModeDelays.toFixed(2)} D per extra mode`,
    `≤ ${ONE_MODE_DELAYS} D (one mode) per extra mode`,
    limited.perExtraModeDelays <= ONE_MODE_DELAYS ? 'met' : 'MISSED',
  ],
  [
    `audit, ${auditResult.rules} firewall rules`,
    `${Math.round(auditResult.wallMs)} ms (whole command)`,
    '< 1000 ms',
    auditResult.wallMs < 1000 ? 'met' : 'MISSED',
  ],
  [
    `exporter, ${exporter.scrapes} scrapes at once`,
    `${exporter.failed} failed, ${Math.round(exporter.wallMs)} ms`,
    'none failed',
    exporter.failed === 0 ? 'met' : 'MISSED',
  ],
  [
    'exporter, peak memory',
    `${Math.round(exporter.peakRssMb)} MB`,
    '< 150 MB',
    exporter.peakRssMb < 150 ? 'met' : 'MISSED',
  ],
  ...worst.map((w): [string, string, string, string] => [
    `worst case, ${w.modes} mode(s) hanging`,
    `timeout + ${Math.round(w.overTimeoutMs)} ms`,
    'timeout + 500 ms',
    w.overTimeoutMs <= 500 ? 'met' : 'MISSED',
  ]),
  [
    'start-up, --version',
    `node + ${Math.round(versionMs - nodeMs)} ms`,
    'node + 80 ms',
    versionMs - nodeMs <= 80 ? 'met' : 'MISSED',
  ],
  [
    'start-up, --help',
    `node + ${Math.round(helpMs - nodeMs)} ms`,
    'node + 80 ms',
    helpMs - nodeMs <= 80 ? 'met' : 'MISSED',
  ],
  [
    `fleet, ${fleetResult.count} at ${fleetResult.concurrency}`,
    `${fleetResult.ratio.toFixed(2)} × one probe (${Math.round(fleetResult.wallMs)} ms)`,
    '≤ 6 × one probe',
    fleetResult.ratio <= 6 ? 'met' : 'MISSED',
  ],
  [
    'fleet, peak memory',
    `${Math.round(fleetResult.peakRssMb)} MB`,
    '< 200 MB',
    fleetResult.peakRssMb < 200 ? 'met' : 'MISSED',
  ],
  [
    'probe of a flooding server, peak memory',
    `${Math.round(flood.peakRssMb)} MB (${Math.round(flood.ms)} ms, exit ${flood.code})`,
    '< 150 MB',
    flood.peakRssMb < 150 ? 'met' : 'MISSED',
  ],
  [
    'probe of a dribbling server, --deadline 5',
    `${Math.round(dribble.ms)} ms, ${Math.round(dribble.peakRssMb)} MB, exit ${dribble.code}`,
    '< 6000 ms, < 150 MB, exit 4',
    dribble.ms < 6000 && dribble.peakRssMb < 150 && dribble.code === 4 ? 'met' : 'MISSED',
  ],
  [
    `analyze, ${log.megabytes} MB log`,
    `${Math.round(log.ms)} ms, ${Math.round(log.peakRssMb)} MB${log.found ? '' : ', finding MISSING'}`,
    '< 60000 ms, < 200 MB',
    log.ms < 60_000 && log.peakRssMb < 200 && log.found ? 'met' : 'MISSED',
  ],
  [
    `exporter at ${steady.perSecond} probes/s for ${steady.seconds} s (10,000 targets every 5 min)`,
    `p95 ${Math.round(steady.p95Ms)} ms, ${steady.failed} failed, ${Math.round(steady.peakRssMb)} MB`,
    'p95 < 10000 ms (the scrape timeout), none failed, < 256 MB',
    steady.p95Ms < 10_000 && steady.failed === 0 && steady.peakRssMb < 256 ? 'met' : 'MISSED',
  ],
  ...checks.map((c): [string, string, string, string] => [
    `check, ${c.count.toLocaleString('en')} targets at --concurrency 200`,
    `${Math.round(c.ms)} ms, ${Math.round(c.peakRssMb)} MB, exit ${c.code}`,
    c.count === 10_000 ? '≤ 15 × the 1,000-target run, < 512 MB, exit 0' : 'exit 0',
    c.code === 0 && (c.count !== 10_000 || (c.ms <= 15 * checks[0]!.ms && c.peakRssMb < 512)) ? 'met' : 'MISSED',
  ]),
  [
    `--idle ${idle.idleS}, no timer on the way`,
    `${Math.round(idle.heldMs)} ms (one probe ${Math.round(idle.probeMs)} ms)`,
    `< ${idle.idleS * 1000} ms + one probe`,
    idle.heldMs < idle.idleS * 1000 + idle.probeMs ? 'met' : 'MISSED',
  ],
  [
    `--idle ${idle.idleS}, the server's own 3 s timer`,
    `${Math.round(idle.timerMs)} ms`,
    '< 3000 ms + one probe',
    idle.timerMs < 3000 + idle.probeMs ? 'met' : 'MISSED',
  ],
  [
    `analyze, ${capture.megabytes} MB capture`,
    `${Math.round(capture.ms)} ms, ${Math.round(capture.peakRssMb)} MB${capture.found ? '' : ', finding MISSING'}`,
    '< 30000 ms, < 200 MB',
    capture.ms < 30_000 && capture.peakRssMb < 200 && capture.found ? 'met' : 'MISSED',
  ],
  [
    `audit, ${config.megabytes} MB ProFTPD config`,
    `${Math.round(config.wallMs)} ms (whole command)`,
    '< 1000 ms',
    config.wallMs < 1000 ? 'met' : 'MISSED',
  ],
  ...linear,
];

const widths = [0, 1, 2, 3].map((i) =>
  Math.max(...rows.map((row) => row[i]!.length), ['benchmark', 'measured', 'target', 'result'][i]!.length),
);
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
const table = [
  line(['benchmark', 'measured', 'target', 'result']),
  `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
  ...rows.map(line),
].join('\n');
console.log(table);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  flood,
  dribble,
  log,
  config,
  critical,
  audit: auditResult,
  exporter,
  slowGreeting: greeting,
  dualStack: dual,
  connectionLimit: limited,
  worst,
  startup: { nodeMs, versionMs, helpMs },
  fleet: fleetResult,
  linear,
  minimumSequentialReplies: MINIMUM_SEQUENTIAL_REPLIES,
};
fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const template = fs.readFileSync(path.join(root, 'bench', 'BENCHMARKS.template.md'), 'utf8');
fs.writeFileSync(
  path.join(root, 'BENCHMARKS.md'),
  template
    .replace('{{TABLE}}', table)
    .replace('{{DATE}}', results.date.slice(0, 10))
    .replace('{{NODE}}', process.version),
);
console.log('wrote bench/results.json and BENCHMARKS.md');
process.exit(rows.some((row) => row[3] === 'MISSED') ? 1 : 0);
