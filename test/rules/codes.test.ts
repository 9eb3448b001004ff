import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { ModeObservation, ProbeRecord } from '../../src/record/record.js';
import { healthyRecord, passiveOk, reply, withMode } from '../support/records.js';

/** The codes, verdict and exit code a record leads to. */
function judged(record: ProbeRecord): { codes: string[]; verdict: string } {
  const d = diagnose(record);
  return { codes: d.findings.map((f) => f.code).sort(), verdict: d.verdict.verdict };
}

const answered = (command: string, text: string) => ({ command, outcome: 'ok' as const, reply: reply(text), ms: 5 });

/** A data mode that stopped at its command's reply. */
function stoppedAt(mode: ModeObservation['mode'], command: string, text: string): ModeObservation {
  return {
    mode,
    connection: 'own',
    command: answered(command, text),
    listReplies: [],
    phase: 'command',
    durationMs: 5,
  };
}

describe('control connection codes', () => {
  it('no route to the server: CONTROL_UNREACHABLE, failed', () => {
    const record = healthyRecord();
    record.control.connect = { outcome: 'unreachable', ms: 3, error: 'EHOSTUNREACH' };
    delete record.control.greeting;
    delete record.control.login;
    record.modes = [];
    assert.deepEqual(judged(record), { codes: ['CONTROL_UNREACHABLE'], verdict: 'failed' });
  });
  it('the connection reset during the greeting: CONTROL_LOST, failed', () => {
    const record = healthyRecord();
    record.control.greeting = { outcome: 'reset', ms: 3, replies: [] };
    delete record.control.login;
    record.modes = [];
    const { codes, verdict } = judged(record);
    assert.deepEqual(codes, ['CONTROL_LOST']);
    assert.equal(verdict, 'failed');
  });
  it('120 and then silence: SERVER_NOT_READY, not a plain greeting timeout', () => {
    const record = healthyRecord();
    record.control.greeting = { outcome: 'timeout', ms: 2000, replies: [reply('120 Service ready in 5 minutes.')] };
    delete record.control.login;
    record.modes = [];
    assert.deepEqual(judged(record).codes, ['SERVER_NOT_READY']);
  });
});

describe('data connection codes', () => {
  it('PASV refused with 502 while EPSV lists: PASV_REJECTED, degraded', () => {
    const record = withMode(healthyRecord(), stoppedAt('passive', 'PASV', '502 Command not implemented.'));
    const { codes, verdict } = judged(record);
    assert.ok(codes.includes('PASV_REJECTED'), codes.join(', '));
    assert.equal(verdict, 'degraded');
  });
  it('PASV answered with 229: PASV_ANSWERED_WITH_229', () => {
    const observation = passiveOk('passive', '198.51.100.2');
    observation.command = answered('PASV', '229 Entering Extended Passive Mode (|||50004|)');
    observation.advertised = { port: 50004 };
    assert.ok(judged(withMode(healthyRecord(), observation)).codes.includes('PASV_ANSWERED_WITH_229'));
  });
  it('a 229 that cannot be read: EPSV_MALFORMED_REPLY', () => {
    const observation = stoppedAt('epsv', 'EPSV', '229 Entering Extended Passive Mode (|||port|)');
    observation.malformed = 'no port between the delimiters';
    const { codes, verdict } = judged(withMode(healthyRecord(), observation));
    assert.ok(codes.includes('EPSV_MALFORMED_REPLY'), codes.join(', '));
    assert.equal(verdict, 'degraded');
  });
  it('a data connection that failed otherwise than by timeout or refusal: DATA_CONNECT_FAILED', () => {
    const observation = passiveOk('passive', '198.51.100.2');
    observation.dataConnect = { outcome: 'unreachable', ms: 2, error: 'EHOSTUNREACH' };
    observation.listReplies = [];
    delete observation.list;
    delete observation.transfer;
    delete observation.completion;
    observation.phase = 'data-connect';
    const { codes } = judged(withMode(healthyRecord(), observation));
    assert.ok(codes.includes('DATA_CONNECT_FAILED'), codes.join(', '));
  });
  it('samples that name two addresses: PASV_ADDRESS_VARIES', () => {
    const record = healthyRecord();
    record.pasvSamples = ['198.51.100.2', '198.51.100.3'].map((host) => ({
      command: 'PASV' as const,
      outcome: 'ok' as const,
      reply: reply(`227 Entering Passive Mode (${host.split('.').join(',')},195,84).`),
      advertised: { host, port: 50004 },
    }));
    assert.ok(judged(record).codes.includes('PASV_ADDRESS_VARIES'));
  });
});

describe('TLS codes', () => {
  const tlsRecord = (): ProbeRecord => {
    const record = healthyRecord();
    record.settings.tls = 'explicit';
    record.control.tls = {
      mode: 'explicit',
      auth: answered('AUTH TLS', '234 Proceed with negotiation.'),
      handshake: { outcome: 'ok', ms: 5, protocol: 'TLSv1.3', authorized: true },
      pbsz: answered('PBSZ 0', '200 PBSZ set to 0.'),
      prot: answered('PROT P', '200 PROT now Private.'),
    };
    return record;
  };
  it('PROT P refused: PROT_P_REFUSED', () => {
    const record = tlsRecord();
    record.control.tls!.prot = answered('PROT P', '536 PROT P not supported.');
    assert.ok(judged(record).codes.includes('PROT_P_REFUSED'));
  });
  it("a data connection's handshake that failed: TLS_DATA_HANDSHAKE_FAILED on that mode, degraded", () => {
    const record = tlsRecord();
    const observation = passiveOk('passive', '198.51.100.2');
    observation.dataTls = { outcome: 'reset', ms: 3, error: 'ECONNRESET', offeredSession: true };
    observation.transfer = { bytes: 0, lines: 0, ms: 1, end: 'reset' };
    observation.completion = { outcome: 'ok', ms: 2, reply: reply('425 Failed to establish connection.') };
    observation.listReplies = [
      reply('150 Here comes the directory listing.'),
      reply('425 Failed to establish connection.'),
    ];
    const d = diagnose(withMode(record, observation));
    const handshake = d.findings.find((f) => f.code === 'TLS_DATA_HANDSHAKE_FAILED');
    assert.ok(handshake, d.findings.map((f) => f.code).join(', '));
    assert.equal(handshake.mode, 'passive');
  });
  it('CCC accepted: CCC_SUPPORTED, informational', () => {
    const record = tlsRecord();
    record.control.tls!.ccc = answered('CCC', '200 CCC OK.');
    const d = diagnose(record);
    assert.equal(d.findings.find((f) => f.code === 'CCC_SUPPORTED')?.severity, 'info');
    assert.equal(d.verdict.verdict, 'ok');
  });
});

describe('capture codes', () => {
  it('encrypted data connections that all opened: TLS_DATA_CONNECTIONS_OK; one that timed out: TLS_DATA_CONNECTION_FAILED', () => {
    const record = healthyRecord();
    record.encryptedData = [{ host: '198.51.100.2', port: 50004, outcome: 'ok', syns: 1, bytes: 900 }];
    const opened = diagnose(record).findings.find((f) => f.code === 'TLS_DATA_CONNECTIONS_OK');
    assert.ok(opened);
    assert.match(opened.title + opened.explanation, /198\.51\.100\.2/);
    record.encryptedData.push({ host: '198.51.100.2', port: 50005, outcome: 'timeout', syns: 3, bytes: 0 });
    const codes = judged(record).codes;
    assert.ok(codes.includes('TLS_DATA_CONNECTION_FAILED') && !codes.includes('TLS_DATA_CONNECTIONS_OK'), codes.join());
  });
});
