import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetReport } from '../../src/report/assemble.js';
import { renderText } from '../../src/report/text.js';
import { redactPublic } from '../../src/report/redact.js';
import { healthyRecord, passiveOk, withMode } from '../support/records.js';

describe('redaction', () => {
  const record = withMode(healthyRecord(), passiveOk('passive', '198.51.100.2', '10.20.0.2'));
  record.target = { ...record.target, user: 'alice.smith', anonymous: false, host: 'ftp.customer.example' };
  record.transcript = [
    { t: 1, channel: 'control', kind: 'received', text: '227 Entering Passive Mode (198,51,100,2,195,84).' },
  ];
  const text = JSON.stringify(targetReport('t', [record], { failOn: 'error', redact: true }).document);

  it('masks public addresses in dotted and comma form', () => {
    assert.ok(!text.includes('198.51.100.2'));
    assert.ok(!text.includes('198,51,100,2'));
    assert.ok(!text.includes('203.0.113.10'));
    assert.match(text, /<public-\d>,195,84/);
  });
  it('keeps private addresses, which say what is wrong and identify no one', () =>
    assert.ok(text.includes('10.20.0.2')));
  it('masks the user and the host name', () => {
    assert.ok(!text.includes('alice.smith'));
    assert.ok(!text.includes('ftp.customer.example'));
  });
  it("masks a name that is also a word where it was seen, never in the report's own words", () => {
    const named = withMode(healthyRecord(), passiveOk('passive', '198.51.100.2', '10.20.0.2'));
    named.target = { ...named.target, host: 'unknown' };
    named.control.greeting = { outcome: 'ok', ms: 1, replies: [{ code: 220, lines: ['220 unknown ready'] }] };
    const report = targetReport('t', [named], { failOn: 'error', redact: true });
    assert.equal(report.document.target.host, '<host>');
    assert.deepEqual(report.document.control.greeting?.lines, ['220 <host> ready']);
    const shown = renderText(report.document, { width: 100, colour: false, transcript: false, failOn: 'error' });
    assert.match(shown, /server software unknown/);
  });
});

describe('--redact on a network report', () => {
  const document = {
    via: { host: 'reflector.corp.example', port: 21 },
    publicAddress: '198.51.100.7',
    localAddress: '10.1.2.3',
    findings: [{ title: 'This machine is behind NAT: 10.1.2.3 here, 198.51.100.7 to the world' }],
  };
  const text = JSON.stringify(redactPublic(document, new Map([['reflector.corp.example', '<reflector>']])));
  it('masks the public address and the reflector name, keeps the private address', () => {
    assert.ok(!text.includes('198.51.100.7') && !text.includes('reflector.corp.example'));
    assert.ok(text.includes('10.1.2.3'));
    assert.match(text, /<public-1> to the world/);
  });
});
