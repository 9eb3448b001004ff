import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { FtpTestServer } from '../../src/demo/ftp-server.js';
import { systemClock } from '../../src/probe/clock.js';
import { ALL_MODES } from '../../src/record/record.js';
import { probe } from '../../src/probe/runner.js';
import type { ProbeRequest } from '../../src/record/record.js';
import { nodeTransport, type Transport } from '../../src/probe/transport.js';
import { probeScript } from '../support/probe-server.js';

function request(host: string, port: number, allAddresses = false): ProbeRequest {
  return {
    target: { input: host, host, port, user: 'anonymous', anonymous: true },
    password: 'x@example.com',
    settings: { modes: [...ALL_MODES], timeoutMs: 1000, greetingTimeoutMs: 1000, deadlineMs: 5000, tryAdvertised: false, listingCapBytes: 1 << 20 },
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
      const transport = withNames({ 'ftp.test': [{ address: '127.0.0.1', family: 4 }, { address: '127.0.0.2', family: 4 }, { address: '::1', family: 6 }] });
      const records = await probe(request('ftp.test', v4.port), { transport, clock: systemClock, toolVersion: 'test' });
      assert.deepEqual(records.map((r) => r.control.address), ['127.0.0.1', '::1']);
      assert.deepEqual(records[0]?.resolution?.addresses, ['127.0.0.1', '127.0.0.2', '::1']);
    } finally {
      await v4.stop();
      await v6?.stop();
    }
  });

  it('--all-addresses probes every address', async () => {
    const transport = withNames({ 'ftp.test': [{ address: '127.0.0.1', family: 4 }, { address: '127.0.0.2', family: 4 }] });
    const server = await new FtpTestServer().start();
    try {
      const records = await probe(request('ftp.test', server.port, true), { transport, clock: systemClock, toolVersion: 'test' });
      assert.equal(records.length, 2);
    } finally {
      await server.stop();
    }
  });

  it('a name that does not resolve: CONTROL_DNS_FAILED', async () => {
    const records = await probe(request('nowhere.test', 21), { transport: withNames({}), clock: systemClock, toolVersion: 'test' });
    assert.deepEqual(diagnose(records[0]!).findings.map((f) => f.code), ['CONTROL_DNS_FAILED']);
    assert.deepEqual(records[0]?.modes.map((m) => m.notTested?.reason), ['control-failed', 'control-failed', 'control-failed', 'control-failed']);
  });

  it('IPv6: EPSV and EPRT work, PORT is not tested, a 0.0.0.0 PASV reply falls back to the server address', async () => {
    const server = await new FtpTestServer({ pasvAddress: '0.0.0.0' }, '::1').start().catch(() => undefined);
    if (!server) return; // no IPv6 loopback on this machine
    try {
      const [record] = await probe(request('::1', server.port), { transport: nodeTransport, clock: systemClock, toolVersion: 'test' });
      const diagnosis = diagnose(record!);
      assert.deepEqual(
        diagnosis.modes.map((m) => [m.mode, m.status]),
        [['passive', 'ok'], ['epsv', 'ok'], ['active', 'not_tested'], ['eprt', 'ok']],
      );
      assert.ok(diagnosis.findings.some((f) => f.code === 'PASV_UNSPECIFIED_ADDRESS'));
    } finally {
      await server.stop();
    }
  });

  it('a slow greeting that arrives: GREETING_SLOW with its delay', async () => {
    const { codes, record } = await probeScript({ greetingDelayMs: 2100 }, { modes: ['passive'], greetingTimeoutMs: 4000 });
    assert.deepEqual(codes, ['GREETING_SLOW']);
    assert.ok((record.control.greeting?.ms ?? 0) >= 2000);
  });
});
