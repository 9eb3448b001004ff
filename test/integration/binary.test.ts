/** The single-file binary (npm run build:binary), alone in a folder: no node_modules, no package.json beside it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/paths.js';

const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('the single-file binary', () => {
  it('built for this platform, runs the demo and reads a capture on its own', { timeout: 120_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-binary-'));
    try {
      const binary = path.join(dir, process.platform === 'win32' ? 'ftp-doctor.exe' : 'ftp-doctor');
      const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-binary.mjs'), binary], {
        encoding: 'utf8',
      });
      assert.equal(built.status, 0, built.stderr);
      assert.deepEqual(fs.readdirSync(dir), [path.basename(binary)], 'nothing but the binary');
      const run = (...args: string[]) => spawnSync(binary, args, { encoding: 'utf8', cwd: dir, timeout: 60_000 });
      assert.equal(run('--version').stdout.trim(), version);
      const demo = run('demo', '--format', 'json');
      assert.equal(demo.status, 0, demo.stderr);
      const reports = JSON.parse(demo.stdout) as Array<{ scenario: string; report: { verdict: { verdict: string } } }>;
      assert.equal(reports.find((r) => r.scenario === 'healthy')?.report.verdict.verdict, 'ok');
      const capture = run(
        'analyze',
        path.join(REPO_ROOT, 'fixtures', 'captures', 'server-nat-passive-dropped-client.pcap'),
        '--json',
      );
      assert.match(capture.stdout, /PASV_DATA_TIMEOUT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
