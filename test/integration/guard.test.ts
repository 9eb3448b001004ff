/** The network guard itself must be able to fail: a test that cannot fail is a defect. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/paths.js';

describe('network guard', () => {
  it('refuses and logs a connection outside loopback, and a DNS lookup', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, 'log');
    const script = `
      import net from 'node:net';
      import dns from 'node:dns';
      let refused = 0;
      try { net.connect({ host: '10.255.255.1', port: 21 }); } catch (e) { if (e.code === 'EGUARD') refused++; }
      try { await dns.promises.lookup('example.com'); } catch (e) { if (e.code === 'EGUARD') refused++; }
      const ok = net.connect({ host: '127.0.0.1', port: 9 }); ok.on('error', () => {});
      console.log(refused);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        NODE_OPTIONS: `--import=${path.join(REPO_ROOT, 'dist/test/support/net-guard.js')}`,
        FTP_DOCTOR_GUARD_LOG: log,
      },
      encoding: 'utf8',
    });
    assert.equal(run.stdout.trim(), '2', run.stderr);
    const logged = fs.readFileSync(log, 'utf8');
    assert.match(logged, /connect to 10\.255\.255\.1 port 21/);
    assert.match(logged, /DNS lookup of example\.com/);
    assert.doesNotMatch(logged, /127\.0\.0\.1/);
  });
});
