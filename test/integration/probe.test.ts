import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { DEFAULT_HANDLERS, delay } from '../../src/commands/demo/ftp-server.js';
import { DEMO_SCENARIOS } from '../../src/commands/demo/scenarios.js';
import { violations } from '../support/net-guard.js';
import { probeScript } from '../support/probe-server.js';

const scenario = (name: string) => {
  const found = DEMO_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(name);
  return found.script;
};

describe('probe against the scriptable server on loopback', () => {
  it('healthy: every mode ok', async () => {
    const { codes, diagnosis } = await probeScript(scenario('healthy'));
    assert.deepEqual(codes, ['ALL_MODES_OK']);
    assert.equal(diagnosis.verdict.verdict, 'ok');
    assert.deepEqual(
      diagnosis.modes.map((m) => m.status),
      ['ok', 'ok', 'ok', 'ok'],
    );
  });

  it('server behind NAT: reports the private 227 address and never connects to it', async () => {
    const { codes, diagnosis, record } = await probeScript(scenario('server-behind-nat'));
    assert.deepEqual(codes, ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS']);
    assert.equal(diagnosis.verdict.verdict, 'degraded');
    const passive = record.modes.find((m) => m.mode === 'passive');
    assert.equal(passive?.dataTarget?.host, '127.0.0.1');
    assert.equal(passive?.dataTarget?.advertisedSkipped, true);
    assert.ok(!record.transcript.some((e) => e.kind === 'event' && /^connecting to 10\.20\.0\.2/.test(e.text)));
    assert.deepEqual(violations, []);
  });

  it('a hostile 227 naming a public address is not followed from loopback', async () => {
    const { record } = await probeScript({ pasvAddress: '8.8.8.8' });
    assert.equal(record.modes.find((m) => m.mode === 'passive')?.dataTarget?.host, '127.0.0.1');
    assert.deepEqual(violations, []);
  });

  it('passive ports that refuse: PASV_DATA_REFUSED and EPSV_DATA_REFUSED', async () => {
    const { codes, diagnosis } = await probeScript(scenario('passive-port-refused'));
    assert.deepEqual(codes, ['EPSV_DATA_REFUSED', 'PASV_DATA_REFUSED']);
    assert.deepEqual(
      diagnosis.modes.map((m) => m.status),
      ['refused', 'refused', 'ok', 'ok'],
    );
  });

  it('data connection accepted but never answered: LIST_NO_PRELIMINARY_REPLY within the timeout', async () => {
    const { codes, elapsedMs } = await probeScript(scenario('data-never-answered'), { timeoutMs: 800 });
    assert.deepEqual(codes, ['LIST_NO_PRELIMINARY_REPLY', 'LIST_NO_PRELIMINARY_REPLY']);
    assert.ok(elapsedMs < 800 * 2 + 1000, `took ${elapsedMs} ms`);
  });

  it('active mode rejected: ACTIVE_PORT_REJECTED for PORT and EPRT', async () => {
    const { codes, diagnosis } = await probeScript(scenario('active-rejected'));
    assert.deepEqual(codes, ['ACTIVE_PORT_REJECTED', 'ACTIVE_PORT_REJECTED']);
    assert.equal(diagnosis.findings[0]?.severity, 'warning');
  });

  it('a connection limit: detected, and the modes run one after another', async () => {
    const { codes, diagnosis, record } = await probeScript({ maxConnections: 1 });
    assert.deepEqual(codes, ['TOO_MANY_CONNECTIONS']);
    assert.deepEqual(
      diagnosis.modes.map((m) => m.status),
      ['ok', 'ok', 'ok', 'ok'],
    );
    assert.ok(record.modes.some((m) => m.connection === 'sequential'));
  });

  it('the test server connects back only to loopback, whatever PORT names', async () => {
    const { codes, record } = await probeScript(
      { checkPortAddress: false },
      { modes: ['active'], externalIp: '10.0.0.9' },
    );
    assert.ok(codes.includes('ACTIVE_SERVER_CANNOT_CONNECT'), codes.join());
    assert.equal(record.modes[0]?.accept?.outcome, 'closed');
    assert.deepEqual(violations, []);
  });

  it('silence after connect: GREETING_TIMEOUT', async () => {
    const { codes, diagnosis } = await probeScript({ greeting: null }, { greetingTimeoutMs: 500 });
    assert.deepEqual(codes, ['GREETING_TIMEOUT']);
    assert.equal(diagnosis.verdict.verdict, 'failed');
    assert.deepEqual(
      diagnosis.modes.map((m) => m.status),
      ['not_tested', 'not_tested', 'not_tested', 'not_tested'],
    );
  });

  it('an SSH server: WRONG_PROTOCOL naming SFTP', async () => {
    const { codes, diagnosis } = await probeScript({ rawGreeting: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n' });
    assert.deepEqual(codes, ['WRONG_PROTOCOL']);
    assert.match(diagnosis.findings[0]?.explanation ?? '', /SFTP/);
  });

  it('an HTTP server, found by a nudge after the silence', async () => {
    const { codes, diagnosis } = await probeScript(
      {
        greeting: null,
        handlers: { HELP: (s) => void s.socket.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n') },
      },
      { greetingTimeoutMs: 300 },
    );
    assert.deepEqual(codes, ['WRONG_PROTOCOL']);
    assert.match(diagnosis.findings[0]?.title ?? '', /HTTP/);
  });

  it('a TLS server (implicit FTPS): WRONG_PROTOCOL pointing to --tls implicit', async () => {
    const { codes, diagnosis } = await probeScript(
      {
        greeting: null,
        handlers: { HELP: (s) => void s.socket.write(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x32])) },
      },
      { greetingTimeoutMs: 300 },
    );
    assert.deepEqual(codes, ['WRONG_PROTOCOL']);
    assert.match(diagnosis.findings[0]?.fix ?? '', /--tls implicit/);
  });

  it('anonymous refused: LOGIN_FAILED, modes not tested', async () => {
    const { codes, diagnosis } = await probeScript({ anonymous: false });
    assert.deepEqual(codes, ['LOGIN_FAILED']);
    assert.ok(diagnosis.modes.every((m) => m.status === 'not_tested'));
  });

  it('TLS required at login: TLS_REQUIRED_BY_SERVER, not a wrong password', async () => {
    const { codes } = await probeScript({
      handlers: { PASS: (s) => s.reply('530 Non-anonymous sessions must use encryption.') },
    });
    assert.deepEqual(codes, ['TLS_REQUIRED_BY_SERVER']);
  });

  it('a 421 greeting: SERVER_REFUSED_SESSION', async () => {
    const { codes } = await probeScript({ greeting: '421 Service not available, closing control connection.' });
    assert.deepEqual(codes, ['SERVER_REFUSED_SESSION']);
  });

  it('120 then 220: the session goes on', async () => {
    const { codes } = await probeScript({ greeting: '120 Service ready in 1 minutes.\n220 Ready now.' });
    assert.deepEqual(codes, ['ALL_MODES_OK']);
  });

  it('a server that stalls after login stops at the deadline', async () => {
    const stall = () => new Promise<void>(() => undefined);
    const { codes, elapsedMs, diagnosis } = await probeScript(
      { handlers: { FEAT: stall, PASV: stall, EPSV: stall, PORT: stall, EPRT: stall } },
      { timeoutMs: 5000, deadlineMs: 1200 },
    );
    assert.ok(codes.includes('PROBE_DEADLINE_REACHED'), codes.join());
    assert.ok(elapsedMs < 1200 + 500, `took ${elapsedMs} ms`);
    // The tool ran out of time, the server did nothing wrong: not tested, never COMMAND_NO_REPLY.
    assert.ok(!codes.includes('COMMAND_NO_REPLY'), codes.join());
    assert.equal(diagnosis.verdict.verdict, 'inconclusive');
    assert.deepEqual([...new Set(diagnosis.modes.map((m) => m.reasonCode))], ['deadline']);
  });

  it('a listing that trickles and then stops: LIST_DATA_STALLED one timeout after the last byte, not before', async () => {
    const trickle = async (s: Parameters<NonNullable<typeof DEFAULT_HANDLERS.LIST>>[0]) => {
      const data = await s.dataConnection();
      if (!data) return;
      await s.reply('150 Here comes the directory listing.');
      for (let i = 0; i < 20 && !data.destroyed; i += 1) {
        data.write('x');
        await delay(200);
      }
    };
    const { codes, elapsedMs } = await probeScript(
      { handlers: { LIST: trickle } },
      { modes: ['passive'], timeoutMs: 600 },
    );
    assert.deepEqual(codes, ['LIST_DATA_STALLED']);
    const trickled = 20 * 200;
    assert.ok(elapsedMs > trickled, `called a stall while bytes were arriving: ${Math.round(elapsedMs)} ms`);
    assert.ok(elapsedMs < trickled + 600 * 2 + 500, `took ${Math.round(elapsedMs)} ms`);
  });

  it('data arrives but 226 never does: LIST_NO_COMPLETION', async () => {
    const noCompletion = async (s: Parameters<NonNullable<typeof DEFAULT_HANDLERS.LIST>>[0]) => {
      const data = await s.dataConnection();
      await s.reply('150 Here comes the directory listing.');
      data?.end('-rw-r--r-- 1 0 0 1 Nov 23 20:14 a\r\n');
    };
    const { codes } = await probeScript({ handlers: { LIST: noCompletion } }, { modes: ['passive'], timeoutMs: 500 });
    assert.deepEqual(codes, ['LIST_NO_COMPLETION']);
  });

  it('a malformed 227: PASV_MALFORMED_REPLY', async () => {
    const { codes } = await probeScript(
      { handlers: { PASV: (s) => s.reply('227 Entering Passive Mode (127,0,0,1,300,1)') } },
      { modes: ['passive'] },
    );
    assert.deepEqual(codes, ['PASV_MALFORMED_REPLY']);
  });

  it('EPSV answered with 227 is reported, and still works', async () => {
    const { codes } = await probeScript(
      { handlers: { EPSV: (s, a) => DEFAULT_HANDLERS.PASV?.(s, a) } },
      { modes: ['epsv'] },
    );
    assert.deepEqual(codes, ['EPSV_ANSWERED_WITH_227']);
  });

  it('a multi-line reply ending on another code', async () => {
    const { codes } = await probeScript(
      { handlers: { FEAT: (s) => s.reply('211-Features:\n PASV\n226 End') } },
      { modes: ['passive'] },
    );
    assert.ok(codes.includes('MULTILINE_REPLY_ODD_END'), codes.join());
  });

  it('the password is never kept in the record', async () => {
    const secret = 'S3cret-Pa55word';
    const { record } = await probeScript(
      { users: { bob: secret } },
      { modes: ['passive'] },
      { user: 'bob', password: secret },
    );
    assert.equal(record.control.login?.loggedIn, true);
    assert.ok(!JSON.stringify(record).includes(secret));
    assert.ok(record.transcript.some((e) => e.text === 'PASS ****'));
  });

  it('a refused control port: CONTROL_REFUSED', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const { probe } = await import('../../src/probe/runner.js');
    const { nodeTransport } = await import('../../src/probe/transport.js');
    const { systemClock } = await import('../../src/record/clock.js');
    const { diagnose } = await import('../../src/diagnose/diagnose.js');
    const [record] = await probe(
      {
        target: { input: 'x', host: '127.0.0.1', port, user: 'anonymous', anonymous: true },
        password: 'x@',
        settings: {
          modes: ['passive'],
          timeoutMs: 1000,
          greetingTimeoutMs: 1000,
          deadlineMs: 3000,
          tryAdvertised: false,
          listingCapBytes: 1000,
        },
        allAddresses: false,
      },
      { transport: nodeTransport, clock: systemClock, toolVersion: 'test' },
    );
    assert.deepEqual(
      diagnose(record!).findings.map((f) => f.code),
      ['CONTROL_REFUSED'],
    );
  });
});
