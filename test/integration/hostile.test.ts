/**
 * Safe to point at anything: each attack reproduced on loopback, asserting what
 * must not happen (a command injected, a connection outside policy, a password
 * shown, a crash at the deadline, memory without bound, descriptors held).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { FtpTestServer, delay, type FtpSession } from '../../src/commands/demo/ftp-server.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { readExporterConfig } from '../../src/commands/exporter/modules.js';
import { UsageError } from '../../src/input/usage-error.js';
import { systemClock } from '../../src/record/clock.js';
import { MAX_UNREAD_REPLIES } from '../../src/probe/control-connection.js';
import { onlyAddresses, pinnedTransport, policedTransport } from '../../src/probe/policy.js';
import { probe } from '../../src/probe/runner.js';
import { nodeTransport } from '../../src/probe/transport.js';
import type { ProbeRequest, ProbeSettings } from '../../src/record/record.js';
import { startReflector } from '../../src/commands/reflector/reflector-server.js';
import { DEFAULT_LIMITS } from '../../src/commands/reflector/reflector-limits.js';
import { runCli } from '../support/cli.js';
import { allowAlso, violations } from '../support/net-guard.js';
import { probeRequest } from '../support/probe-server.js';
import { startTestExporter } from '../support/exporter.js';

function requestFor(host: string, port: number, settings: Partial<ProbeSettings> = {}): ProbeRequest {
  return probeRequest(host, port, settings);
}

/** A server whose data connection carries one byte every `everyMs`, after a 150. */
function dribblingServer(everyMs: number): Promise<FtpTestServer> {
  return new FtpTestServer({
    handlers: {
      LIST: async (s: FtpSession) => {
        const connection = await s.dataConnection();
        if (!connection) return s.reply('425 no data connection');
        await s.reply('150 Here it comes, slowly.');
        for (let i = 0; i < 30 && !connection.destroyed; i += 1) {
          connection.write('x');
          await delay(everyMs);
        }
      },
    },
  }).start();
}

/** A server that notes every command it receives. */
async function recordingServer(
  extra: ConstructorParameters<typeof FtpTestServer>[0] = {},
): Promise<{ server: FtpTestServer; commands: string[]; connections: () => number }> {
  const commands: string[] = [];
  let connections = 0;
  const server = await new FtpTestServer({
    ...extra,
    onConnect: async (s) => {
      connections += 1;
      await s.reply('220 recording server');
    },
    handlers: {
      ...extra.handlers,
      DELE: (s, argument) => {
        commands.push(`DELE ${argument}`);
        return s.reply('250 deleted');
      },
    },
  }).start();
  return { server, commands, connections: () => connections };
}

describe('clean input: nothing typed reaches the control connection unchecked', () => {
  for (const [part, url] of [
    ['path', 'x%0D%0ADELE%20important.txt'],
    ['path', 'x%0ADELE%20important.txt'],
    ['path', 'x%00y'],
  ] as const) {
    it(`a URL ${part} holding ${url.includes('%00') ? 'NUL' : 'a line break'} is a usage error, and the server hears nothing`, async () => {
      const { server, commands, connections } = await recordingServer();
      try {
        const run = await runCli(['probe', `ftp://${server.address}/${url}`]);
        assert.equal(run.code, 2);
        assert.equal(run.stderr.trim().split('\n').length, 1);
        assert.match(run.stderr, /the path in the URL .* line break or NUL/);
        assert.deepEqual(commands, []);
        assert.equal(connections(), 0);
      } finally {
        await server.stop();
      }
    });
  }

  it('a user name or password with %0D%0A in the URL is a usage error naming the part', async () => {
    const user = await runCli(['probe', 'ftp://bob%0D%0ADELE%20x:pw@127.0.0.1:2121']);
    assert.equal(user.code, 2);
    assert.match(user.stderr, /the user name in the URL/);
    const password = await runCli(['probe', 'ftp://bob:pw%0D%0ADELE%20x@127.0.0.1:2121']);
    assert.equal(password.code, 2);
    assert.match(password.stderr, /the password in the URL/);
    assert.doesNotMatch(password.stderr, /pw%0D/);
  });

  it('a password from the environment holding NUL is a usage error', async () => {
    const run = await runCli(['probe', 'ftp://bob@127.0.0.1:2121'], { env: { FTP_PASSWORD: 'a\u0000b' } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /line break or NUL/);
  });

  it('a malformed percent escape is a usage error, not an internal error', async () => {
    const run = await runCli(['probe', 'ftp://127.0.0.1:2121/%E0%A4%A']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /malformed percent escape/);
  });

  it('through the exporter, the same target is a 400 and the server hears nothing', async () => {
    const { server, commands, connections } = await recordingServer();
    const exporter = await startTestExporter('');
    try {
      const response = await exporter.get(
        `/probe?target=${encodeURIComponent(`ftp://${server.address}/x%0D%0ADELE%20important.txt`)}`,
      );
      assert.equal(response.status, 400);
      assert.match(response.body, /line break or NUL/);
      assert.deepEqual(commands, []);
      assert.equal(connections(), 0);
    } finally {
      await exporter.stop();
      await server.stop();
    }
  });
});

describe('passwords never shown in errors', () => {
  it('a bad port in a URL with a password: the error masks it', async () => {
    const run = await runCli(['probe', 'ftp://bob:ErrPw0rd@127.0.0.1:99999']);
    assert.equal(run.code, 2);
    assert.doesNotMatch(run.stderr, /ErrPw0rd/);
    assert.match(run.stderr, /bob:\*\*\*\*@/);
  });

  it('a targets file whose URL has a bad port: the error masks the password', async () => {
    const run = await runCli(['check', 'targets.yml'], {
      files: { 'targets.yml': 'targets:\n  - ftp://bob:FilePw0rd@127.0.0.1:99999\n' },
    });
    assert.equal(run.code, 2);
    assert.doesNotMatch(run.stderr, /FilePw0rd/);
  });

  it("the exporter's 400 body masks it", async () => {
    const exporter = await startTestExporter('');
    try {
      const response = await exporter.get(`/probe?target=${encodeURIComponent('ftp://bob:HttpPw0rd@127.0.0.1:99999')}`);
      assert.equal(response.status, 400);
      assert.doesNotMatch(response.body, /HttpPw0rd/);
    } finally {
      await exporter.stop();
    }
  });
});

describe('bounded: the deadline and a flooding server', () => {
  it('a data connection that dribbles a byte a second, with --deadline 3: a report at the deadline, no crash', async () => {
    const server = await dribblingServer(1000);
    try {
      const started = performance.now();
      const [record] = await probe(requestFor('127.0.0.1', server.port, { deadlineMs: 3000, timeoutMs: 10_000 }), {
        transport: nodeTransport,
        clock: systemClock,
        toolVersion: 'test',
      });
      assert.ok(record);
      assert.equal(record.deadlineHit, true);
      assert.ok(performance.now() - started < 6000, 'the probe outlived its deadline');
      const diagnosis = diagnose(record);
      assert.ok(diagnosis.findings.some((f) => f.code === 'PROBE_DEADLINE_REACHED'));
      assert.ok(diagnosis.modes.some((m) => m.status === 'not_tested' && m.reasonCode === 'deadline'));
    } finally {
      await server.stop();
    }
  });

  it('the CLI at the deadline of a dribbling server: a report and exit 4, never an internal error', async () => {
    const server = await dribblingServer(500);
    try {
      const run = await runCli(['probe', server.address, '--deadline', '2', '--timeout', '5', '--json']);
      assert.doesNotMatch(run.stderr, /internal error/);
      assert.equal(run.code, 4);
      assert.equal((JSON.parse(run.stdout) as { exitCode: number }).exitCode, 4);
    } finally {
      await server.stop();
    }
  });

  it('a server that floods replies after PASV: SERVER_REPLY_FLOOD, the connection closed, the probe ends', async () => {
    const server = await new FtpTestServer({
      handlers: {
        PASV: async (s: FtpSession) => {
          await s.reply('227 Entering Passive Mode (127,0,0,1,4,1).');
          const line = Buffer.from('200 x\r\n'.repeat(2000));
          for (let i = 0; i < 2000 && !s.socket.destroyed; i += 1) {
            if (!s.socket.write(line))
              await new Promise((resolve) => s.socket.once('drain', resolve).once('close', resolve));
          }
        },
      },
    }).start();
    try {
      const [record] = await probe(
        requestFor('127.0.0.1', server.port, { modes: ['passive'], timeoutMs: 5000, deadlineMs: 20_000 }),
        { transport: nodeTransport, clock: systemClock, toolVersion: 'test' },
      );
      assert.ok(record);
      const flood = record.control.floods?.[0];
      assert.ok(flood, 'no flood recorded');
      assert.ok(flood.replies > MAX_UNREAD_REPLIES);
      assert.ok(diagnose(record).findings.some((f) => f.code === 'SERVER_REPLY_FLOOD'));
      assert.equal(record.deadlineHit, false);
    } finally {
      await server.stop();
    }
  });
});

describe('one outbound policy', () => {
  it('a 227 naming another loopback address outside the policy is never connected to; the control address is used instead', async () => {
    const decoy = net.createServer((socket) => {
      decoyHits += 1;
      socket.destroy();
    });
    let decoyHits = 0;
    await new Promise<void>((resolve) => decoy.listen({ host: '127.0.0.2', port: 0 }, resolve));
    const decoyPort = (decoy.address() as net.AddressInfo).port;
    const server = await new FtpTestServer({
      handlers: { PASV: (s) => s.reply(`227 Entering Passive Mode (127,0,0,2,${decoyPort >> 8},${decoyPort & 255}).`) },
    }).start();
    const widen = allowAlso('127.0.0.2');
    try {
      const [record] = await probe(requestFor('127.0.0.1', server.port, { modes: ['passive'], tryAdvertised: true }), {
        transport: nodeTransport,
        clock: systemClock,
        toolVersion: 'test',
        policy: onlyAddresses(['127.0.0.1'], '--allow'),
      });
      const passive = record?.modes[0];
      assert.equal(passive?.dataTarget?.host, '127.0.0.1');
      assert.equal(passive?.dataTarget?.advertisedSkipped, true);
      assert.equal(decoyHits, 0);
    } finally {
      widen();
      await server.stop();
      decoy.close();
    }
  });

  it('the policed transport refuses names and addresses outside the policy before any packet', () => {
    const transport = policedTransport(nodeTransport, onlyAddresses(['127.0.0.1'], 'test'));
    assert.throws(() => transport.connect({ host: '127.0.0.2', port: 9 }), /outside the outbound policy/);
    assert.throws(() => transport.connect({ host: 'localhost', port: 9 }), /not an address/);
  });

  it('a name resolved once: the probe connects only where the pinned answer says, and a failed look-up connects nowhere', async () => {
    const server = await new FtpTestServer().start();
    try {
      const pinned = pinnedTransport(nodeTransport, 'ftp.test', [{ address: '127.0.0.1', family: 4 }]);
      const [ok] = await probe(requestFor('ftp.test', server.port, { modes: ['passive'] }), {
        transport: pinned,
        clock: systemClock,
        toolVersion: 'test',
      });
      assert.equal(ok?.control.address, '127.0.0.1');
      const failed = pinnedTransport(nodeTransport, 'ftp.test', new Error('ENOTFOUND'));
      const [none] = await probe(requestFor('ftp.test', server.port), {
        transport: failed,
        clock: systemClock,
        toolVersion: 'test',
      });
      assert.equal(none?.control.connect.outcome, 'error');
      assert.deepEqual(
        diagnose(none).findings.map((f) => f.code),
        ['CONTROL_DNS_FAILED'],
      );
    } finally {
      await server.stop();
    }
    assert.deepEqual(violations, []);
  });
});

describe('exporter: credentials bound to targets, and its own limits', () => {
  it('a module with a password and no targets stops the exporter at start', () => {
    assert.throws(
      () =>
        readExporterConfig('exporter.yml', 'modules:\n  partner:\n    user: bob\n    passwordEnv: PW\n', {
          env: { PW: 'secret' },
          readFile: () => '',
        }),
      (error: unknown) =>
        error instanceof UsageError &&
        /exporter\.yml:3: modules\.partner: logs in with a password but names no targets/.test(error.message),
    );
  });

  it('a credentialed module used for another target: 403, and the password goes nowhere', async () => {
    const { server, connections } = await recordingServer({ users: { bob: 'PartnerPw0rd' } });
    const exporter = await startTestExporter(
      'modules:\n  partner:\n    targets: [192.0.2.10]\n    user: bob\n    passwordEnv: PW\n',
      { PW: 'PartnerPw0rd' },
    );
    try {
      const refused = await exporter.get(`/probe?target=ftp://${server.address}&module=partner`);
      assert.equal(refused.status, 403);
      assert.match(refused.body, /module "partner" logs in with a password and may be used only for its targets/);
      assert.equal(connections(), 0);
    } finally {
      await exporter.stop();
      await server.stop();
    }
  });

  it('scrapes beyond the waiting queue get 503 at once; a malformed timeout header gets 400', async () => {
    const server = await new FtpTestServer({ handlers: { PASV: () => new Promise<void>(() => undefined) } }).start();
    const exporter = await startTestExporter('', {}, '1');
    try {
      assert.equal(
        (await exporter.get(`/probe?target=ftp://${server.address}`, { 'X-Prometheus-Scrape-Timeout-Seconds': 'soon' }))
          .status,
        400,
      );
      const held = Array.from({ length: 6 }, () =>
        exporter.get(`/probe?target=ftp://${server.address}&module=slow`, {
          'X-Prometheus-Scrape-Timeout-Seconds': '4',
        }),
      );
      const statuses = (await Promise.all(held)).map((r) => r.status);
      // One runs, four wait (4 per slot), the sixth is turned away at once.
      assert.ok(statuses.includes(503), `statuses ${statuses.join(',')}`);
    } finally {
      await exporter.stop();
      await server.stop();
    }
  });

  it('a scrape whose client goes away stops its probe and frees its slot', async () => {
    const server = await new FtpTestServer({ handlers: { PASV: () => new Promise<void>(() => undefined) } }).start();
    const exporter = await startTestExporter('', {}, '1');
    try {
      const request = http.get({
        host: '127.0.0.1',
        port: exporter.port,
        path: `/probe?target=ftp://${server.address}&module=slow`,
        headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '30' },
      });
      request.on('error', () => undefined);
      await delay(500);
      request.destroy();
      await delay(300);
      const started = performance.now();
      const next = await exporter.get(`/probe?target=ftp://${server.address}&module=quick`, {
        'X-Prometheus-Scrape-Timeout-Seconds': '10',
      });
      assert.equal(next.status, 200);
      assert.ok(performance.now() - started < 8000, 'the abandoned probe still held the only slot');
      assert.ok(exporter.log.some((line) => /cancelled: the scrape's client went away/.test(line)));
    } finally {
      await exporter.stop();
      await server.stop();
    }
  });
});

describe('reflector: refused connections are destroyed', () => {
  it('200 connections held open from one address leave no more than the per-source cap of descriptors after 3 s', async () => {
    const reflector = await startReflector({
      host: '127.0.0.1',
      port: 0,
      connectTimeoutMs: 1000,
      version: 'test',
      log: () => undefined,
      limits: { ...DEFAULT_LIMITS, sessionsPerSource: 4 },
    });
    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 200; i += 1) {
        const socket = net.connect({ host: '127.0.0.1', port: reflector.address.port });
        socket.on('error', () => undefined);
        // Never read: a hostile client keeps its side open and its window full.
        socket.pause();
        sockets.push(socket);
      }
      await delay(3000);
      const open = await reflector.openConnections();
      // Four sessions, and at most four refused connections still closing.
      assert.ok(open <= 8, `${open} connections still open in the reflector`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await reflector.close();
    }
  });
});

describe('clean output: server text never reaches a terminal or a file raw', () => {
  it('a greeting with terminal escapes is shown escaped in every format; JSON keeps the exact string', async () => {
    const greeting = '220 \u001b]0;owned\u0007\u001b[2J\rfake line';
    const server = await new FtpTestServer({ greeting, handlers: { PASV: (s) => s.reply('502 no') } }).start();
    try {
      for (const format of ['text', 'markdown', 'github', 'junit', 'nagios', 'html']) {
        const run = await runCli([
          'probe',
          server.address,
          '--modes',
          'passive',
          '--timeout',
          '1',
          '--format',
          format,
          '--transcript',
        ]);
        assert.doesNotMatch(
          run.stdout,
          /[\u0000-\u0008\u000b-\u001f\u007f]/,
          `${format} shows a control character raw`,
        );
      }
      const text = await runCli(['probe', server.address, '--modes', 'passive', '--timeout', '1', '--transcript']);
      assert.match(text.stdout, /\\x1b\]0;owned\\x07/);
      const json = await runCli([
        'probe',
        server.address,
        '--modes',
        'passive',
        '--timeout',
        '1',
        '--json',
        '--transcript',
      ]);
      assert.ok(json.stdout.includes(JSON.stringify(greeting).slice(1, -1)), 'JSON does not keep the exact greeting');
    } finally {
      await server.stop();
    }
  });
});
