import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { idleWaits, IDLE_CONNECTIONS } from '../../src/probe/idle-probe.js';
import { probe } from '../../src/probe/runner.js';
import { nodeTransport, type Transport } from '../../src/probe/transport.js';
import { systemClock } from '../../src/record/clock.js';
import { runCli } from '../support/cli.js';
import { FAST, probeRequest, probeScript } from '../support/probe-server.js';

// The scriptable server stands in for timers only where the bounds are the point; real ones (vsftpd's, a NAT's) are in the lab.
describe('probe --idle', () => {
  it('staggers its waits by √2 up to the maximum, at most seven of them plus one with keepalive', () => {
    assert.deepEqual(idleWaits(8000), [2000, 2800, 4000, 5700, 8000]);
    assert.equal(idleWaits(3_600_000).length, IDLE_CONNECTIONS - 1);
    assert.equal(idleWaits(3_600_000).at(-1), 3_600_000);
  });
  it("a server's own idle timer: its 421 names it, with the bounds found, and the probe ends within --idle and the deadline", async () => {
    const { record, codes, diagnosis, elapsedMs } = await probeScript(
      { idleTimeoutMs: 3000 },
      { modes: ['passive'], idleMs: 5000 },
    );
    assert.ok(codes.includes('CONTROL_IDLE_SERVER_TIMEOUT'), codes.join());
    assert.equal(diagnosis.idle?.whose, 'server');
    assert.equal(diagnosis.idle?.survivedS, 3, 'the 2.8 s wait survived (rounded)');
    assert.equal(diagnosis.idle?.droppedS, 3, 'the 4 s and 5 s waits ended at the 421 after about 3 s');
    assert.ok(record.idle!.connections.some((c) => c.outcome === 'server-closed' && c.reply === '421 Timeout.'));
    assert.ok(elapsedMs < 5000 + FAST.deadlineMs!, `took ${Math.round(elapsedMs)} ms`);
  });
  it('no timer within the maximum: held, in JSON with each wait', async () => {
    const server = await new FtpTestServer({}).start();
    try {
      const run = await runCli([
        'probe',
        `${server.host}:${server.port}`,
        '--modes',
        'passive',
        '--idle',
        '2.5',
        '--json',
      ]);
      const document = JSON.parse(run.stdout) as {
        findings: Array<{ code: string }>;
        idle: { whose: string; connections: Array<{ outcome: string; keepalive?: unknown }> };
      };
      assert.ok(document.findings.some((f) => f.code === 'CONTROL_IDLE_HELD'));
      assert.equal(document.idle.whose, 'none');
      assert.ok(document.idle.connections.every((c) => c.outcome === 'survived'));
      assert.equal(document.idle.connections.filter((c) => c.keepalive).length, 1);
    } finally {
      await server.stop();
    }
  });
  it('opens at most eight more connections, and a server that refuses them is "not made", never a failure', async () => {
    let opened = 0;
    const counting: Transport = {
      ...nodeTransport,
      connect: (options) => {
        opened += 1;
        return nodeTransport.connect(options);
      },
    };
    const server = await new FtpTestServer({ maxConnections: 1 }).start();
    try {
      const [record] = await probe(probeRequest(server.host, server.port, { modes: ['passive'], idleMs: 2500 }), {
        transport: counting,
        clock: systemClock,
        toolVersion: 'test',
      });
      // One connection at a time (the probe's own may still count): a wait not made is said, never a failure.
      const outcomes = record!.idle!.connections.map((c) => c.outcome);
      assert.ok(outcomes.includes('not-opened'), outcomes.join());
      const findings = diagnose(record!).findings;
      assert.ok(!findings.some((f) => f.code.startsWith('CONTROL_IDLE') && f.severity === 'error'));
      assert.ok(findings.some((f) => /could not be opened|would not open/.test(f.explanation)));
      assert.ok(opened <= 2 + 1 + IDLE_CONNECTIONS, `${opened} connections`);
    } finally {
      await server.stop();
    }
  });
  it('Ctrl-C during the waits ends the probe at once, with the waits as stopped', async () => {
    const server = await new FtpTestServer({}).start();
    const controller = new AbortController();
    try {
      const started = performance.now();
      setTimeout(() => controller.abort(), 1500);
      const [record] = await probe(probeRequest(server.host, server.port, { modes: ['passive'], idleMs: 60_000 }), {
        transport: nodeTransport,
        clock: systemClock,
        toolVersion: 'test',
        signal: controller.signal,
      });
      assert.ok(performance.now() - started < 3000);
      assert.equal(record!.interrupted, true);
      assert.ok(
        record!.idle === undefined ||
          record!.idle.connections.every((c) => c.outcome === 'stopped' || c.outcome === 'survived'),
      );
    } finally {
      await server.stop();
    }
  });
  it('--idle takes seconds up to 3600', async () => {
    const run = await runCli(['probe', '127.0.0.1', '--idle', '7200']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--idle must be a number of seconds above 0 and at most 3600/);
  });
});
