import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEpsvReply, parsePasvReply } from '../../src/protocol/passive.js';
import {
  formatEprt,
  formatPort,
  maskCommand,
  parseEprtArgument,
  parsePortArgument,
} from '../../src/protocol/ftp-commands.js';

describe('parsePasvReply', () => {
  const good: Array<[string, string, number]> = [
    ['227 Entering Passive Mode (192,168,178,2,246,61).', '192.168.178.2', 63037],
    ['227 Entering Passive Mode (10,42,10,140,73,18)', '10.42.10.140', 18706],
    ['227 Data transfer will passively listen to 127,0,0,1,4,51', '127.0.0.1', 1075],
    ['227 Entering passive mode. 127,0,0,1,4,51', '127.0.0.1', 1075],
    ['227-listen socket created\n227 (127,0,0,1,154,21)', '127.0.0.1', 39445],
    ['227 Entering Passive Mode (0,0,0,0,195,80)', '0.0.0.0', 50000],
    ['227 Entering Passive Mode (255,255,227,215,231,125)', '255.255.227.215', 59261],
    ['227 Entering Passive Mode ( 169 , 254 , 10 , 1 , 197 , 19 )', '169.254.10.1', 50451],
  ];
  for (const [text, host, port] of good) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parsePasvReply(text), { ok: true, value: { host, port } });
    });
  }
  const bad = [
    '227 Entering Passive Mode (',
    '227 Entering Passive Mode (192,168,1,256,1,1)',
    '227 (1,2,3,4,300,1)',
    '227 (1,2,3,4,0,0)',
    '227 ok',
    '227 (1,2,3,4,5)',
  ];
  for (const text of bad) {
    it(`rejects ${JSON.stringify(text)} as malformed`, () => {
      assert.equal(parsePasvReply(text).ok, false);
    });
  }
});

describe('parseEpsvReply', () => {
  const good: Array<[string, number]> = [
    ['229 Entering Extended Passive Mode (|||5001|)', 5001],
    ['229 Extended Passive mode OK (|||50007|)', 50007],
    ['229 Entering Extended Passive Mode (!!!46934!)', 46934],
    ['229-first\n229 Entering Extended Passive Mode (###1#)', 1],
  ];
  for (const [text, port] of good) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseEpsvReply(text), { ok: true, value: { port } }));
  }
  for (const text of [
    '229 Entering Extended Passive Mode (|||65536|)',
    '229 (|||0|)',
    '229 (||5001|)',
    '229 (|||abc|)',
    '229 (|!|5|)',
    '229 ok',
  ]) {
    it(`rejects ${JSON.stringify(text)}`, () => assert.equal(parseEpsvReply(text).ok, false));
  }
});

describe('PORT and EPRT', () => {
  it('formats PORT with the port split into two bytes', () => {
    assert.equal(formatPort('169.254.10.2', 18482), 'PORT 169,254,10,2,72,50');
  });
  it('formats EPRT for both families', () => {
    assert.equal(formatEprt('192.0.2.7', 50000), 'EPRT |1|192.0.2.7|50000|');
    assert.equal(formatEprt('::1', 50000), 'EPRT |2|::1|50000|');
  });
  it('parses what it formats', () => {
    assert.deepEqual(parsePortArgument('192,168,1,101,112,125'), {
      ok: true,
      value: { host: '192.168.1.101', port: 28797 },
    });
    assert.deepEqual(parseEprtArgument('|2|::1|50000|'), { ok: true, value: { host: '::1', port: 50000 } });
  });
  it('rejects malformed arguments', () => {
    for (const argument of ['1,2,3,4,5', '1,2,3,400,1,1', 'a,b,c,d,e,f'])
      assert.equal(parsePortArgument(argument).ok, false, argument);
    for (const argument of ['|3|1.2.3.4|5|', '|1|::1|5|', '|1|1.2.3.4|0|', '|1|1.2.3.4|70000|', 'x'])
      assert.equal(parseEprtArgument(argument).ok, false, argument);
  });
  it('never echoes a PASS argument', () => {
    assert.equal(maskCommand('PASS hunter2'), 'PASS ****');
    assert.equal(maskCommand('pass hunter2'), 'PASS ****');
    assert.equal(maskCommand('USER bob'), 'USER bob');
  });
});
