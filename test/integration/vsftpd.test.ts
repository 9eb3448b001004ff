/** The probe against Debian's real vsftpd on loopback, with the project's own config. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { startVsftpd, vsftpdUnavailable } from '../support/vsftpd.js';

const unavailable = vsftpdUnavailable();
if (unavailable) console.log(`vsftpd tests skipped: ${unavailable}`);

describe('real vsftpd on 127.0.0.1', { skip: unavailable }, () => {
  it('a healthy vsftpd: verdict ok, every mode works, exit 0', async () => {
    const server = await startVsftpd();
    try {
      const run = await runCli(['probe', `127.0.0.1:${server.port}`, '--json', '--timeout', '2']);
      const document = JSON.parse(run.stdout);
      assert.equal(run.code, 0, run.stdout);
      assert.equal(document.verdict.verdict, 'ok');
      assert.equal(document.control.software.id, 'vsftpd');
      assert.deepEqual(
        document.modes.map((m: { status: string }) => m.status),
        ['ok', 'ok', 'ok', 'ok'],
      );
      assert.deepEqual(
        document.findings.map((f: { code: string }) => f.code),
        ['ALL_MODES_OK'],
      );
    } finally {
      await server.stop();
    }
  });

  // vsftpd delays a failed login by a second or two (delay_failed_login, PAM).
  it('anonymous off: LOGIN_FAILED with the vsftpd fix, exit 1', async () => {
    const server = await startVsftpd(['--no-anonymous']);
    try {
      const run = await runCli(['probe', `127.0.0.1:${server.port}`, '--json', '--timeout', '5']);
      const document = JSON.parse(run.stdout);
      assert.equal(run.code, 1);
      assert.deepEqual(
        document.findings.map((f: { code: string }) => f.code),
        ['LOGIN_FAILED'],
      );
      assert.match(document.findings[0].fix, /anonymous_enable=YES/);
    } finally {
      await server.stop();
    }
  });
});
