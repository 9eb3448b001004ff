import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { ProbeRecord } from '../../src/record/record.js';
import { activeOk, healthyRecord, passiveOk, reply, withMode } from '../support/records.js';

const codes = (record: ProbeRecord) =>
  diagnose(record)
    .findings.map((f) => f.code)
    .sort();

describe('diagnosis rules', () => {
  it('a healthy server: ALL_MODES_OK and verdict ok', () => {
    const d = diagnose(healthyRecord());
    assert.deepEqual(
      d.findings.map((f) => f.code),
      ['ALL_MODES_OK'],
    );
    assert.equal(d.verdict.verdict, 'ok');
  });

  it('a private 227 address behind a public control address: PASV_PRIVATE_ADDRESS, fallback works, degraded', () => {
    const record = withMode(healthyRecord(), passiveOk('passive', '198.51.100.2', '10.20.0.2'));
    assert.deepEqual(codes(record), ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS']);
    const d = diagnose(record);
    assert.equal(d.verdict.verdict, 'degraded');
    assert.equal(d.findings.find((f) => f.code === 'PASV_PRIVATE_ADDRESS')?.severity, 'error');
  });

  it('0.0.0.0 in 227: PASV_UNSPECIFIED_ADDRESS', () => {
    assert.ok(
      codes(withMode(healthyRecord(), passiveOk('passive', '198.51.100.2', '0.0.0.0'))).includes(
        'PASV_UNSPECIFIED_ADDRESS',
      ),
    );
  });

  it('carrier-grade NAT and link-local 227 addresses count as private', () => {
    for (const advertised of ['100.64.1.1', '169.254.10.1', '172.17.1.21']) {
      assert.ok(
        codes(withMode(healthyRecord(), passiveOk('passive', '198.51.100.2', advertised))).includes(
          'PASV_PRIVATE_ADDRESS',
        ),
        advertised,
      );
    }
  });

  it('another public address in 227: PASV_ADDRESS_MISMATCH', () => {
    const observation = passiveOk('passive', '198.51.100.2', '203.0.113.50');
    observation.dataTarget = { host: '203.0.113.50', port: 50004, chosen: 'advertised', advertisedSkipped: false };
    assert.ok(codes(withMode(healthyRecord(), observation)).includes('PASV_ADDRESS_MISMATCH'));
  });

  it('both on the same private network: no NAT findings', () => {
    const record = healthyRecord({ peer: '192.168.1.10', local: '192.168.1.20' });
    assert.deepEqual(codes(record), ['ALL_MODES_OK']);
  });

  it('passive data connect timeout and refusal are told apart', () => {
    const timeout = passiveOk('passive', '198.51.100.2');
    timeout.dataConnect = { outcome: 'timeout', ms: 2000 };
    delete timeout.list;
    timeout.listReplies = [];
    delete timeout.transfer;
    delete timeout.completion;
    timeout.phase = 'data-connect';
    const refused = {
      ...timeout,
      mode: 'epsv' as const,
      dataConnect: { outcome: 'refused' as const, ms: 1 },
      command: passiveOk('epsv', '198.51.100.2').command,
    };
    const record = withMode(withMode(healthyRecord(), timeout), refused);
    const d = diagnose(record);
    assert.deepEqual(d.findings.map((f) => f.code).sort(), ['EPSV_DATA_REFUSED', 'PASV_DATA_TIMEOUT']);
    assert.deepEqual(
      d.modes.map((m) => m.status),
      ['timeout', 'refused', 'ok', 'ok'],
    );
    assert.equal(d.verdict.verdict, 'degraded');
    assert.match(d.findings.find((f) => f.code === 'PASV_DATA_TIMEOUT')?.fix ?? '', /pasv_min_port/);
  });

  it('client behind NAT, PORT refused: ACTIVE_CLIENT_PRIVATE_ADDRESS and ACTIVE_PORT_REJECTED, both warnings', () => {
    const local = '10.77.1.2';
    const rejected = activeOk('active', local, '198.51.100.2');
    rejected.command = { command: 'PORT', outcome: 'ok', reply: reply('500 Illegal PORT command.'), ms: 2 };
    for (const key of ['accept', 'list', 'transfer', 'completion'] as const) delete rejected[key];
    rejected.listReplies = [];
    rejected.phase = 'command';
    const record = withMode(
      healthyRecord({ local, modes: [passiveOk('passive', '198.51.100.2'), rejected] }),
      rejected,
    );
    const d = diagnose(record);
    assert.deepEqual(d.findings.map((f) => [f.code, f.severity]).sort(), [
      ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'warning'],
      ['ACTIVE_PORT_REJECTED', 'warning'],
    ]);
    assert.equal(d.vantage.behindNat, true);
  });

  it('client behind NAT, the server connected back anyway: ALG_REWRITE_SUSPECTED', () => {
    const local = '10.77.1.2';
    const record = healthyRecord({ local, modes: [activeOk('active', local, '198.51.100.2')] });
    assert.deepEqual(codes(record), ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ALG_REWRITE_SUSPECTED']);
  });

  it('PORT accepted, nothing connects back: ACTIVE_DATA_TIMEOUT', () => {
    const hang = activeOk('active', '10.77.1.2', '198.51.100.2');
    hang.accept = { outcome: 'timeout', ms: 2000 };
    hang.list = { command: 'LIST', outcome: 'timeout', ms: 2000 };
    hang.listReplies = [];
    delete hang.transfer;
    delete hang.completion;
    hang.phase = 'list';
    const record = healthyRecord({ local: '10.77.1.2', modes: [hang] });
    assert.deepEqual(codes(record), ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_DATA_TIMEOUT']);
    assert.equal(diagnose(record).modes[0]?.status, 'timeout');
  });

  it('the data connection comes from another address: ACTIVE_DATA_FROM_OTHER_ADDRESS', () => {
    const observation = activeOk('active', '203.0.113.10', '198.51.100.2');
    observation.accept = { outcome: 'ok', ms: 3, remoteAddress: '198.51.100.99', remotePort: 20 };
    assert.ok(codes(healthyRecord({ modes: [observation] })).includes('ACTIVE_DATA_FROM_OTHER_ADDRESS'));
  });

  it('a mode that could not be tested is not a failure', () => {
    const record = healthyRecord({
      modes: [
        passiveOk('passive', '198.51.100.2'),
        {
          mode: 'active',
          connection: 'own',
          notTested: { reason: 'family', detail: 'PORT can only carry IPv4' },
          listReplies: [],
          phase: 'setup',
          durationMs: 0,
        },
      ],
    });
    const d = diagnose(record);
    assert.deepEqual(
      d.modes.map((m) => [m.mode, m.status, m.reasonCode]),
      [
        ['passive', 'ok', undefined],
        ['active', 'not_tested', 'not-applicable'],
        ['epsv', 'not_tested', 'not-requested'],
        ['eprt', 'not_tested', 'not-requested'],
      ],
    );
    assert.equal(d.verdict.verdict, 'ok');
  });

  it('nothing listening: CONTROL_REFUSED and verdict failed', () => {
    const record = healthyRecord({ modes: [] });
    record.control.connect = { outcome: 'refused', ms: 1 };
    delete record.control.greeting;
    delete record.control.login;
    const d = diagnose(record);
    assert.deepEqual(
      d.findings.map((f) => f.code),
      ['CONTROL_REFUSED'],
    );
    assert.equal(d.verdict.verdict, 'failed');
  });
});
