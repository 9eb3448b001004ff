import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/report/formats.js';
import { runCli } from '../support/cli.js';
import { pcapFile, SessionScript } from '../support/pcap-writer.js';
import { REPO_ROOT } from '../support/paths.js';

const captures = path.join(REPO_ROOT, 'fixtures', 'captures');
const file = (name: string): string => path.join(captures, name);

interface Expected {
  side: 'client' | 'server';
  codes: string[];
  verdict: string;
}

/** Each lab capture (fixtures/captures/NAME.txt says how it was made): the side it is from, and what it must give. */
const EXPECTED: Record<string, Expected> = {
  'healthy-client.pcap': { side: 'client', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  'healthy-server.pcap': { side: 'server', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  'healthy-client.pcapng': { side: 'client', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  'client-nat-alg-active-client.pcap': {
    side: 'client',
    codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ALG_REWRITE_SUSPECTED'],
    verdict: 'ok',
  },
  'server-nat-private-227-client.pcap': {
    side: 'client',
    codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'degraded',
  },
  // From the server alone: a private 227 handed to a client on a public address.
  'server-nat-private-227-server.pcap': { side: 'server', codes: ['PASV_PRIVATE_ADDRESS'], verdict: 'degraded' },
  'server-nat-passive-dropped-client.pcap': { side: 'client', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  'server-nat-passive-dropped-server.pcapng': { side: 'server', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  'server-nat-passive-rejected-client.pcap': { side: 'client', codes: ['PASV_DATA_REFUSED'], verdict: 'failed' },
  'ipv6-epsv-dropped-client.pcap': { side: 'client', codes: ['EPSV_DATA_TIMEOUT'], verdict: 'failed' },
  // Under TLS the commands cannot be read, but the data connection is still TCP: refused, since the helper could not open the port.
  'ftps-behind-nat-alg-client.pcap': { side: 'client', codes: ['TLS_DATA_CONNECTION_FAILED'], verdict: 'failed' },
};

/** Both sides of one session: what only the two together show. */
const PAIRS: Record<string, string[]> = {
  'client-nat-alg-active': ['MIDDLEBOX_NAT', 'MIDDLEBOX_REWROTE_PORT'],
  'server-nat-alg': ['MIDDLEBOX_NAT', 'MIDDLEBOX_REWROTE_PASSIVE_REPLY'],
  'server-nat-passive-dropped': ['DATA_LOST_BETWEEN_CAPTURES', 'MIDDLEBOX_NAT'],
  healthy: [],
};

interface Report {
  verdict: { verdict: string };
  findings: Array<{ code: string }>;
  source: { side: string; kind?: string; format: string };
  exitCode: number;
}

async function analyze(...args: string[]): Promise<{ code: number; report: Report; stdout: string }> {
  const run = await runCli(['analyze', ...args, '--json']);
  assert.equal(run.stderr, '', args.join(' '));
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stdout: run.stdout };
}

describe('analyze: lab captures, one side', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const { code, report } = await analyze(file(name));
      assert.equal(report.source.kind, 'capture');
      assert.equal(report.source.format, name.endsWith('ng') ? 'pcapng' : 'pcap');
      assert.equal(report.source.side, expected.side, 'the side, told from the TTLs');
      assert.deepEqual(report.findings.map((f) => f.code).sort(), [...expected.codes].sort());
      assert.equal(report.verdict.verdict, expected.verdict);
      assert.equal(code, report.exitCode);
    });
  }
});

describe('analyze: a capture from each side', () => {
  for (const [name, codes] of Object.entries(PAIRS)) {
    it(`${name}: ${codes.join(', ') || 'nothing changed on the way'}`, async () => {
      const middlebox = [
        'MIDDLEBOX_NAT',
        'MIDDLEBOX_REWROTE_PORT',
        'MIDDLEBOX_REWROTE_PASSIVE_REPLY',
        'DATA_LOST_BETWEEN_CAPTURES',
      ];
      for (const args of [
        [file(`${name}-client.pcap`), file(`${name}-server.pcap`)],
        // The order given does not matter: each capture says which side it is from.
        [file(`${name}-server.pcap`), '--server-capture', file(`${name}-client.pcap`)],
      ]) {
        const { report } = await analyze(...args);
        assert.equal(report.source.side, 'client', 'reported from the client, the side that hangs');
        const found = report.findings.map((f) => f.code).filter((code) => middlebox.includes(code));
        assert.deepEqual(found.sort(), [...codes].sort(), args.join(' '));
      }
    });
  }
  it('the other file must be a capture', async () => {
    const run = await runCli([
      'analyze',
      file('healthy-client.pcap'),
      path.join(REPO_ROOT, 'fixtures', 'logs', 'curl-private-227.log'),
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /is not a pcap or pcapng capture/);
  });
});

describe('analyze: compressed files', () => {
  it('reads capture.pcap.gz and log.gz as it reads them plain, and a gzip stream cut short as far as it goes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-gz-'));
    try {
      const capture = path.join(dir, 'dropped.pcap.gz');
      fs.writeFileSync(capture, zlib.gzipSync(fs.readFileSync(file('server-nat-passive-dropped-client.pcap'))));
      const plain = await analyze(file('server-nat-passive-dropped-client.pcap'));
      const packed = await analyze(capture);
      assert.deepEqual(
        packed.report.findings.map((f) => f.code),
        plain.report.findings.map((f) => f.code),
      );
      const log = path.join(dir, 'curl.log.gz');
      fs.writeFileSync(
        log,
        zlib.gzipSync(fs.readFileSync(path.join(REPO_ROOT, 'fixtures', 'logs', 'curl-private-227.log'))),
      );
      const fromLog = await analyze(log);
      assert.deepEqual(fromLog.report.findings.map((f) => f.code).sort(), [
        'PASV_FALLBACK_WORKS',
        'PASV_PRIVATE_ADDRESS',
      ]);
      const whole = zlib.gzipSync(fs.readFileSync(file('healthy-client.pcap')));
      const cut = path.join(dir, 'cut.pcap.gz');
      fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.7)));
      const run = await runCli(['analyze', cut, '--json']);
      assert.ok(run.code === 0 || run.code === 1 || run.code === 2 || run.code === 4, `exit ${run.code}`);
      assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'no stack trace');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('analyze: captures are untrusted input', () => {
  it('a password in the capture is shown in no format', async () => {
    const script = new SessionScript(
      { host: '203.0.113.10', port: 40000 },
      { host: '198.51.100.10', port: 21 },
    ).handshake();
    script.reply('220 ready').send('USER deploy').reply('331 password').send('PASS hunter2-secret').reply('230 ok');
    script.send('PASV').reply('227 Entering Passive Mode (198,51,100,10,195,80).').dataConnection(50000, 'dropped');
    const binaryFiles = { 'login.pcap': pcapFile(script.segments) };
    for (const format of FORMATS) {
      const run = await runCli(['analyze', 'login.pcap', '--format', format, '--transcript'], { binaryFiles });
      assert.doesNotMatch(run.stdout + run.stderr, /hunter2/, format);
    }
  });
  it('a capture without FTP, and a file that is no capture at all, get one line each', async () => {
    const script = new SessionScript(
      { host: '203.0.113.10', port: 40000 },
      { host: '198.51.100.10', port: 443 },
    ).handshake();
    const none = await runCli(['analyze', 'web.pcap'], { binaryFiles: { 'web.pcap': pcapFile(script.segments) } });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^ftp-doctor: web\.pcap holds 3 packets and 1 TCP connections, but no FTP control connection/,
    );
    assert.equal(none.stderr.trim().split('\n').length, 1);
    const header = pcapFile([]).subarray(0, 10);
    const cut = await runCli(['analyze', 'cut.pcap'], { binaryFiles: { 'cut.pcap': header } });
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /too short to be a capture/);
  });
});

// Wireshark's reading of the same files, where tshark is installed (CI installs it): the same packets, TCP connections and FTP commands.
const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
describe('analyze: captures read as Wireshark reads them', { skip: tshark ? false : 'tshark is not installed' }, () => {
  it('the same number of packets, TCP connections and FTP commands in every lab capture', async () => {
    const { readCaptureSync } = await import('../../src/commands/analyze/capture/read-capture.js');
    for (const name of fs.readdirSync(captures).filter((f) => /\.pcap(ng)?$/.test(f))) {
      const read = readCaptureSync([fs.readFileSync(file(name))]);
      // One tshark run a capture (it takes a second to start): each frame's number, TCP stream and FTP verbs.
      const rows = spawnSync(
        'tshark',
        [
          '-r',
          file(name),
          '-T',
          'fields',
          '-E',
          'separator=\t',
          '-e',
          'frame.number',
          '-e',
          'tcp.stream',
          '-e',
          'ftp.request.command',
        ],
        { encoding: 'utf8' },
      )
        .stdout.split('\n')
        .filter(Boolean)
        .map((row) => row.split('\t'));
      assert.equal(read.packets, rows.length, `${name}: packets`);
      const streams = new Set(rows.map((row) => row[1]).filter(Boolean));
      assert.equal(read.tcpConnections, streams.size, `${name}: TCP connections`);
      const commands = read.sessions.flatMap((s) => s.session.lines.filter((l) => l.fromClient));
      // Wireshark decodes FTP on port 21 only (every lab session is there), and after AUTH TLS takes TLS records for commands without a verb.
      const verbs = rows.flatMap((row) => (row[2] ?? '').split(',')).filter((verb) => /^[A-Z]{3,4}$/.test(verb));
      assert.equal(commands.length, verbs.length, `${name}: FTP commands`);
    }
  });
});
