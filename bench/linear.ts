/**
 * Inputs that were once quadratic, each run at a size and at twice that
 * size: the time may at most double, plus a margin for noise (start-up and
 * scheduling). A row per bound; the generators are the tests' own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bigBlocksCapture,
  manySessionsCaptures,
  newlinesFirewall,
  outOfOrderCapture,
  passiveDigitsCapture,
  podsAndServices,
  replies234Capture,
  synFloodCapture,
} from '../test/support/hostile-inputs.js';

/** What doubling may add beyond twice the time: start-up and noise. */
const NOISE_MS = 500;

interface Shape {
  name: string;
  /** The input at size n, as the files to write and the CLI's arguments. */
  at(n: number): { files: Record<string, string | Buffer>; args: (dir: string) => string[] };
  n: number;
}

const SHAPES: Shape[] = [
  {
    name: '227 replies of 8 KiB digits',
    n: 1000,
    at: (n) => ({ files: { 'c.pcap.gz': passiveDigitsCapture(n) }, args: (d) => ['analyze', `${d}/c.pcap.gz`] }),
  },
  {
    name: '234 replies in one session',
    n: 10_000,
    at: (n) => ({ files: { 'c.pcap.gz': replies234Capture(n) }, args: (d) => ['analyze', `${d}/c.pcap.gz`] }),
  },
  {
    name: 'one-byte segments out of order',
    n: 100_000,
    at: (n) => ({ files: { 'c.pcap.gz': outOfOrderCapture(n) }, args: (d) => ['analyze', `${d}/c.pcap.gz`] }),
  },
  {
    name: 'retransmitted SYNs',
    n: 200_000,
    at: (n) => ({ files: { 'c.pcap.gz': synFloodCapture(n) }, args: (d) => ['analyze', `${d}/c.pcap.gz`] }),
  },
  {
    name: '16 MiB pcapng blocks, gzipped',
    n: 2,
    at: (n) => ({ files: { 'c.pcapng.gz': bigBlocksCapture(n) }, args: (d) => ['analyze', `${d}/c.pcapng.gz`] }),
  },
  {
    name: 'sessions paired across two captures',
    n: 7500,
    at: (n) => {
      const { client, server } = manySessionsCaptures(n);
      return {
        files: { 'c.pcap.gz': client, 's.pcap.gz': server },
        args: (d) => ['analyze', `${d}/c.pcap.gz`, '--server-capture', `${d}/s.pcap.gz`],
      };
    },
  },
  {
    name: 'AUTH TLS sessions',
    n: 15_000,
    at: (n) => ({
      files: { 'c.pcap.gz': manySessionsCaptures(n, true).client },
      args: (d) => ['analyze', `${d}/c.pcap.gz`],
    }),
  },
  {
    name: 'pods and Services that select none',
    n: 2000,
    at: (n) => ({ files: { 'k.yaml': podsAndServices(n) }, args: (d) => ['audit', '--kubernetes', `${d}/k.yaml`] }),
  },
  {
    name: 'line breaks in a netsh --firewall file',
    n: 1_000_000,
    at: (n) => ({
      files: { 'fw.txt': `${newlinesFirewall(n)}Rule Name: ftp\n`, 'vsftpd.conf': 'listen=YES\n' },
      args: (d) => ['audit', '--server', 'vsftpd', '--config', `${d}/vsftpd.conf`, '--firewall', `${d}/fw.txt`],
    }),
  },
];

function timed(bin: string, shape: Shape, n: number): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bench-linear-'));
  try {
    const input = shape.at(n);
    for (const [name, content] of Object.entries(input.files)) fs.writeFileSync(path.join(dir, name), content);
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, ...input.args(dir), '--json'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    if (run.status === null || run.status === 3) throw new Error(`${shape.name} at ${n}: ${run.stderr}`);
    return ms;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function linearBounds(bin: string): Array<[string, string, string, string]> {
  return SHAPES.map((shape) => {
    const once = timed(bin, shape, shape.n);
    const twice = timed(bin, shape, 2 * shape.n);
    return [
      `linear: ${shape.name}, ${shape.n.toLocaleString('en')} → ${(2 * shape.n).toLocaleString('en')}`,
      `${Math.round(once)} → ${Math.round(twice)} ms`,
      `≤ 2 × + ${NOISE_MS} ms`,
      twice <= 2 * once + NOISE_MS ? 'met' : 'MISSED',
    ];
  });
}
