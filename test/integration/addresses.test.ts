import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { systemClock } from '../../src/record/clock.js';
import { ALL_MODES } from '../../src/record/record.js';
import { probe } from '../../src/probe/runner.js';
import type { ProbeRequest } from '../../src/record/record.js';
import { nodeTransport, type Transport } from '../../src/probe/transport.js';
import { probeScript } from '../support/probe-server.js';
import { runCli } from '../support/cli.js';
import { allowAlso } from '../support/net-guard.js';

function request(host: string, port: number, allAddresses = false): ProbeRequest {
  return {
    target: { input: host, host, port, user: 'anonymous', anonymous: true },
    password: 'x@example.com',
    settings: {
      modes: [...ALL_MODES],
      timeoutMs: 1000,
      greetingTimeoutMs: 1000,
      deadlineMs: 5000,
      tryAdvertised: false,
      listingCapBytes: 1 << 20,
    },
    allAddresses,
  };
}

/** Names resolve through the transport seam: tests answer them without a resolver. */
function withNames(names: Record<string, Array<{ address: string; family: 4 | 6 }>>): Transport {
  return {
    ...nodeTransport,
    lookup: async (name) => {
      const found = names[name];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return found;
    },
  };
}

describe('names and address families', () => {
  it('probes the first address of each family of a name', async () => {
    const v4 = await new FtpTestServer({}, '127.0.0.1').start();
    const v6 = await new FtpTestServer({}, '::1').start(v4.port).catch(() => undefined);
    try {
      const transport = withNames({
        'ftp.test': [
          { address: '127.0.0.1', family: 4 },
          { address: '127.0.0.2', family: 4 },
          { address: '::1', family: 6 },
        ],
      });
      const records = await probe(request('ftp.test', v4.port), { transport, clock: systemClock, toolVersion: 'test' });
      assert.deepEqual(
        records.map((r) => r.control.address),
        ['127.0.0.1', '::1'],
      );
      assert.deepEqual(records[0]?.resolution?.addresses, ['127.0.0.1', '127.0.0.2', '::1']);
    } finally {
      await v4.stop();
      await v6?.stop();
    }
  });

  it('-4 / -6 keep one family of a name; a name without that family says so', async () => {
    const transport = withNames({
      'ftp.test': [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
      'v4only.test': [{ address: '127.0.0.1', family: 4 }],
    });
    const server = await new FtpTestServer().start();
    try {
      const v4 = await probe(
        { ...request('ftp.test', server.port), family: 4 },
        { transport, clock: systemClock, toolVersion: 'test' },
      );
      assert.deepEqual(
        v4.map((r) => r.control.address),
        ['127.0.0.1'],
      );
      const none = await probe(
        { ...request('v4only.test', server.port), family: 6 },
        { transport, clock: systemClock, toolVersion: 'test' },
      );
      assert.deepEqual(
        diagnose(none[0]!).findings.map((f) => f.code),
        ['CONTROL_DNS_FAILED'],
      );
      assert.match(none[0]?.resolution?.error ?? '', /no IPv6 address \(AAAA record\)/);
    } finally {
      await server.stop();
    }
  });

  it('a dual-stack name whose IPv6 server is missing: DUAL_STACK_IPV6_CONTROL_FAILS, the combined verdict degraded (IPv4 lists), one section per family, a self-consistent top level', async () => {
    const v4 = await new FtpTestServer({}, '127.0.0.1').start();
    try {
      const transport = withNames({
        'ftp.test': [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ],
      });
      const records = await probe(request('ftp.test', v4.port), { transport, clock: systemClock, toolVersion: 'test' });
      const run = await runCli(['probe', `ftp.test:${v4.port}`, '--json'], { records });
      const document = JSON.parse(run.stdout);
      assert.equal(document.addressVerdict.verdict, 'ok');
      assert.equal(document.alsoProbed[0].address, '::1');
      assert.ok(
        document.alsoProbed[0].findings.some((f: { code: string }) => f.code === 'DUAL_STACK_IPV6_CONTROL_FAILS'),
      );
      // Failed only when no address lists: IPv4 does.
      assert.equal(document.verdict.verdict, 'degraded');
      // The top level: every address's findings, each naming its address, and no client said to work everywhere.
      const codes = document.findings.map((f: { code: string; address: string }) => `${f.code}@${f.address}`).sort();
      assert.ok(codes.includes('DUAL_STACK_IPV6_CONTROL_FAILS@::1'), codes.join());
      assert.ok(codes.includes('ALL_MODES_OK@127.0.0.1'), codes.join());
      assert.doesNotMatch(document.clientSummary, /every client/);
      assert.ok(document.clients.some((row: { outcome: string }) => row.outcome === 'could-not-tell'));
      // An error finding (the IPv6 control port refused) still fails the default --fail-on error.
      assert.equal(run.code, 1);
      const text = await runCli(['probe', `ftp.test:${v4.port}`], { records });
      assert.match(text.stdout, /Verdict for 127\.0\.0\.1: OK/);
      assert.match(text.stdout, /Verdict for ::1: FAILED/);
      assert.match(
        text.stdout,
        /Verdict: DEGRADED — combined over the addresses probed \(127\.0\.0\.1 OK, ::1 FAILED\)/,
      );
      const nagios = await runCli(['probe', `ftp.test:${v4.port}`, '--format', 'nagios'], { records });
      assert.match(nagios.stdout, /^FTP WARNING - DEGRADED/);
    } finally {
      await v4.stop();
    }
  });

  it('--all-addresses probes every address', async () => {
    const transport = withNames({
      'ftp.test': [
        { address: '127.0.0.1', family: 4 },
        { address: '127.0.0.2', family: 4 },
      ],
    });
    const server = await new FtpTestServer().start();
    const narrow = allowAlso('127.0.0.2');
    try {
      const records = await probe(request('ftp.test', server.port, true), {
        transport,
        clock: systemClock,
        toolVersion: 'test',
      });
      assert.equal(records.length, 2);
    } finally {
      narrow();
      await server.stop();
    }
  });

  it('a name that does not resolve: CONTROL_DNS_FAILED', async () => {
    const records = await probe(request('nowhere.test', 21), {
      transport: withNames({}),
      clock: systemClock,
      toolVersion: 'test',
    });
    assert.deepEqual(
      diagnose(records[0]!).findings.map((f) => f.code),
      ['CONTROL_DNS_FAILED'],
    );
    assert.deepEqual(
      records[0]?.modes.map((m) => m.notTested?.reason),
      ['control-failed', 'control-failed', 'control-failed', 'control-failed'],
    );
  });

  it('IPv6: EPSV and EPRT work; PASV and PORT, IPv4-only commands, are not applicable and never sent', async () => {
    const server = await new FtpTestServer({ pasvAddress: '0.0.0.0' }, '::1').start().catch(() => undefined);
    if (!server) return; // no IPv6 loopback on this machine
    try {
      const [record] = await probe(request('::1', server.port), {
        transport: nodeTransport,
        clock: systemClock,
        toolVersion: 'test',
      });
      const diagnosis = diagnose(record!);
      assert.deepEqual(
        diagnosis.modes.map((m) => [m.mode, m.status, m.reasonCode]),
        [
          ['passive', 'not_tested', 'not-applicable'],
          ['epsv', 'ok', undefined],
          ['active', 'not_tested', 'not-applicable'],
          ['eprt', 'ok', undefined],
        ],
      );
      assert.ok(!record!.transcript.some((e) => e.kind === 'sent' && /^(PASV|PORT)\b/.test(e.text)));
      assert.equal(diagnosis.verdict.verdict, 'ok');
    } finally {
      await server.stop();
    }
  });

  it('a slow greeting that arrives: GREETING_SLOW with its delay', async () => {
    const { codes, record } = await probeScript(
      { greetingDelayMs: 2100 },
      { modes: ['passive'], greetingTimeoutMs: 4000 },
    );
    assert.deepEqual(codes, ['GREETING_SLOW']);
    assert.ok((record.control.greeting?.ms ?? 0) >= 2000);
  });
});
