/** The reflector and `network --via` on loopback: what each end reports, the reflector's refusals and caps, hostile input on both ends. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { DEFAULT_LIMITS, LimitBook } from '../../src/commands/reflector/reflector-limits.js';
import { startReflector, type Reflector } from '../../src/commands/reflector/reflector-server.js';
import { certificateFrom } from '../../src/commands/reflector/certificate.js';
import { formatReflectorLine, parseReflectorLines } from '../../src/protocol/reflector-replies.js';
import { diagnoseNetwork } from '../../src/diagnose/network-diagnosis.js';
import type { NetworkRecord } from '../../src/record/network-record.js';
import { makeCertificate } from '../support/certificates.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

const certificate = makeCertificate();
const fingerprint = certificate ? certificateFrom(certificate.key, certificate.cert, 'given').fingerprint : '';
const logs: string[] = [];
let reflector: Reflector;
let reflector6: Reflector | undefined;

const schema = JSON.parse(fs.readFileSync(`${REPO_ROOT}/schema/report.schema.json`, 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

before(async () => {
  const options = {
    port: 0,
    connectTimeoutMs: 1000,
    version: 'test',
    log: (line: string) => logs.push(line),
    ...(certificate ? { tls: certificate } : {}),
  };
  // Every test here comes from 127.0.0.1: the connect-back budget is raised so that only the caps test meets a cap.
  reflector = await startReflector({
    ...options,
    host: '127.0.0.1',
    limits: {
      ...DEFAULT_LIMITS,
      sessionsPerSource: 4,
      connectBacksPerSourcePerMinute: 1000,
      connectBacksPerMinute: 1000,
    },
  });
  reflector6 = await startReflector({ ...options, host: '::1' }).catch(() => undefined);
});
after(async () => {
  await reflector.close();
  await reflector6?.close();
});

interface NetworkJson {
  findings: Array<{ code: string; severity: string }>;
  verdict: { verdict: string };
  exitCode: number;
  tests: Array<{ label: string; status: string; reasonCode?: string }>;
  asks: string[];
  publicAddress?: string;
  nat?: boolean;
}

async function network(args: string[]): Promise<{ code: number; document: NetworkJson; stderr: string }> {
  const run = await runCli(['network', '--json', '--timeout', '2', ...args]);
  const document = JSON.parse(run.stdout || '{}') as NetworkJson;
  return { code: run.code, document, stderr: run.stderr };
}

/** A raw control connection to the reflector: send lines, read what comes back. */
async function rawSession(
  port: number,
  host = '127.0.0.1',
): Promise<{ socket: net.Socket; read: (until: RegExp, ms?: number) => Promise<string> }> {
  const socket = net.connect({ host, port });
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const read = async (until: RegExp, ms = 3000): Promise<string> => {
    const end = Date.now() + ms;
    while (!until.test(received) && Date.now() < end && !socket.destroyed)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const text = received;
    received = '';
    return text;
  };
  return { socket, read };
}

describe(
  'network --via a reflector on loopback',
  { skip: certificate ? false : 'openssl is not installed', timeout: 60_000 },
  () => {
    it('every test gets through, in plain FTP and under TLS with the certificate pinned: OK, exit 0', async () => {
      const { code, document } = await network([
        '--via',
        `ftp://127.0.0.1:${reflector.address.port}`,
        '--via-fingerprint',
        fingerprint,
      ]);
      assert.equal(code, 0);
      assert.equal(document.exitCode, 0);
      assert.equal(document.verdict.verdict, 'ok');
      assert.deepEqual(document.findings.map((f) => f.code).sort(), ['NETWORK_ALL_OK', 'NETWORK_NO_NAT']);
      assert.equal(document.tests.filter((t) => t.status === 'ok').length, 8);
      assert.equal(document.nat, false);
      assert.ok(validate(document), JSON.stringify(validate.errors));
    });

    it('without a pinned fingerprint the self-signed certificate does not verify: the TLS half is not tested, INCONCLUSIVE, exit 4', async () => {
      const { code, document } = await network(['--via', `127.0.0.1:${reflector.address.port}`]);
      assert.equal(code, 4);
      assert.equal(document.verdict.verdict, 'inconclusive');
      assert.deepEqual(document.findings.map((f) => f.code).sort(), ['NETWORK_NO_NAT', 'NETWORK_TLS_NOT_TESTED']);
      assert.deepEqual(
        document.tests.filter((t) => t.status === 'not_tested').map((t) => t.label),
        ['PORT under TLS', 'EPRT under TLS', 'PASV under TLS', 'EPSV under TLS'],
      );
    });

    it('--idle: a slow transfer with the control connection idle gets its 226 on loopback; the reflector refuses one too long', async () => {
      const { code, document } = await network([
        '--via',
        `127.0.0.1:${reflector.address.port}`,
        '--tls',
        'none',
        '--idle',
        '2',
      ]);
      assert.equal(code, 0);
      assert.ok(document.findings.some((f) => f.code === 'NETWORK_IDLE_226_ARRIVED'));
      assert.ok(validate(document), JSON.stringify(validate.errors));
      const tooLong = await runCli(['network', '--via', `127.0.0.1:${reflector.address.port}`, '--idle', '601']);
      assert.equal(tooLong.code, 2);
      assert.match(tooLong.stderr, /--idle must be a number of seconds above 0 and at most 600/);
    });

    it('--idle longer than a reflector allows: NETWORK_IDLE_NOT_TESTED says why, and the other tests still stand', async () => {
      const strict = await startReflector({
        port: 0,
        host: '127.0.0.1',
        connectTimeoutMs: 1000,
        version: 'test',
        log: () => undefined,
        limits: { ...DEFAULT_LIMITS, idleTransferMaxMs: 1000, connectBacksPerSourcePerMinute: 1000 },
      });
      try {
        const { document } = await network([
          '--via',
          `127.0.0.1:${strict.address.port}`,
          '--tls',
          'none',
          '--idle',
          '3',
        ]);
        const notTested = document.findings.find((f) => f.code === 'NETWORK_IDLE_NOT_TESTED');
        assert.ok(notTested, document.findings.map((f) => f.code).join(', '));
        assert.equal(notTested.severity, 'info');
        assert.ok(!document.findings.some((f) => f.code === 'NETWORK_IDLE_226_LOST'), 'not tested is not lost');
        assert.ok(document.tests.some((t) => t.status === 'ok'));
        assert.ok(validate(document), JSON.stringify(validate.errors));
      } finally {
        await strict.close();
      }
    });

    it('--tls none tests plain FTP only, and that is not counted against the verdict', async () => {
      const { code, document } = await network(['--via', `127.0.0.1:${reflector.address.port}`, '--tls', 'none']);
      assert.equal(code, 0);
      assert.equal(document.verdict.verdict, 'ok');
      assert.ok(document.tests.filter((t) => t.label.includes('TLS')).every((t) => t.reasonCode === 'not-requested'));
    });

    it('a certificate that is not the pinned one: NETWORK_TLS_FINGERPRINT_MISMATCH, exit 1, no test under TLS', async () => {
      const wrong = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00');
      const { code, document } = await network([
        '--via',
        `127.0.0.1:${reflector.address.port}`,
        '--via-fingerprint',
        wrong,
      ]);
      assert.equal(code, 1);
      assert.ok(document.findings.some((f) => f.code === 'NETWORK_TLS_FINGERPRINT_MISMATCH' && f.severity === 'error'));
      assert.ok(
        document.asks.some((ask) => /TLS inspection/.test(ask)),
        'the firewall team is asked about TLS inspection',
      );
      assert.equal(document.tests.filter((t) => t.label.includes('TLS') && t.status !== 'not_tested').length, 0);
    });

    it('over IPv6, EPRT and EPSV are tested and PORT and PASV are not applicable', async (t) => {
      if (!reflector6) return t.skip('no IPv6 loopback here');
      const { code, document } = await network([
        '--via',
        `ftp://[::1]:${reflector6.address.port}`,
        '--via-fingerprint',
        fingerprint,
      ]);
      assert.equal(code, 0);
      assert.equal(document.verdict.verdict, 'ok');
      assert.deepEqual(
        document.tests.filter((t) => t.status === 'ok').map((t) => t.label),
        ['EPRT', 'EPSV', 'EPRT under TLS', 'EPSV under TLS'],
      );
      assert.ok(
        document.tests
          .filter((t) => t.label.startsWith('PORT') || t.label.startsWith('PASV'))
          .every((t) => t.reasonCode === 'not-applicable'),
      );
    });

    it('one truth in every format: the same exit code, and the Nagios state and JUnit failures from the same gate', async () => {
      const argv = [
        'network',
        '--via',
        `127.0.0.1:${reflector.address.port}`,
        '--via-fingerprint',
        fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00'),
        '--timeout',
        '2',
      ];
      const codes = new Set<number>();
      for (const format of ['text', 'json', 'junit', 'markdown', 'github', 'html'])
        codes.add((await runCli([...argv, '--format', format])).code);
      assert.deepEqual([...codes], [1]);
      const junit = await runCli([...argv, '--format', 'junit']);
      assert.match(junit.stdout, /failures="1"/);
      assert.match(junit.stdout, /type="NETWORK_TLS_FINGERPRINT_MISMATCH"/);
      const nagios = await runCli([...argv, '--format', 'nagios']);
      assert.match(nagios.stdout, /^FTP WARNING - network DEGRADED/);
      assert.equal(nagios.code, 1);
    });

    it('a reflector that is not running: NETWORK_REFLECTOR_UNREACHABLE, FAILED, exit 1', async () => {
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as net.AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const { code, document } = await network(['--via', `127.0.0.1:${port}`]);
      assert.equal(code, 1);
      assert.equal(document.verdict.verdict, 'failed');
      assert.deepEqual(
        document.findings.map((f) => f.code),
        ['NETWORK_REFLECTOR_UNREACHABLE'],
      );
      const text = await runCli(['network', '--via', `127.0.0.1:${port}`, '--timeout', '2']);
      assert.match(text.stdout, /Exit code 1 \(no data connection got through\)/);
    });
  },
);

describe('the reflector never becomes a weapon', { timeout: 30_000 }, () => {
  it("a PORT naming another address is answered with what arrived and the refusal; it connects only to the control connection's source", async () => {
    // One port, free on both addresses: the reflector's connect-back goes to 127.0.0.1 at the port the PORT named for 127.0.0.2.
    const listen = (server: net.Server, port: number, host: string): Promise<boolean> =>
      new Promise((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, host, () => resolve(true));
      });
    let own = net.createServer();
    let elsewhere = net.createServer();
    let port = 0;
    for (let attempt = 0; attempt < 20 && port === 0; attempt += 1) {
      own = net.createServer();
      elsewhere = net.createServer();
      await listen(own, 0, '127.0.0.1');
      const candidate = (own.address() as net.AddressInfo).port;
      if (await listen(elsewhere, candidate, '127.0.0.2')) port = candidate;
      else own.close();
    }
    assert.ok(port > 0, 'no port free on both 127.0.0.1 and 127.0.0.2');
    const ownArrived = new Promise<string>((resolve) =>
      own.once('connection', (socket) => resolve(socket.remoteAddress ?? '')),
    );
    let elsewhereConnections = 0;
    elsewhere.on('connection', (socket) => {
      elsewhereConnections += 1;
      socket.destroy();
    });
    const { socket, read } = await rawSession(reflector.address.port);
    await read(/^220 /m);
    socket.write(`PORT 127,0,0,2,${port >> 8},${port & 255}\r\n`);
    const arrived = await read(/^200 /m);
    const fields = parseReflectorLines(arrived.split('\r\n')).find((l) => l.event === 'arrived')?.fields;
    assert.equal(fields?.address, '127.0.0.2');
    assert.equal(fields?.['connect-to-address'], '127.0.0.1');
    assert.equal(fields?.['named-address-refused'], 'yes');
    socket.write('LIST\r\n');
    assert.match(await read(/^(226|4\d\d) /m), /^226 /m);
    assert.equal(
      await Promise.race([ownArrived, new Promise((resolve) => setTimeout(() => resolve('nothing'), 3000))]),
      '127.0.0.1',
    );
    assert.equal(elsewhereConnections, 0, 'no connection to the address the PORT named');
    socket.destroy();
    own.close();
    elsewhere.close();
  });

  const closed = (socket: net.Socket): Promise<unknown> =>
    socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', resolve));

  /** PASV, its data connection, and the data socket; the reply lines read so far are dropped. */
  const passiveData = async (session: Awaited<ReturnType<typeof rawSession>>): Promise<net.Socket> => {
    session.socket.write('PASV\r\n');
    const reply = /227 .*\(\d+,\d+,\d+,\d+,(\d+),(\d+)\)/.exec(await session.read(/^227 /m));
    assert.ok(reply, 'a 227');
    const data = net.connect({ host: '127.0.0.1', port: Number(reply[1]) * 256 + Number(reply[2]) });
    data.on('error', () => undefined);
    await new Promise((resolve) => data.once('connect', resolve));
    return data;
  };

  it('lines sent while a slow transfer waits count as they arrive: past the command cap the session gets 421 and is closed, however many follow', async () => {
    const session = await rawSession(reflector.address.port);
    await session.read(/^220 /m);
    const data = await passiveData(session);
    session.socket.write('RETR idle-600\r\n');
    await session.read(/^150 /m);
    // 4 MB of empty lines: before, each was queued behind the transfer's handler without bound.
    session.socket.write('\r\n'.repeat(2 * 1024 * 1024));
    const answer = await session.read(/^421 /m, 5000);
    assert.match(answer, /fdr\/1 limit kind=commands max=100/);
    await closed(session.socket);
    data.destroy();
  });

  it("one budget a session: a slow transfer is not started when its end would not fit in what is left, and the session ends at its budget's end", async () => {
    const budgeted = await startReflector({
      host: '127.0.0.1',
      port: 0,
      connectTimeoutMs: 1000,
      version: 'test',
      log: () => undefined,
      limits: { ...DEFAULT_LIMITS, sessionLifetimeMs: 4000, idleTransferMaxMs: 2000 },
    });
    try {
      const session = await rawSession(budgeted.address.port);
      const started = Date.now();
      await session.read(/^220 /m);
      const first = await passiveData(session);
      session.socket.write('RETR idle-2\r\n');
      assert.match(await session.read(/^226 /m, 5000), /^226 Done after 2 s/m);
      first.destroy();
      const second = await passiveData(session);
      session.socket.write('RETR idle-2\r\n');
      const refused = await session.read(/^501 /m);
      assert.match(refused, /fdr\/1 limit kind=session-budget left-s=\d/);
      assert.match(refused, /^501 This session has \d s left of its 6 s; open a new one/m);
      second.destroy();
      await closed(session.socket);
      assert.ok(Date.now() - started < 6000 + 1000, 'the session ended at its budget');
    } finally {
      await budgeted.close();
    }
  });

  it('caps sessions per source address: the fifth at once gets 421 with the limit named', async () => {
    const sessions = await Promise.all([1, 2, 3, 4].map(() => rawSession(reflector.address.port)));
    await Promise.all(sessions.map((s) => s.read(/^220 /m)));
    const fifth = await rawSession(reflector.address.port);
    const refused = await fifth.read(/^421 /m);
    assert.match(refused, /fdr\/1 limit kind=per-source/);
    for (const s of [...sessions, fifth]) s.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it("a spent connect-back budget is the reflector's limit, not this network's: those tests are not tested, INCONCLUSIVE, no finding blames the network", async () => {
    const tight = await startReflector({
      host: '127.0.0.1',
      port: 0,
      connectTimeoutMs: 1000,
      version: 'test',
      log: () => undefined,
      limits: { ...DEFAULT_LIMITS, connectBacksPerSourcePerMinute: 1 },
    });
    try {
      const { code, document } = await network(['--via', `127.0.0.1:${tight.address.port}`, '--tls', 'none']);
      assert.equal(code, 4);
      assert.equal(document.verdict.verdict, 'inconclusive');
      assert.deepEqual(
        document.tests.filter((t) => !t.label.includes('TLS')).map((t) => t.status),
        ['ok', 'not_tested', 'ok', 'ok'],
      );
      assert.ok(!document.findings.some((f) => f.code === 'NETWORK_ACTIVE_INBOUND_BLOCKED'));
    } finally {
      await tight.close();
    }
  });

  it('caps connect-backs per source and in total within a minute', () => {
    let now = 0;
    const book = new LimitBook(
      { ...DEFAULT_LIMITS, connectBacksPerSourcePerMinute: 2, connectBacksPerMinute: 3 },
      () => now,
    );
    assert.equal(book.connectBack('a'), 'ok');
    assert.equal(book.connectBack('a'), 'ok');
    assert.equal(book.connectBack('a'), 'connect-backs-per-source');
    assert.equal(book.connectBack('b'), 'ok');
    assert.equal(book.connectBack('c'), 'connect-backs');
    now = 60_000;
    assert.equal(book.connectBack('a'), 'ok');
  });

  it('survives hostile input: an endless line is cut off with 500, junk gets 502, and the next session is served', async () => {
    const long = await rawSession(reflector.address.port);
    await long.read(/^220 /m);
    long.socket.write('A'.repeat(5000));
    assert.match(await long.read(/^500 /m), /^500 Line too long/m);
    const junk = await rawSession(reflector.address.port);
    await junk.read(/^220 /m);
    junk.socket.write(Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a]));
    junk.socket.write('PORT 1,2,3\r\nEPRT |9|x|1|\r\nLIST\r\nPROT P\r\n');
    const answers = await junk.read(/^536 /m);
    assert.match(answers, /^502 /m);
    assert.match(answers, /^501 PORT not understood/m);
    assert.match(answers, /^501 EPRT not understood/m);
    assert.match(answers, /^425 Send PORT, EPRT, PASV or EPSV first/m);
    junk.socket.destroy();
    long.socket.destroy();
    const next = await rawSession(reflector.address.port);
    assert.match(await next.read(/^220 /m), /fdr\/1 hello source=127\.0\.0\.1/);
    next.socket.destroy();
  });

  it('logs sessions without a password or a login name', async () => {
    const { socket, read } = await rawSession(reflector.address.port);
    await read(/^220 /m);
    socket.write('USER someone-secret\r\nPASS reflector-secret-pw\r\nQUIT\r\n');
    await read(/^221 /m);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(logs.length > 0);
    assert.ok(!logs.join('\n').includes('reflector-secret-pw') && !logs.join('\n').includes('someone-secret'));
  });
});

describe('network --via against what is not a reflector', () => {
  let plainServer: FtpTestServer;
  let hostile: FtpTestServer;
  before(async () => {
    plainServer = await new FtpTestServer().start();
    hostile = await new FtpTestServer({
      greeting: `220-${'fdr/1 hello source=127.0.0.1 connect-timeout-ms=999999999 tls=no pasv-range=x'}\n220 hello`,
      handlers: {
        PORT: (s) => s.reply(`200-fdr/1 arrived address=not-an-ip port=99999 ${'k=v '.repeat(50)}\n200 ok`),
        EPRT: (s) => s.reply('200-fdr/1 arrived address=127.0.0.1 port=0\n200 ok'),
        LIST: (s) => s.reply(`425-fdr/1 connect-back result=${'x'.repeat(300)}\n425 no`),
        PASV: (s) => s.reply('227 Entering Passive Mode (10,0,0,1,0,0)'),
        EPSV: (s) => s.reply('229 (|||0|)'),
      },
    }).start();
  });
  after(async () => {
    await plainServer.stop();
    await hostile.stop();
  });

  it('an ordinary FTP server: NETWORK_NOT_A_REFLECTOR, nothing tested, INCONCLUSIVE, exit 4', async () => {
    const { code, document } = await network(['--via', `127.0.0.1:${plainServer.port}`]);
    assert.equal(code, 4);
    assert.equal(document.verdict.verdict, 'inconclusive');
    assert.deepEqual(
      document.findings.map((f) => f.code),
      ['NETWORK_NOT_A_REFLECTOR'],
    );
  });

  it('a hostile one with absurd fields: a report within the waits, no crash, nothing connected to but loopback', async () => {
    const started = Date.now();
    const { code, document } = await network(['--via', `127.0.0.1:${hostile.port}`, '--tls', 'none']);
    assert.ok([0, 1, 4].includes(code), `exit ${code}`);
    assert.equal(document.exitCode, code);
    // The reflector's own wait is capped at 30 s; ours is 2 s per step.
    assert.ok(Date.now() - started < 40_000);
  });
});

describe('network and reflector: bad options get one line and exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['network'], /--via/],
    [['network', '--via', 'ftp://user:pw@127.0.0.1'], /--via must not carry a user or password/],
    [['network', '--via', '127.0.0.1', '--via-fingerprint', 'abc'], /--via-fingerprint must be a SHA-256 fingerprint/],
    [['network', '--via', 'ftps://127.0.0.1'], /--via cannot be ftps/],
    [['reflector', '--listen', 'no such thing:x'], /--listen must be ADDRESS/],
    [['reflector', '--cert', 'c.pem'], /--cert and --key go together/],
    [['reflector', '--pasv-range', '9-1'], /--pasv-range must be a port range/],
    [['reflector', '--per-source', '0'], /--per-source must be a whole number from 1 to 10000/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), async () => {
      const run = await runCli(argv);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1);
      assert.doesNotMatch(run.stderr, /pw@|\bat .*\.js/);
    });
  }
});

describe('the reflector as a process', () => {
  it('prints how to reach it, and stops cleanly on SIGTERM (as PID 1 in a container would get)', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../support/paths.js');
    const child = spawn(process.execPath, [BIN, 'reflector', '--listen', '127.0.0.1:0', '--timeout', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${stderr}`)), 15_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('Inside the network to test')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.match(stderr, /not 21: routers' FTP helpers watch port 21 only/);
    assert.match(stderr, /64 sessions at once, 4 from one address/);
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 3000);
  });
});

describe('the fdr/1 reply lines', () => {
  it('round-trip, and a reader skips other versions, bad keys and values', () => {
    const line = formatReflectorLine('arrived', { command: 'PORT', address: '10.0.0.1', port: 21, tls: false });
    assert.equal(line, 'fdr/1 arrived command=PORT address=10.0.0.1 port=21 tls=no');
    const parsed = parseReflectorLines([
      `200-${line}`,
      '200-fdr/2 arrived address=1.1.1.1',
      '200-fdr/1 nonsense a=b',
      '200 fdr/1 hello BAD=x ok=1',
    ]);
    assert.deepEqual(parsed, [
      { event: 'arrived', fields: { command: 'PORT', address: '10.0.0.1', port: '21', tls: 'no' } },
      { event: 'hello', fields: { ok: '1' } },
    ]);
    assert.throws(() => formatReflectorLine('hello', { note: 'has a space' }));
  });
});

describe('network: a wait cut short is not tested, never failed', () => {
  it('a passive connection the --deadline ended: not tested (deadline), INCONCLUSIVE, no finding against the network', () => {
    const hello = { source: '198.51.100.7', controlPort: 21, connectTimeoutMs: 1000, tls: false };
    const record: NetworkRecord = {
      kind: 'network',
      tool: { name: 'ftp-doctor', version: 'test' },
      startedAt: new Date(0).toISOString(),
      via: { host: '203.0.113.5', port: 21, address: '203.0.113.5' },
      sessions: [
        {
          security: 'plain',
          control: { outcome: 'ok', ms: 5, localAddress: '198.51.100.7' },
          hello,
          tests: [
            {
              kind: 'active',
              command: 'PORT',
              sent: { address: '198.51.100.7', port: 40000 },
              reply: { code: 200, text: 'ok' },
              replyOutcome: 'ok',
              arrived: { address: '198.51.100.7', port: 40000 },
              connectBack: { result: 'ok' },
            },
            {
              kind: 'passive',
              command: 'PASV',
              reply: { code: 227, text: 'ok' },
              replyOutcome: 'ok',
              advertised: { port: 50000 },
              connect: { outcome: 'deadline', ms: 900, address: '203.0.113.5', port: 50000 },
            },
          ],
        },
        { security: 'tls', tests: [], notTested: { reason: 'tls-off' } },
      ],
      durationMs: 1000,
      stopped: 'deadline',
      transcript: [],
    };
    const diagnosis = diagnoseNetwork(record);
    const pasv = diagnosis.tests.find((t) => t.label === 'PASV');
    assert.equal(pasv?.status, 'not_tested');
    assert.equal(pasv?.reasonCode, 'deadline');
    assert.equal(diagnosis.verdict.verdict, 'inconclusive');
    assert.ok(!diagnosis.findings.some((f) => f.code === 'NETWORK_PASSIVE_OUTBOUND_BLOCKED'));
  });
});

describe('reflector start-up line', () => {
  it('prints the network command the way the tool was run: through npx, or installed', async () => {
    const { invokedAs } = await import('../../src/commands/reflector/reflector-command.js');
    assert.equal(invokedAs({ npm_command: 'exec' }), 'npx ftp-doctor');
    assert.equal(invokedAs({}), 'ftp-doctor');
  });
});
