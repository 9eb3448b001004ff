import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import {
  delay,
  FtpTestServer,
  type FtpSession,
  type Handler,
  type ServerScript,
} from '../../src/commands/demo/ftp-server.js';
import { violations } from '../support/net-guard.js';
import { probeScript } from '../support/probe-server.js';

/** Replies one after another, each its own write, as a server that stacks them does. */
function replies(...lines: string[]): Handler {
  return async (s: FtpSession) => {
    for (const line of lines) await s.reply(line);
  };
}

describe('servers no one here wrote: one reply per command, by reply class', () => {
  it('one control connection at a time: every mode runs on the connection that works, and both active modes list', async () => {
    const { record, diagnosis, codes, elapsedMs } = await probeScript(
      { oneAtATime: true },
      { modes: ['active', 'eprt'], greetingTimeoutMs: 800 },
    );
    assert.deepEqual(
      diagnosis.modes.filter((m) => m.reasonCode !== 'not-requested').map((m) => m.status),
      ['ok', 'ok'],
    );
    assert.equal(diagnosis.verdict.verdict, 'ok');
    assert.deepEqual(
      codes.filter((code) => code === 'TOO_MANY_CONNECTIONS'),
      ['TOO_MANY_CONNECTIONS'],
    );
    assert.ok(!record.modes.some((m) => m.notTested), JSON.stringify(record.modes.map((m) => m.notTested)));
    // One wait for greetings that cannot come (plus the nudge), not one per mode.
    assert.ok(elapsedMs < 800 + 1500 + 1500, `took ${Math.round(elapsedMs)} ms`);
  });

  it('one connection at a time and a mode that fails cleanly: the next mode still runs on the same connection', async () => {
    const { diagnosis, record } = await probeScript(
      { oneAtATime: true, handlers: { EPSV: (s) => s.reply('500 EPSV not understood.') } },
      { modes: ['epsv', 'passive', 'active'], greetingTimeoutMs: 600 },
    );
    assert.deepEqual(
      diagnosis.modes.filter((m) => m.reasonCode !== 'not-requested').map((m) => m.status),
      ['unsupported', 'ok', 'ok'],
    );
    assert.ok(!record.transcript.some((e) => e.channel === 'control:sequential'), 'opened another connection');
  });

  it('nine replies to AUTH: USER is matched to its own 331, and the surplus is a finding of its own', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => `50${i % 3} AUTH not understood (${i + 1})`);
    const { record, codes, diagnosis } = await probeScript({ handlers: { AUTH: replies(...nine) } }, { tls: 'auto' });
    assert.equal(record.control.login?.loggedIn, true);
    assert.equal(record.control.login?.steps[0]?.reply?.code, 331);
    assert.ok(!codes.includes('LOGIN_FAILED'), codes.join());
    assert.ok(codes.includes('SERVER_SURPLUS_REPLIES'), codes.join());
    const surplus = diagnosis.findings.find((f) => f.code === 'SERVER_SURPLUS_REPLIES');
    assert.match(surplus?.title ?? '', /8 more replies than asked for, after AUTH TLS/);
    assert.equal(diagnosis.verdict.verdict, 'degraded');
  });

  it('"150, 150, 425" after LIST in active mode: the server could not connect back, said at once, and PWD keeps its own reply', async () => {
    const { codes, record, elapsedMs } = await probeScript(
      {
        handlers: {
          LIST: replies(
            '150 Opening data connection.',
            '150 Opening data connection.',
            "425 Can't open data connection.",
          ),
        },
      },
      { modes: ['active', 'passive'], timeoutMs: 1500 },
    );
    assert.ok(codes.includes('ACTIVE_SERVER_CANNOT_CONNECT'), codes.join());
    assert.ok(!codes.includes('ACTIVE_DATA_TIMEOUT'), codes.join());
    assert.ok(elapsedMs < 1500, `waited for an accept the server had given up: ${Math.round(elapsedMs)} ms`);
    const active = record.modes.find((m) => m.mode === 'active');
    assert.equal(active?.completion?.reply?.code, 425);
    const pwd = record.control.info.find((step) => step.command === 'PWD');
    assert.equal(pwd?.reply?.code, 257);
    const passive = record.modes.find((m) => m.mode === 'passive');
    assert.equal(passive?.command?.reply?.code, 227);
  });

  it('a 230 greeting (no login needed) and a 200 to USER: logged in, as curl does', async () => {
    for (const script of [
      {
        onConnect: (s: FtpSession) => {
          s.loggedIn = true;
          return s.reply('230 Logged in already.');
        },
      },
      {
        handlers: {
          USER: (s: FtpSession) => {
            s.loggedIn = true;
            return s.reply('200 Whatever you say.');
          },
        },
      },
    ]) {
      const { codes, diagnosis, record } = await probeScript(script, { modes: ['passive', 'epsv'] });
      assert.equal(record.control.login?.loggedIn, true, JSON.stringify(script));
      assert.ok(!codes.includes('SERVER_REFUSED_SESSION') && !codes.includes('LOGIN_FAILED'), codes.join());
      assert.equal(diagnosis.verdict.verdict, 'ok', codes.join());
    }
  });

  it('PASV, EPSV and PORT answered with 3yz: REPLY_UNEXPECTED_CLASS for each, the modes broken', async () => {
    const pending: Handler = (s) => s.reply('350 Requested file action pending further information.');
    const { diagnosis } = await probeScript(
      { handlers: { PASV: pending, EPSV: pending, PORT: pending } },
      { modes: ['passive', 'epsv', 'active', 'eprt'] },
    );
    const odd = diagnosis.findings.filter((f) => f.code === 'REPLY_UNEXPECTED_CLASS');
    assert.deepEqual(
      odd.map((f) => f.mode),
      ['passive', 'epsv', 'active'],
    );
    assert.match(odd[0]?.title ?? '', /PASV with "350"/);
    assert.deepEqual(
      diagnosis.modes.filter((m) => m.reasonCode !== 'not-requested').map((m) => m.status),
      ['error', 'error', 'error', 'ok'],
    );
    assert.equal(diagnosis.verdict.verdict, 'degraded');
  });

  it('a NUL inside a reply, and PWD replies curl refuses: an error finding, and curl named in the client matrix', async () => {
    const cases: Array<{ handlers: Record<string, Handler>; problem: RegExp }> = [
      {
        handlers: {
          PASS: (s) => {
            s.loggedIn = true;
            return s.reply('230 logged\0 in');
          },
        },
        problem: /NUL/,
      },
      { handlers: { PWD: (s) => s.reply('257 "Only one') }, problem: /double quotes/ },
      { handlers: { PWD: (s) => s.reply('257 "/\x03"') }, problem: /control character/ },
    ];
    for (const { handlers, problem } of cases) {
      const { diagnosis } = await probeScript({ handlers }, { modes: ['passive'] });
      const malformed = diagnosis.findings.find((f) => f.code === 'SERVER_REPLY_MALFORMED');
      assert.ok(malformed, diagnosis.findings.map((f) => f.code).join());
      assert.equal(malformed.severity, 'error');
      assert.match(malformed.title, problem);
      assert.notEqual(diagnosis.verdict.verdict, 'ok');
      assert.equal(diagnosis.clients.find((row) => row.id === 'curl')?.outcome, 'fails');
    }
  });

  it('a well-formed PWD with a doubled quote is no finding', async () => {
    const { codes } = await probeScript(
      { handlers: { PWD: (s) => s.reply('257 "/a ""quoted"" dir" is the current directory') } },
      { modes: ['passive'] },
    );
    assert.deepEqual(codes, ['ALL_MODES_OK']);
  });

  it('a slow but steady listing (a byte every 150 ms for longer than the timeout) is no stall', async () => {
    const listing = '-rw-r--r-- 1 0 0 1 Nov 23 20:14 a\r\n';
    const { codes, record } = await probeScript(
      {
        handlers: {
          LIST: async (s) => {
            const data = await s.dataConnection();
            if (!data) return s.reply('425 Failed to establish connection.');
            await s.reply('150 Here comes the directory listing.');
            for (const byte of listing.slice(0, 12)) {
              data.write(byte);
              await delay(150);
            }
            data.end(listing.slice(12));
            await new Promise((resolve) => data.once('close', resolve));
            return s.reply('226 Directory send OK.');
          },
        },
      },
      { modes: ['passive'], timeoutMs: 1000 },
    );
    assert.ok(!codes.includes('LIST_DATA_STALLED'), codes.join());
    const transfer = record.modes[0]?.transfer;
    assert.equal(transfer?.end, 'closed');
    assert.ok((transfer?.ms ?? 0) > 1000, `the listing took only ${transfer?.ms} ms: the test proves nothing`);
    assert.deepEqual(violations, []);
  });
});

/** curl's exit code listing the scriptable server's root, or undefined where curl is not installed. */
async function curlExit(script: ServerScript, args: string[] = []): Promise<number | undefined> {
  if (!fs.existsSync('/usr/bin/curl')) return undefined;
  const server = await new FtpTestServer(script).start();
  try {
    return await new Promise((resolve) =>
      execFile(
        '/usr/bin/curl',
        ['-s', '--max-time', '5', ...args, `ftp://${server.address}/`],
        { env: { PATH: '/usr/bin:/bin' } },
        (error) => resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
      ),
    );
  } finally {
    await server.stop();
  }
}

describe('a real client meets what the probe reports (curl, where installed)', () => {
  it("stacked replies to AUTH break curl's login, as SERVER_SURPLUS_REPLIES says", async (t) => {
    const nine = Array.from({ length: 9 }, (_, i) => `50${i % 3} AUTH not understood (${i + 1})`);
    const code = await curlExit({ handlers: { AUTH: replies(...nine) } }, ['--ssl']);
    if (code === undefined) return t.skip('curl is not installed');
    // 67 (access denied) or 8 (weird server reply): which reply curl misreads depends on how the segments fall.
    assert.ok(code === 67 || code === 8, `curl exit ${code}`);
  });

  it('a 230 greeting and a 200 to USER: curl lists (exit 0), as the probe does', async (t) => {
    const greeting = await curlExit({
      onConnect: (s) => {
        s.loggedIn = true;
        return s.reply('230 Logged in already.');
      },
    });
    if (greeting === undefined) return t.skip('curl is not installed');
    assert.equal(greeting, 0);
    const user = await curlExit({
      handlers: {
        USER: (s) => {
          s.loggedIn = true;
          return s.reply('200 Whatever you say.');
        },
      },
    });
    assert.equal(user, 0);
  });

  it('PASV and EPSV answered with 350: curl gives up (exit 13), as REPLY_UNEXPECTED_CLASS says', async (t) => {
    const pending: Handler = (s) => s.reply('350 Requested file action pending further information.');
    const code = await curlExit({ handlers: { PASV: pending, EPSV: pending } });
    if (code === undefined) return t.skip('curl is not installed');
    assert.equal(code, 13);
  });
});
