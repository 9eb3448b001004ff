import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { makeCertificate } from '../support/certificates.js';
import { probeScript } from '../support/probe-server.js';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';

const certificate = makeCertificate();
const skip = certificate ? false : 'openssl is not installed';

describe('FTPS against the scriptable server', { skip }, () => {
  const tls = certificate!;

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`explicit TLS (${version}): every mode works over PROT P, data connections resume the session`, async () => {
      const { record, codes } = await probeScript(
        { tls: { ...tls, requireReuse: true } },
        { tls: 'explicit', insecure: true, tlsVersion: version },
      );
      assert.equal(record.control.tls?.handshake?.protocol, version);
      assert.deepEqual(codes, ['CCC_NOT_SUPPORTED', 'TLS_CERT_INVALID', 'TLS_SESSION_REUSE_REQUIRED']);
      for (const mode of record.modes) {
        assert.equal(mode.dataTls?.outcome, 'ok', mode.mode);
        assert.equal(mode.dataTls?.resumed, true, `${mode.mode} did not resume`);
        assert.equal(mode.phase, 'done', mode.mode);
      }
      assert.equal(record.reuseCheck?.dataTls?.offeredSession, false);
    });
  }

  it('a server that does not insist on resumption: no TLS_SESSION_REUSE_REQUIRED', async () => {
    const { codes, diagnosis } = await probeScript({ tls }, { tls: 'explicit', insecure: true, modes: ['passive'] });
    assert.deepEqual(codes, ['CCC_NOT_SUPPORTED', 'TLS_CERT_INVALID']);
    // Accepted with --insecure: reported as a warning, so a self-signed internal server can pass a gate.
    assert.equal(diagnosis.findings.find((f) => f.code === 'TLS_CERT_INVALID')?.severity, 'warning');
    assert.equal(diagnosis.verdict.verdict, 'ok');
  });

  it('implicit TLS from the first byte', async () => {
    const { record, codes } = await probeScript(
      { tls: { ...tls, implicit: true } },
      { tls: 'implicit', insecure: true, modes: ['passive', 'epsv'] },
    );
    assert.equal(record.control.tls?.mode, 'implicit');
    assert.ok(codes.includes('TLS_CERT_INVALID'));
    assert.deepEqual(
      record.modes.map((m) => m.phase),
      ['done', 'done'],
    );
  });

  it('a self-signed certificate stops the probe before the login unless --insecure', async () => {
    const { record, codes, diagnosis } = await probeScript(
      { tls, users: { bob: 'secret-pw' } },
      { tls: 'explicit' },
      { user: 'bob', password: 'secret-pw' },
    );
    assert.deepEqual(codes, ['TLS_CERT_INVALID']);
    assert.equal(record.control.tls?.stoppedAtCertificate, true);
    assert.equal(record.control.login, undefined);
    assert.ok(!record.transcript.some((e) => e.text.startsWith('PASS')));
    assert.ok(diagnosis.modes.every((m) => m.status === 'not_tested'));
    assert.match(diagnosis.findings[0]?.explanation ?? '', /self-signed|self signed/);
    assert.equal(diagnosis.findings[0]?.severity, 'error');
    assert.equal(diagnosis.verdict.verdict, 'failed');
  });

  it('--tls explicit against a server without TLS: TLS_NOT_OFFERED', async () => {
    const { codes, diagnosis } = await probeScript({}, { tls: 'explicit' });
    assert.deepEqual(codes, ['TLS_NOT_OFFERED']);
    assert.ok(diagnosis.modes.every((m) => m.status === 'not_tested'));
  });

  it('--tls explicit against a server that does not understand AUTH: failed, exit 1, and the control connection is reported as made', async () => {
    const server = await new FtpTestServer({ handlers: { AUTH: (s) => s.reply('500 AUTH not understood') } }).start();
    try {
      const run = await runCli(['probe', server.address, '--tls', 'explicit', '--json', '--timeout', '2']);
      const document = JSON.parse(run.stdout);
      assert.deepEqual(
        document.findings.map((f: { code: string; severity: string }) => [f.code, f.severity]),
        [['TLS_NOT_OFFERED', 'error']],
      );
      assert.equal(document.verdict.verdict, 'failed');
      assert.equal(run.code, 1);
      assert.equal(document.exitCode, 1);
      assert.equal(document.vantage.localAddress, '127.0.0.1');
      const text = await runCli(['probe', server.address, '--tls', 'explicit', '--timeout', '2']);
      assert.doesNotMatch(text.stdout, /no connection to .* could be made|no control connection/);
    } finally {
      await server.stop();
    }
  });

  it('--tls auto against a server without TLS goes on in plain FTP', async () => {
    const { codes, diagnosis } = await probeScript({}, { tls: 'auto' });
    assert.deepEqual(codes, ['TLS_NOT_OFFERED']);
    assert.equal(diagnosis.verdict.verdict, 'ok');
  });

  it('--tls implicit against a plain FTP port: the handshake fails, said so', async () => {
    const { codes } = await probeScript({}, { tls: 'implicit', modes: ['passive'] });
    assert.deepEqual(codes, ['TLS_HANDSHAKE_FAILED']);
  });

  it('plain and TLS passive addresses differ: TLS_HIDES_ADDRESS_FROM_ALG', async () => {
    // Acts out a router helper: the plain reply carries the right address, the encrypted one the private address.
    const server = new FtpTestServer({
      tls,
      handlers: {
        PASV: async (s) => {
          const port = await s.openPassive();
          const host = s.socket instanceof (await import('node:tls')).TLSSocket ? '10.88.1.10' : '127.0.0.1';
          return s.reply(`227 Entering Passive Mode (${host.split('.').join(',')},${port >> 8},${port & 255}).`);
        },
      },
    });
    await server.start();
    try {
      const run = await runCli([
        'probe',
        `ftpes://${server.address}`,
        '--insecure',
        '--json',
        '--timeout',
        '1',
        '--modes',
        'passive',
      ]);
      const document = JSON.parse(run.stdout);
      const codes = document.findings.map((f: { code: string }) => f.code).sort();
      assert.ok(codes.includes('TLS_HIDES_ADDRESS_FROM_ALG'), codes.join());
      assert.ok(codes.includes('PASV_PRIVATE_ADDRESS'));
    } finally {
      await server.stop();
    }
  });

  it('the password never appears, over TLS either', async () => {
    const secret = 'TlsSecret-99';
    const server = await new FtpTestServer({ tls, users: { bob: secret }, anonymous: false }).start();
    try {
      const run = await runCli(
        ['probe', `ftpes://bob@${server.address}`, '--insecure', '--transcript', '--timeout', '1'],
        { env: { FTP_PASSWORD: secret } },
      );
      assert.ok(!run.stdout.includes(secret));
      assert.match(run.stdout, /PASS \*\*\*\*/);
    } finally {
      await server.stop();
    }
  });
});
