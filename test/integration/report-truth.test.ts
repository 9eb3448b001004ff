/** Every sentence true: regression tests for reports that said more than was seen (codes, verdicts, client outcomes, exit codes). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { clientSummary, type ClientRow } from '../../src/diagnose/clients.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { systemClock } from '../../src/record/clock.js';
import { probe } from '../../src/probe/runner.js';
import { nodeTransport } from '../../src/probe/transport.js';
import { ALL_MODES, type ProbeSettings } from '../../src/record/record.js';
import { runCli } from '../support/cli.js';
import { FAST, probeScript } from '../support/probe-server.js';
import { allowAlso } from '../support/net-guard.js';

const row = (id: string, outcome: ClientRow['outcome']): ClientRow => ({ id, client: id, short: id, outcome, why: '' });

describe('the client summary never claims more than the matrix', () => {
  it('"every client" only when no row is undecided; undecided clients are named', () => {
    assert.match(clientSummary([row('FileZilla', 'works'), row('curl', 'works')]), /every client checked lists/);
    const mixed = clientSummary([
      row('FileZilla', 'works'),
      row('curl', 'could-not-tell'),
      row('WinSCP', 'could-not-tell'),
    ]);
    assert.doesNotMatch(mixed, /every client/);
    assert.match(mixed, /FileZilla users are fine; could not tell for curl and WinSCP/);
  });
});

describe('what a cut-short wait saw is kept', () => {
  it('Ctrl-C while PASV hangs: PASV not tested (interrupted), with how long it had waited for the reply', async () => {
    const server = await new FtpTestServer({ handlers: { PASV: () => new Promise<void>(() => undefined) } }).start();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 1500);
    try {
      const [record] = await probe(
        {
          target: { input: server.address, host: server.host, port: server.port, user: 'anonymous', anonymous: true },
          password: 'x@example.com',
          settings: {
            modes: [...ALL_MODES],
            tryAdvertised: false,
            listingCapBytes: 1 << 20,
            ...FAST,
            timeoutMs: 10_000,
            deadlineMs: 20_000,
          } as ProbeSettings,
          allAddresses: false,
        },
        { transport: nodeTransport, clock: systemClock, toolVersion: 'test', signal: controller.signal },
      );
      const passive = diagnose(record!).modes.find((m) => m.mode === 'passive');
      assert.equal(passive?.status, 'not_tested');
      assert.equal(passive?.reasonCode, 'interrupted');
      assert.match(passive?.reason ?? '', /^the probe was interrupted, after waiting 1\.\d s for the reply to PASV$/);
    } finally {
      clearTimeout(timer);
      await server.stop();
    }
  });

  it('a greeting cut short by the deadline is not tested, never WRONG_PROTOCOL', async () => {
    const { codes, diagnosis } = await probeScript(
      { greeting: null, onConnect: (s) => void s.socket.write('22') },
      { deadlineMs: 1000, greetingTimeoutMs: 5000 },
    );
    assert.ok(!codes.includes('WRONG_PROTOCOL'), codes.join());
    assert.equal(diagnosis.verdict.verdict, 'inconclusive');
  });
});

describe('findings say only what is so', () => {
  it('PASV_ADDRESS_MISMATCH names both addresses\' kinds, never "both public" for loopback', async () => {
    // Same kind as the server's own (loopback): the probe follows it, so the guard lets this test reach it.
    const widen = allowAlso('127.0.0.9');
    const { diagnosis } = await probeScript({ pasvAddress: '127.0.0.9' }, { modes: ['passive'] }).finally(widen);
    const mismatch = diagnosis.findings.find((f) => f.code === 'PASV_ADDRESS_MISMATCH');
    assert.ok(mismatch, diagnosis.findings.map((f) => f.code).join());
    assert.doesNotMatch(mismatch.explanation, /Both addresses are public/);
    assert.match(mismatch.explanation, /127\.0\.0\.9 \(loopback\).*127\.0\.0\.1 \(loopback\)/);
  });

  it('explain knows every code a command prints, the gate codes included', async () => {
    const run = await runCli(['explain', 'VERDICT_FAILED']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^VERDICT_FAILED \(gate\)/);
  });
});

describe('the demo says what it does', () => {
  it('says it shortens the waits, and its ProFTPD server speaks as ProFTPD does', async () => {
    const run = await runCli(['demo']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^The demo waits at most 1\.5 s at each step.*--timeout \(5 s by default\)/);
    const json = await runCli(['demo', '--json']);
    const proftpd = (
      JSON.parse(json.stdout) as Array<{
        scenario: string;
        report: { modes: Array<{ mode: string; serverSaid?: string }> };
      }>
    ).find((d) => d.scenario === 'passive-port-refused');
    const port = proftpd?.report.modes.find((m) => m.mode === 'active');
    assert.equal(port?.serverSaid, '200 PORT command successful');
  });
});

describe('what the firewalls must allow, in every format', () => {
  it('text, Markdown, HTML, JUnit and Nagios all say it; JSON has it as data', async () => {
    const server = await new FtpTestServer().start();
    try {
      for (const format of ['text', 'markdown', 'html', 'junit', 'nagios']) {
        const run = await runCli(['probe', server.address, '--timeout', '1', '--format', format]);
        assert.match(run.stdout, /allow inbound TCP \d+ to 127\.0\.0\.1/, format);
      }
      const json = JSON.parse((await runCli(['probe', server.address, '--timeout', '1', '--json'])).stdout) as {
        firewall: { server: { controlPort: number } };
      };
      assert.equal(json.firewall.server.controlPort, server.port);
    } finally {
      await server.stop();
    }
  });
});

describe("Windows' legacy console", () => {
  it('shows ASCII marks instead of symbols, where Windows Terminal would show the symbols', async () => {
    const server = await new FtpTestServer({ pasvAddress: '10.20.0.2' }).start();
    try {
      const legacy = await runCli(['probe', server.address, '--timeout', '1'], { platform: 'win32' });
      assert.match(legacy.stdout, /^x PASV_PRIVATE_ADDRESS/m);
      assert.doesNotMatch(legacy.stdout, /[✖▲ℹ]/);
      const terminal = await runCli(['probe', server.address, '--timeout', '1'], {
        platform: 'win32',
        env: { WT_SESSION: '1' },
      });
      assert.match(terminal.stdout, /^✖ PASV_PRIVATE_ADDRESS/m);
    } finally {
      await server.stop();
    }
  });
});
