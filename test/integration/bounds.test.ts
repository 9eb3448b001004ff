/**
 * Small inputs with large effects: each is generated here, run through the
 * CLI in a process with a heap cap, and must end with the exit code and the
 * one line that names the cap it reached, never with the heap limit.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runBoundedCli } from '../support/bounded-cli.js';
import {
  bigBlocksCapture,
  longSessionsCapture,
  manySessionsCaptures,
  newlinesFirewall,
  outOfOrderCapture,
  passiveDigitsCapture,
  podsAndServices,
  replies234Capture,
  synFloodCapture,
} from '../support/hostile-inputs.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bounds-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

/** Far above what these take when read in one pass, even on a loaded machine; the benchmark is what checks their growth. */
const LINEAR_TIMEOUT_MS = 60_000;

/** Well above what the CLI needs to start and report; far below what the inputs took before their caps. */
const HEAP_MB = 192;

describe('YAML by volume: caps counted before parsing, one line naming the cap', () => {
  it('4 MB of empty documents in a Kubernetes manifest: the documents cap', async () => {
    const run = await runBoundedCli(['audit', '--kubernetes', write('empty.yaml', '---\n'.repeat(1 << 20))], {
      heapMb: HEAP_MB,
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^ftp-doctor: .*empty\.yaml:10000: holds more than 10000 YAML documents/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });
  it('2 MB nested a million deep, given to check: the nesting cap, in flow and in block style', async () => {
    for (const [name, text] of [
      ['flow.yml', `targets: ${'['.repeat(1 << 21)}`],
      ['block.yml', `targets:\n${'- '.repeat(1 << 20)}x\n`],
    ] as const) {
      const run = await runBoundedCli(['check', write(name, text)], { heapMb: HEAP_MB });
      assert.equal(run.code, 2, `${name}: ${run.stderr}`);
      assert.match(
        run.stderr,
        new RegExp(`${name.replace('.', '\\.')}:\\d+: holds more than 500 levels of YAML nesting`),
      );
    }
  });
  it('a flat list of two million values in the exporter configuration: the values cap', async () => {
    const run = await runBoundedCli(
      [
        'exporter',
        '--config',
        write('exporter.yml', `modules: [${'1,'.repeat(1 << 21)}1]\n`),
        '--listen',
        '127.0.0.1:0',
      ],
      { heapMb: HEAP_MB },
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /exporter\.yml:1: holds more than 200000 YAML values/);
  });
  it('a compose file of 100 services each publishing every port: one line, and the ranges never expanded', async () => {
    const services = Array.from(
      { length: 100 },
      (_, i) => `  ftp${i}:\n    image: fauria/vsftpd\n    ports: ["1-65535:1-65535"]`,
    ).join('\n');
    const run = await runBoundedCli(['audit', '--compose', write('ports.yml', `services:\n${services}\n`)], {
      heapMb: HEAP_MB,
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /ports\.yml:\d+: its services publish more than 1048576 ports in all/);
    // Sixteen services, just under the cap, are audited whole.
    const fewer = services
      .split('\n')
      .slice(0, 16 * 3)
      .join('\n');
    const audited = await runBoundedCli(['audit', '--compose', write('fewer.yml', `services:\n${fewer}\n`), '--json'], {
      heapMb: HEAP_MB,
    });
    assert.ok(audited.code === 0 || audited.code === 1, audited.stderr);
  });
});

interface AnalysisJson {
  kind?: string;
  exitCode: number;
  sessions?: Array<{ report: SessionJson }>;
}
interface SessionJson {
  exitCode: number;
  source?: { notShownCodes?: string[] };
  transcript: unknown[];
}
const sessionsOf = (stdout: string): SessionJson[] => {
  const document = JSON.parse(stdout) as AnalysisJson & SessionJson;
  return document.kind === 'analysis' ? document.sessions!.map((s) => s.report) : [document];
};

describe('captures: small files that expand, read in bounded memory, each cap said in the report', () => {
  it('one session of 50,000 lines of 8 KiB (under 1 MB gzipped): the session cap, a transcript of at most 2,001 lines', async () => {
    const file = write('long.pcap.gz', await longSessionsCapture(1, 50_000, 8192));
    const run = await runBoundedCli(['analyze', file, '--json'], { heapMb: HEAP_MB });
    assert.equal(run.code, 4, run.stderr);
    const [session] = sessionsOf(run.stdout);
    assert.ok(session!.source?.notShownCodes?.includes('capture-session-cap'));
    assert.ok(session!.transcript.length <= 2001, `${session!.transcript.length} transcript lines`);
    assert.ok(run.stdout.length < 4 * 1024 * 1024, `a ${run.stdout.length}-byte report`);
  });
  it('sixty thousand tiny sessions: the first 500 are read, and every report says the rest were not', async () => {
    const file = write('tiny.pcap.gz', await longSessionsCapture(60_000, 0, 0));
    const run = await runBoundedCli(['analyze', file, '--json'], { heapMb: HEAP_MB });
    assert.equal(run.code, 4, run.stderr);
    const sessions = sessionsOf(run.stdout);
    assert.ok(sessions.length <= 500 && sessions.length > 1, `${sessions.length} sessions`);
    assert.ok(sessions.every((s) => s.source?.notShownCodes?.includes('capture-sessions-cap')));
    assert.equal((JSON.parse(run.stdout) as AnalysisJson).exitCode, run.code, 'one exit code, in the document too');
  });
  it('200,000 one-byte segments out of order: what was given up is said as such, never as bytes the capture lacks', async () => {
    const file = write('reordered.pcap.gz', outOfOrderCapture(200_000));
    const run = await runBoundedCli(['analyze', file, '--json'], { heapMb: HEAP_MB });
    assert.equal(run.code, 4, run.stderr);
    const [session] = sessionsOf(run.stdout);
    assert.ok(session!.source?.notShownCodes?.includes('capture-reorder-cap'));
    assert.ok(!session!.source?.notShownCodes?.includes('capture-gaps'));
  });
});

describe('inputs that were quadratic: each is read in one pass (the benchmark doubles them)', () => {
  it(
    '500 227 replies of 8 KiB of digits: each reply is one failed match, the PASV not understood',
    { timeout: LINEAR_TIMEOUT_MS },
    async () => {
      const run = await runBoundedCli(['analyze', write('digits.pcap.gz', passiveDigitsCapture(2000)), '--json'], {
        heapMb: HEAP_MB,
      });
      assert.ok(run.code === 1 || run.code === 4, run.stderr);
    },
  );
  for (const [name, what, input] of [
    ['234.pcap.gz', '20,000 234 replies in one session', () => replies234Capture(20_000)],
    ['syns.pcap.gz', '400,000 retransmitted SYNs', () => synFloodCapture(400_000)],
    ['blocks.pcapng.gz', 'four 16 MiB pcapng blocks, gzipped', () => bigBlocksCapture(4)],
  ] as const)
    it(`${what}: read`, { timeout: LINEAR_TIMEOUT_MS }, async () => {
      const run = await runBoundedCli(['analyze', write(name, input()), '--json'], { heapMb: HEAP_MB });
      assert.ok([0, 1, 4].includes(run.code ?? -1), `${name}: ${run.stderr}`);
    });
  it('two captures of 15,000 sessions each, paired', { timeout: LINEAR_TIMEOUT_MS }, async () => {
    const plain = manySessionsCaptures(15_000);
    const run = await runBoundedCli(
      ['analyze', write('c.pcap.gz', plain.client), '--server-capture', write('s.pcap.gz', plain.server), '--json'],
      { heapMb: HEAP_MB },
    );
    assert.ok([0, 1, 4].includes(run.code ?? -1), run.stderr);
  });
  it('30,000 AUTH TLS sessions', { timeout: LINEAR_TIMEOUT_MS }, async () => {
    const tls = manySessionsCaptures(30_000, true);
    const encrypted = await runBoundedCli(['analyze', write('tls.pcap.gz', tls.client), '--json'], {
      heapMb: HEAP_MB,
    });
    assert.ok([0, 1, 4].includes(encrypted.code ?? -1), encrypted.stderr);
  });
  it(
    '4,000 pods and 4,000 Services that select none; a --firewall file of 200 KB of line breaks',
    { timeout: LINEAR_TIMEOUT_MS },
    async () => {
      const k8s = await runBoundedCli(['audit', '--kubernetes', write('k.yaml', podsAndServices(4000)), '--json'], {
        heapMb: HEAP_MB,
      });
      assert.ok([0, 1, 4].includes(k8s.code ?? -1), k8s.stderr);
      const firewall = await runBoundedCli(
        [
          'audit',
          '--server',
          'vsftpd',
          '--config',
          write('vsftpd.conf', 'listen=YES\n'),
          '--firewall',
          write('netsh.txt', `${newlinesFirewall(200_000)}Rule Name: ftp\n`),
          '--json',
        ],
        { heapMb: HEAP_MB },
      );
      assert.ok([0, 1, 2, 4].includes(firewall.code ?? -1), firewall.stderr);
    },
  );
});
