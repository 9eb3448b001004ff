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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bounds-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

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
