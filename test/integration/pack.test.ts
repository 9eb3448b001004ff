/** What users install works, not only the checkout: pack, install the tarball elsewhere, run it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/paths.js';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 240_000 });
}

describe('the packed package', () => {
  it('installs from its tarball and runs --version and demo', { timeout: 300_000 }, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-pack-'));
    try {
      // npm test has just built dist/: packing without `prepare` packs that build instead of compiling it again.
      const packed = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], REPO_ROOT);
      assert.equal(packed.status, 0, packed.stderr);
      const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1) ?? '');
      assert.ok(fs.existsSync(tarball), `no tarball: ${packed.stdout}`);
      const app = path.join(work, 'app');
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), '{"name":"pack-check","private":true}\n');
      // The dependencies are bundled in the tarball: it installs offline with an empty npm cache, as on a fresh machine; tests reach no registry.
      const emptyCache = path.join(work, 'npm-cache');
      const installed = run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], app, {
        ...process.env,
        npm_config_cache: emptyCache,
      });
      assert.equal(installed.status, 0, installed.stderr);
      const bin = path.join(app, 'node_modules', '.bin', 'ftp-doctor');
      const version = run(bin, ['--version'], app);
      assert.equal(version.status, 0, version.stderr);
      assert.equal(
        version.stdout.trim(),
        JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version,
      );
      const demo = run(bin, ['demo'], app, { ...process.env, NO_COLOR: '1' });
      assert.equal(demo.status, 0, demo.stderr);
      assert.match(demo.stdout, /PASV_PRIVATE_ADDRESS/);
      assert.match(demo.stdout, /Demo 5\/5/);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
