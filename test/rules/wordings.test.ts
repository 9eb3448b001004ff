/** The servers' real wordings (from the failure-mode catalogue), each mapped to what the tool must make of it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { ModeObservation } from '../../src/record/record.js';
import { identifyFromTexts, identifySoftware } from '../../src/protocol/software.js';
import { activeOk, healthyRecord, passiveOk, reply, withMode } from '../support/records.js';

describe('server software from banners', () => {
  const banners: Array<[string, string, string | undefined]> = [
    ['220 (vsFTPd 3.0.3)', 'vsftpd', '3.0.3'],
    ["220 ProFTPD 1.2.10 Server (xxxxx's ftp) [83.88.205.nnn]", 'proftpd', '1.2.10'],
    ['220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------', 'pure-ftpd', undefined],
    ['220 Microsoft FTP Service', 'iis', undefined],
    ['220-FileZilla Server 0.9.60 beta\n220 Please visit https://filezilla-project.org/', 'filezilla-server', '0.9.60'],
    ['220 Serv-U FTP Server v15.1 ready...', 'serv-u', '15.1'],
    ['220-Cerberus FTP Server - Home Edition\n220 Created by Cerberus, LLC', 'unknown', undefined],
    ['220 Welcome', 'unknown', undefined],
  ];
  for (const [banner, id, version] of banners) {
    it(`${JSON.stringify(banner.split('\n')[0])} is ${id}`, () => {
      const found = identifyFromTexts([{ text: banner, source: 'banner' }]);
      assert.equal(found.id, id);
      assert.equal(found.version, version);
    });
  }
  it('falls back to SYST for IIS with a custom banner', () => {
    assert.equal(
      identifyFromTexts([
        { text: '220 Hello', source: 'banner' },
        { text: '215 Windows_NT', source: 'syst' },
      ]).id,
      'iis',
    );
  });
  it('knows vsftpd by its 500 OOPS', () =>
    assert.equal(identifySoftware('500 OOPS: invalid pasv_address', 'reply')?.id, 'vsftpd'));
});

describe('fixes name the setting of the detected software', () => {
  const banners: Array<[string, RegExp]> = [
    ['220 (vsFTPd 3.0.3)', /pasv_address=198\.51\.100\.2/],
    ['220 ProFTPD 1.3.8 Server', /MasqueradeAddress 198\.51\.100\.2/],
    ['220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------', /-P 198\.51\.100\.2/],
    ['220 Microsoft FTP Service', /External IP Address of Firewall/],
    ['220-FileZilla Server 0.9.60 beta\n220 Please visit https://filezilla-project.org/', /public IP/],
    ['220 Welcome', /announce its public address/],
  ];
  for (const [banner, fix] of banners) {
    it(`PASV_PRIVATE_ADDRESS for ${JSON.stringify(banner.split('\n')[0])}`, () => {
      const record = withMode(healthyRecord({ banner }), passiveOk('passive', '198.51.100.2', '192.168.178.2'));
      const finding = diagnose(record).findings.find((f) => f.code === 'PASV_PRIVATE_ADDRESS');
      assert.match(finding?.fix ?? '', fix);
    });
  }
  it("PASV_DATA_TIMEOUT names each server's passive range setting", () => {
    const settings: Array<[string, RegExp]> = [
      ['220 (vsFTPd 3.0.3)', /pasv_min_port/],
      ['220 ProFTPD 1.3.8 Server', /PassivePorts/],
      ['220---------- Welcome to Pure-FTPd ----------', /-p 50000:50100/],
      ['220 Microsoft FTP Service', /data channel port range/],
    ];
    for (const [banner, fix] of settings) {
      const hang = passiveOk('passive', '198.51.100.2');
      hang.dataConnect = { outcome: 'timeout', ms: 2000 };
      const record = withMode(healthyRecord({ banner }), {
        ...hang,
        listReplies: [],
        phase: 'data-connect',
        list: undefined,
        transfer: undefined,
        completion: undefined,
      });
      assert.match(diagnose(record).findings.find((f) => f.code === 'PASV_DATA_TIMEOUT')?.fix ?? '', fix, banner);
    }
  });
});

function activeReply(text: string, mode: 'active' | 'eprt' = 'active'): ModeObservation {
  const observation = activeOk(mode, '203.0.113.10', '198.51.100.2');
  observation.command = { command: mode === 'active' ? 'PORT' : 'EPRT', outcome: 'ok', reply: reply(text), ms: 2 };
  return {
    ...observation,
    accept: undefined,
    list: undefined,
    transfer: undefined,
    completion: undefined,
    listReplies: [],
    phase: 'command',
  };
}

function activeListReply(text: string): ModeObservation {
  const observation = activeOk('active', '203.0.113.10', '198.51.100.2');
  return {
    ...observation,
    accept: { outcome: 'closed', ms: 10 },
    list: { command: 'LIST', outcome: 'ok', reply: reply(text), ms: 10 },
    listReplies: [reply(text)],
    transfer: undefined,
    completion: undefined,
    phase: 'list',
  };
}

function passiveListReply(text: string): ModeObservation {
  const observation = passiveOk('passive', '198.51.100.2');
  return {
    ...observation,
    list: { command: 'LIST', outcome: 'ok', reply: reply(text), ms: 10 },
    listReplies: [reply(text)],
    transfer: undefined,
    completion: undefined,
    phase: 'list',
  };
}

describe('server wordings become findings', () => {
  const cases: Array<[string, ModeObservation, string]> = [
    ['vsftpd PORT', activeReply('500 Illegal PORT command.'), 'ACTIVE_PORT_REJECTED'],
    ['ProFTPD PORT', activeReply('500 Illegal PORT command'), 'ACTIVE_PORT_REJECTED'],
    [
      'Pure-FTPd PORT',
      activeReply("500 I won't open a connection to 10.28.14.115 (only to 198.51.100.7)"),
      'ACTIVE_PORT_REJECTED',
    ],
    [
      'FileZilla Server PORT',
      activeReply('421 Rejected command, requested IP address does not match control connection IP.'),
      'ACTIVE_PORT_REJECTED',
    ],
    ['IIS PORT', activeReply('501 Server cannot accept argument.'), 'ACTIVE_PORT_REJECTED'],
    ['wu-ftpd PORT', activeReply('502 Illegal PORT Command'), 'ACTIVE_PORT_REJECTED'],
    ['curl EPRT refused', activeReply('500 Illegal EPRT command.', 'eprt'), 'ACTIVE_PORT_REJECTED'],
    ['EPRT not implemented', activeReply("500 'EPRT': command not understood", 'eprt'), 'EPRT_UNSUPPORTED'],
    [
      'ProFTPD active 425',
      activeListReply('425 Unable to build data connection: Connection timed out'),
      'ACTIVE_SERVER_CANNOT_CONNECT',
    ],
    [
      'Pure-FTPd active 425',
      activeListReply('425 Could not open data connection to port 50000: Connection timed out'),
      'ACTIVE_SERVER_CANNOT_CONNECT',
    ],
    [
      'FileZilla active 425',
      activeListReply('425 Can\'t open data connection for transfer of "/"'),
      'ACTIVE_SERVER_CANNOT_CONNECT',
    ],
    ['IIS active 425', activeListReply('425 Cannot open data connection.'), 'ACTIVE_SERVER_CANNOT_CONNECT'],
    ['vsftpd bad IP', passiveListReply('425 Security: Bad IP connecting.'), 'PASV_DATA_FROM_OTHER_ADDRESS_REJECTED'],
    [
      'FileZilla bad IP',
      passiveListReply(
        '425 Rejected data connection for transfer of "/", IP addresses of control and data connection do not match',
      ),
      'PASV_DATA_FROM_OTHER_ADDRESS_REJECTED',
    ],
    ['aborted', passiveListReply('426 Connection closed; transfer aborted.'), 'TRANSFER_ABORTED'],
    ['permission', passiveListReply('550 Permission denied.'), 'LIST_REJECTED'],
  ];
  for (const [name, observation, code] of cases) {
    it(`${name}: ${observation.command?.reply?.lines[0] ?? ''} → ${code}`, () => {
      const codes = diagnose(withMode(healthyRecord(), observation)).findings.map((f) => f.code);
      assert.ok(codes.includes(code as never), `${codes.join(', ')} lacks ${code}`);
    });
  }

  it('Pure-FTPd tells where it sees the client: the finding says so', () => {
    const finding = diagnose(
      withMode(healthyRecord(), activeReply("500 I won't open a connection to 10.28.14.115 (only to 198.51.100.7)")),
    ).findings.find((f) => f.code === 'ACTIVE_PORT_REJECTED');
    assert.match(finding?.explanation ?? '', /198\.51\.100\.7/);
  });

  it('IIS EPSV not understood: EPSV_UNSUPPORTED, status unsupported, verdict still ok', () => {
    const epsv = passiveOk('epsv', '198.51.100.2');
    epsv.command = { command: 'EPSV', outcome: 'ok', reply: reply("500 'EPSV': command not understood"), ms: 2 };
    const d = diagnose(
      withMode(healthyRecord({ banner: '220 Microsoft FTP Service' }), {
        ...epsv,
        advertised: undefined,
        dataTarget: undefined,
        dataConnect: undefined,
        list: undefined,
        listReplies: [],
        transfer: undefined,
        completion: undefined,
        phase: 'command',
      }),
    );
    assert.ok(d.findings.some((f) => f.code === 'EPSV_UNSUPPORTED'));
    assert.equal(d.modes.find((m) => m.mode === 'epsv')?.status, 'unsupported');
    assert.equal(d.verdict.verdict, 'ok');
  });

  const loginCases: Array<[string, string]> = [
    ['530 Non-anonymous sessions must use encryption.', 'TLS_REQUIRED_BY_SERVER'],
    ['534 Policy requires SSL.', 'TLS_REQUIRED_BY_SERVER'],
    ['550 SSL/TLS required on the control channel', 'TLS_REQUIRED_BY_SERVER'],
    ['530 Login incorrect.', 'LOGIN_FAILED'],
    ['500 OOPS: invalid pasv_address', 'SERVER_REFUSED_SESSION'],
    ['421 There are too many connections from your internet address.', 'SERVER_REFUSED_SESSION'],
  ];
  for (const [text, code] of loginCases) {
    it(`login answered ${JSON.stringify(text)} → ${code}`, () => {
      const record = healthyRecord({ modes: [] });
      record.control.login = {
        user: 'bob',
        anonymous: false,
        loggedIn: false,
        steps: [
          { command: 'USER bob', outcome: 'ok', reply: reply('331 Password required'), ms: 1 },
          { command: 'PASS ****', outcome: 'ok', reply: reply(text), ms: 1 },
        ],
      };
      assert.deepEqual(
        diagnose(record).findings.map((f) => f.code),
        [code],
      );
    });
  }
});
