import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, type ConfigReader } from '../../src/commands/audit/config/config-errors.js';
import { parseProftpdConf } from '../../src/commands/audit/config/proftpd-config.js';
import { parsePureFtpdArgs, parsePureFtpdConfDir } from '../../src/commands/audit/config/pure-ftpd-config.js';
import { parseVsftpdConf } from '../../src/commands/audit/config/vsftpd-config.js';
import { parseIisConfig } from '../../src/commands/audit/config/iis-config.js';
import { parseFilezillaServerXml } from '../../src/commands/audit/config/filezilla-server-config.js';
import { parseNetsh } from '../../src/commands/audit/firewall/netsh.js';
import { parseIptablesSave } from '../../src/commands/audit/firewall/iptables-save.js';
import { stretches } from '../../src/commands/audit/firewall/model.js';
import { parseNftJson } from '../../src/commands/audit/firewall/nft-json.js';
import { parseFirewallText } from '../../src/commands/audit/read.js';
import { ipv4FromHex, ipv6FromHex } from '../../src/commands/audit/system.js';
import { REPO_ROOT } from '../support/paths.js';
import { readWindowsFirewall } from '../../src/commands/audit/firewall/windows.js';
import { decodeText } from '../../src/io/files.js';

const fixtures = path.join(REPO_ROOT, 'fixtures', 'audit');
const read = (file: string): string => fs.readFileSync(path.join(fixtures, file), 'utf8');

/** Files under /etc/proftpd/ and /etc/pure-ftpd/ served from the fixtures. */
const fixtureReader: ConfigReader = {
  read: (file) => fs.readFileSync(file.replace(/^\/etc\/proftpd\//, `${fixtures}/proftpd/`), 'utf8'),
  list: (dir) => fs.readdirSync(dir),
  isDirectory: (file) => fs.existsSync(file) && fs.statSync(file).isDirectory(),
};

describe('audit: server configurations', () => {
  it("vsftpd: Debian's shipped file listens on IPv6 (both families), no passive range, TLS off", () => {
    const config = parseVsftpdConf(read('vsftpd/debian-default.conf'), '/etc/vsftpd.conf');
    assert.equal(config.listenIpv6.value, true);
    assert.equal(config.listenIpv4.value, true);
    assert.equal(config.passiveRange, undefined);
    assert.equal(config.tlsEnabled?.value, false);
    assert.equal(config.controlPort.value, 21);
    assert.equal(config.controlPort.source.kind, 'default');
  });
  it('vsftpd: the settings that decide, each with its line', () => {
    const config = parseVsftpdConf(
      'listen=YES\n# comment\npasv_min_port=50000\npasv_max_port=50100\npasv_address=198.51.100.2\nport_promiscuous=YES\n',
      'v.conf',
    );
    assert.deepEqual(config.passiveRange?.value, { low: 50000, high: 50100 });
    assert.deepEqual(config.externalAddress, {
      value: '198.51.100.2',
      source: { kind: 'file', file: 'v.conf', line: 5, text: 'pasv_address=198.51.100.2' },
    });
    assert.equal(config.portPromiscuous?.value, true);
    assert.equal(config.listenIpv6.value, false);
  });
  it('vsftpd: a line it cannot read names the file, the line and what was expected', () => {
    assert.throws(
      () => parseVsftpdConf('listen=YES\npasv_min_port = 50000\n', 'v.conf'),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message === 'v.conf:2: expected option=value (no spaces around =), not "pasv_min_port = 50000"',
    );
    assert.throws(() => parseVsftpdConf('listen=maybe\n', 'v.conf'), /v\.conf:1: listen takes YES or NO, not "maybe"/);
    assert.throws(
      () => parseVsftpdConf('pasv_min_port=60000\npasv_max_port=50000\n', 'v.conf'),
      /v\.conf:2: pasv_max_port \(50000\) is below pasv_min_port/,
    );
  });
  it("ProFTPD: Debian's shipped files, following Include; UseIPv6 on, no PassivePorts, no MasqueradeAddress", () => {
    const config = parseProftpdConf('/etc/proftpd/proftpd.conf', fixtureReader);
    assert.ok(config.files.includes('/etc/proftpd/modules.conf'));
    assert.equal(config.listenIpv6.value, true);
    assert.equal(config.controlPort.value, 21);
    assert.equal(config.passiveRange, undefined);
    assert.equal(config.externalAddress, undefined);
    assert.equal(config.maxClients?.value, 30);
  });
  it('ProFTPD: the main server only, not a virtual host; a broken section names its line', () => {
    const files: Record<string, string> = {
      '/p.conf':
        'Port 2121\nPassivePorts 50000 50100\n<VirtualHost 10.0.0.1>\n  MasqueradeAddress 10.9.9.9\n</VirtualHost>\nMasqueradeAddress 198.51.100.2\nTLSEngine on\n',
    };
    const reader: ConfigReader = { read: (f) => files[f]!, list: () => [], isDirectory: () => false };
    const config = parseProftpdConf('/p.conf', reader);
    assert.equal(config.controlPort.value, 2121);
    assert.deepEqual(config.passiveRange?.value, { low: 50000, high: 50100 });
    assert.equal(config.externalAddress?.value, '198.51.100.2');
    assert.equal(config.tlsEnabled?.value, true);
    files['/p.conf'] = '<Global>\nPassivePorts 50100 50000\n</Global>\n';
    assert.throws(() => parseProftpdConf('/p.conf', reader), /\/p\.conf:2: PassivePorts takes two port numbers/);
    files['/p.conf'] = '<Global>\nPort 21\n';
    assert.throws(() => parseProftpdConf('/p.conf', reader), /<global> is not closed/);
  });
  it("Pure-FTPd: Debian's conf folder (no passive range), and a command line with -p and -P", () => {
    const folder = parsePureFtpdConfDir(path.join(fixtures, 'pure-ftpd', 'conf'), fixtureReader);
    assert.equal(folder.passiveRange, undefined);
    const args = parsePureFtpdArgs(
      ['-l', 'puredb:/etc/pure-ftpd/pureftpd.pdb', '-p', '50000:50100', '-P', '198.51.100.2', '-c', '20', '--tls=1'],
      'the command line',
    );
    assert.deepEqual(args.passiveRange?.value, { low: 50000, high: 50100 });
    assert.equal(args.externalAddress?.value, '198.51.100.2');
    assert.equal(args.maxClients?.value, 20);
    assert.equal(args.tlsEnabled?.value, true);
  });
});

describe('audit: host firewalls', () => {
  it('iptables-save: jumps into a user chain, multiport ranges, state matches, a source-limited rule that decides nothing, the raw table helper', () => {
    const ruleset = parseIptablesSave(read('firewall/partial.rules.v4'), 'v4', 4);
    assert.equal(ruleset.evaluate({ family: 4, port: 21, state: 'new' }).verdict, 'accept');
    assert.equal(ruleset.evaluate({ family: 4, port: 50002, state: 'new' }).verdict, 'accept');
    const outside = ruleset.evaluate({ family: 4, port: 50007, state: 'new' });
    assert.equal(outside.verdict, 'reject');
    assert.match(outside.rule, /REJECT --reject-with tcp-reset/);
    assert.equal(ruleset.evaluate({ family: 4, port: 50007, state: 'related' }).verdict, 'accept');
    assert.equal(ruleset.attachesFtpHelper(21), true);
    assert.deepEqual(stretches(50000, 50010, [ruleset]), [
      { low: 50000, high: 50004 },
      { low: 50005, high: 50010 },
    ]);
  });
  it('ip6tables-save: the chain policy decides, no helper; the family is read from the file', () => {
    const ruleset = parseFirewallText(read('firewall/partial.rules.v6'), 'v6');
    assert.deepEqual(ruleset.families, [6]);
    assert.deepEqual(ruleset.evaluate({ family: 6, port: 50000, state: 'new' }), {
      verdict: 'drop',
      rule: ":INPUT DROP (the chain's policy)",
    });
    assert.equal(ruleset.attachesFtpHelper(21), false);
  });
  it('nft -j: an inet table for both families, a named set, a jump to a chain accepting only some sources', () => {
    const ruleset = parseNftJson(read('firewall/nft-set-jump.json'), 'nft');
    assert.deepEqual(ruleset.families, [4, 6]);
    assert.equal(ruleset.evaluate({ family: 6, port: 21, state: 'new' }).verdict, 'accept');
    const passive = ruleset.evaluate({ family: 4, port: 50005, state: 'new' });
    assert.equal(passive.verdict, 'drop');
    assert.match(passive.rule, /policy drop/);
    assert.equal(ruleset.evaluate({ family: 4, port: 50005, state: 'related' }).verdict, 'accept');
  });
  it('a file that is not a ruleset names the file and the line', () => {
    assert.throws(
      () => parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\nhello\n', 'x.rules', 4),
      /x\.rules:3: expected \*table, :CHAIN/,
    );
    assert.throws(() => parseNftJson('{"nope": 1}', 'x.json'), /x\.json: expected \{"nftables": \[\.\.\.\]\}/);
  });
  it('reads /proc/net/tcp addresses', () => {
    assert.equal(ipv4FromHex('0100007F'), '127.0.0.1');
    assert.equal(ipv6FromHex('00000000000000000000000001000000'), '::1');
    assert.equal(ipv6FromHex('B80D0120000000000000000010000000'), '2001:db8::10');
  });
});

describe('audit: the command on saved files', () => {
  it("a customer's files: findings with file and line, the same truth in JSON (schema-valid) and text, nothing of this host read", async () => {
    const { runCli } = await import('../support/cli.js');
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true, strictRequired: false }).compile(schema);
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-audit-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'vsftpd.conf'),
        'listen=YES\npasv_min_port=50000\npasv_max_port=50010\npasv_address=10.1.2.3\nssl_enable=YES\n',
      );
      const argv = [
        'audit',
        '--config',
        path.join(dir, 'vsftpd.conf'),
        '--firewall',
        `${path.join(fixtures, 'firewall', 'partial.rules.v4')},${path.join(fixtures, 'firewall', 'partial.rules.v6')}`,
        '--server',
        'vsftpd',
      ];
      const json = await runCli([...argv, '--json']);
      const document = JSON.parse(json.stdout) as {
        findings: Array<{ code: string; severity: string }>;
        host: { addresses: string[] };
        verdict: { verdict: string };
        exitCode: number;
      };
      assert.ok(validate(document), JSON.stringify(validate.errors?.slice(0, 3)));
      assert.deepEqual(document.findings.map((f: { code: string }) => f.code).sort(), [
        'AUDIT_EXTERNAL_ADDRESS_PRIVATE',
        'AUDIT_PASSIVE_RANGE_HELPER_ONLY',
      ]);
      assert.equal(
        document.findings.find((f) => f.code === 'AUDIT_PASSIVE_RANGE_HELPER_ONLY')?.severity,
        'error',
        'TLS is on: the helper cannot help',
      );
      assert.deepEqual(document.host.addresses, []);
      assert.equal(document.verdict.verdict, 'degraded');
      assert.equal(json.code, 1);
      assert.equal(document.exitCode, 1);
      const text = await runCli(argv);
      assert.equal(text.code, 1);
      assert.match(text.stdout, /vsftpd\.conf:4/);
      assert.match(text.stdout, /Verdict: DEGRADED/);
      const bad = await runCli([
        'audit',
        '--config',
        path.join(fixtures, 'firewall', 'partial.rules.v4'),
        '--server',
        'vsftpd',
        '--firewall',
        path.join(fixtures, 'firewall', 'partial.rules.v6'),
      ]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /partial\.rules\.v4:2: expected option=value/);
      assert.equal(bad.stderr.trim().split('\n').length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit: a firewall that shuts the control port', () => {
  // nft -j list ruleset of one inet table: policy drop, ssh and the passive range let in, port 21 not.
  const blockAll = JSON.stringify({
    nftables: [
      { table: { family: 'inet', name: 'filter', handle: 1 } },
      {
        chain: {
          family: 'inet',
          table: 'filter',
          name: 'input',
          handle: 1,
          type: 'filter',
          hook: 'input',
          prio: 0,
          policy: 'drop',
        },
      },
      ...[22, { range: [50000, 50010] }].map((right, handle) => ({
        rule: {
          family: 'inet',
          table: 'filter',
          chain: 'input',
          handle: handle + 4,
          expr: [
            { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right } },
            { accept: null },
          ],
        },
      })),
    ],
  });
  const run = async (
    conf: string,
    firewall: Record<string, string> = { 'ruleset.json': blockAll },
    extra: string[] = [],
  ): Promise<{
    code: number;
    document: {
      verdict: { verdict: string };
      findings: Array<{ code: string; title: string; fix: string }>;
      exitCode: number;
    };
  }> => {
    const { runCli } = await import('../support/cli.js');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-audit-'));
    try {
      fs.writeFileSync(path.join(dir, 'vsftpd.conf'), conf);
      for (const [name, text] of Object.entries(firewall)) fs.writeFileSync(path.join(dir, name), text);
      const files = Object.keys(firewall).map((name) => path.join(dir, name));
      const argv = [
        'audit',
        '--config',
        path.join(dir, 'vsftpd.conf'),
        '--firewall',
        files.join(','),
        '--server',
        'vsftpd',
      ];
      const result = await runCli([...argv, ...extra, '--json']);
      return { code: result.code, document: JSON.parse(result.stdout) as never };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const saved = (...rules: string[]): string =>
    `*filter\n:INPUT DROP [0:0]\n${rules.map((r) => `-A INPUT ${r}\n`).join('')}COMMIT\n`;
  const open = saved('-p tcp --dport 21 -j ACCEPT', '-p tcp --dport 50000:50010 -j ACCEPT');
  const dualStack = 'listen=NO\nlisten_ipv6=YES\npasv_min_port=50000\npasv_max_port=50010\n';
  it("Debian's rules.v4 and rules.v6 without their headers: the IPv6 file is read as IPv6, so a v6-only block degrades instead of failing", async () => {
    const { code, document } = await run(`${dualStack}pasv_address=203.0.113.7\n`, {
      'rules.v4': open,
      'rules.v6': saved('-p tcp --dport 22 -j ACCEPT'),
    });
    const codes = document.findings.map((f) => f.code);
    assert.ok(codes.includes('AUDIT_IPV6_FIREWALL_MISSES'), codes.join(', '));
    assert.match(document.findings.find((f) => f.code === 'AUDIT_CONTROL_PORT_BLOCKED')!.title, /\(IPv6\)/);
    assert.equal(document.verdict.verdict, 'degraded');
    assert.equal(code, 1);
  });
  it('a clean configuration and firewall: AUDIT_ALL_CHECKS_OK, exit 0; promiscuous data connections, a name and a range smaller than max_clients are said', async () => {
    const clean = 'listen=YES\npasv_min_port=50000\npasv_max_port=50010\npasv_address=203.0.113.7\n';
    const ok = await run(clean, { 'rules.v4': open }, ['--public-address', '203.0.113.7']);
    assert.deepEqual(
      ok.document.findings.map((f) => f.code),
      ['AUDIT_ALL_CHECKS_OK'],
    );
    assert.equal(ok.document.verdict.verdict, 'ok');
    assert.equal(ok.code, 0);
    const loose = await run(
      'listen=YES\npasv_min_port=50000\npasv_max_port=50010\npasv_address=ftp.example.net\npasv_addr_resolve=YES\npasv_promiscuous=YES\nport_promiscuous=YES\nmax_clients=50\n',
      { 'rules.v4': open },
    );
    assert.deepEqual(loose.document.findings.map((f) => f.code).sort(), [
      'AUDIT_EXTERNAL_ADDRESS_IS_NAME',
      'AUDIT_PASV_PROMISCUOUS',
      'AUDIT_PORT_PROMISCUOUS',
      'AUDIT_RANGE_SMALL',
    ]);
    assert.equal(loose.document.verdict.verdict, 'degraded', 'an audit counts warnings');
  });
  it('one inet table that drops port 21 for IPv4 and IPv6: one finding for both families, and the audit fails', async () => {
    const { code, document } = await run(`${dualStack}pasv_address=203.0.113.7\n`);
    const blocked = document.findings.filter((f) => f.code === 'AUDIT_CONTROL_PORT_BLOCKED');
    assert.equal(blocked.length, 1, JSON.stringify(document.findings.map((f) => f.code)));
    assert.match(blocked[0]!.title, /\(IPv4 and IPv6\)/);
    assert.match(
      blocked[0]!.fix,
      /`nft insert rule inet filter input tcp dport 21 ct state new accept`/,
      'the fix is for nftables, not iptables',
    );
    assert.equal(document.verdict.verdict, 'failed');
    assert.equal(code, 1);
    assert.equal(document.exitCode, 1);
  });
  it('a server that listens on IPv4 only, its port 21 dropped: failed, though the IPv6 firewall was never its way in', async () => {
    const { code, document } = await run(
      'listen=YES\nlisten_ipv6=NO\npasv_min_port=50000\npasv_max_port=50010\npasv_address=203.0.113.7\n',
    );
    assert.ok(document.findings.some((f) => f.code === 'AUDIT_CONTROL_PORT_BLOCKED'));
    assert.equal(document.verdict.verdict, 'failed');
    assert.equal(code, 1);
  });
});

describe('audit: asking the server itself', () => {
  it("a running Pure-FTPd whose title hides its options and whose conf folder is missing: the server's own replies give the ports, and the firewall is checked for them", async () => {
    const { readAudit } = await import('../../src/commands/audit/read.js');
    const { diagnoseAudit } = await import('../../src/diagnose/audit-diagnosis.js');
    const rules = read('firewall/partial.rules.v4');
    const record = await readAudit(
      { firewallFiles: [], startedAt: '2026-01-01T00:00:00.000Z', toolVersion: '0' },
      {
        reader: {
          read: () => {
            throw Object.assign(new Error('no'), { code: 'ENOENT' });
          },
          list: () => {
            throw Object.assign(new Error('no'), { code: 'ENOENT' });
          },
          isDirectory: () => false,
        },
        findServers: () => [
          {
            software: 'pure-ftpd',
            pid: 4242,
            executable: '/usr/sbin/pure-ftpd',
            args: ['(SERVER)'],
            listening: [{ address: '0.0.0.0', port: 21 }],
          },
        ],
        askServer: async (address, port) => {
          // It listens on every address: asked at the host's own, since the 227 names the address a client reached.
          assert.deepEqual([address, port], ['198.51.100.2', 21]);
          return { address: '198.51.100.2', ports: [50001, 50007] };
        },
        runTool: async (command) => (command === 'iptables-nft-save' ? { output: rules } : { error: 'not here' }),
        hostAddresses: () => ['198.51.100.2'],
        ephemeralRange: () => undefined,
        ftpHelperLoaded: () => true,
      },
    );
    assert.deepEqual(record.answers, { address: '198.51.100.2', ports: [50001, 50007] });
    assert.ok(record.notChecked.some((n) => n.check === 'config'));
    const diagnosis = diagnoseAudit(record);
    assert.ok(diagnosis.checked.includes("the server's own passive replies"));
    // 50001 is allowed for new connections; 50007 only as RELATED, through the helper the raw table attaches.
    assert.deepEqual(
      diagnosis.findings.map((f) => f.code),
      ['AUDIT_PASSIVE_RANGE_HELPER_ONLY'],
    );
  });
});

describe('audit: the host itself', () => {
  it('a host with a public IPv6 address whose vsftpd listens on IPv4 only: AUDIT_NO_IPV6_LISTENER, with the line to change', async () => {
    const { readAudit } = await import('../../src/commands/audit/read.js');
    const { diagnoseAudit } = await import('../../src/diagnose/audit-diagnosis.js');
    const { fileReader } = await import('../../src/commands/audit/system.js');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-v6-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'vsftpd.conf'),
        'listen=YES\nlisten_ipv6=NO\npasv_min_port=50000\npasv_max_port=50010\npasv_address=198.51.100.2\n',
      );
      const record = await readAudit(
        {
          config: path.join(dir, 'vsftpd.conf'),
          server: 'vsftpd',
          firewallFiles: [],
          startedAt: 'x',
          toolVersion: '0',
        },
        {
          reader: fileReader,
          findServers: () => [],
          askServer: async () => ({ ports: [] }),
          runTool: async () => ({ error: 'not here' }),
          hostAddresses: () => ['198.51.100.2', '2001:db8:5::2', 'fe80::1'],
          ephemeralRange: () => undefined,
          ftpHelperLoaded: () => false,
        },
      );
      const diagnosis = diagnoseAudit(record);
      const missing = diagnosis.findings.find((f) => f.code === 'AUDIT_NO_IPV6_LISTENER');
      assert.ok(missing, diagnosis.findings.map((f) => f.code).join(', '));
      assert.match(missing.explanation, /2001:db8:5::2/);
      assert.doesNotMatch(missing.explanation, /fe80::1/, 'a link-local address is not a way in for clients');
      assert.equal(diagnosis.verdict.verdict, 'degraded');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit: a server behind DNAT', () => {
  it('a port published to a container (Docker) is reported as not checked, not as open', async () => {
    const { readAudit } = await import('../../src/commands/audit/read.js');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-dnat-'));
    try {
      fs.writeFileSync(path.join(dir, 'vsftpd.conf'), 'listen=YES\npasv_min_port=50000\npasv_max_port=50010\n');
      fs.writeFileSync(
        path.join(dir, 'rules.v4'),
        '*nat\n:PREROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n-A DOCKER ! -i docker0 -p tcp -m tcp --dport 21 -j DNAT --to-destination 172.17.0.2:21\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n',
      );
      const { fileReader } = await import('../../src/commands/audit/system.js');
      const record = await readAudit(
        {
          config: path.join(dir, 'vsftpd.conf'),
          server: 'vsftpd',
          firewallFiles: [path.join(dir, 'rules.v4')],
          startedAt: 'x',
          toolVersion: '0',
        },
        {
          reader: fileReader,
          findServers: () => [],
          askServer: async () => ({ ports: [] }),
          runTool: async () => ({ error: 'unused' }),
          hostAddresses: () => [],
          ephemeralRange: () => undefined,
          ftpHelperLoaded: () => false,
        },
      );
      assert.ok(
        record.notChecked.some(
          (n) => n.check === 'firewall' && /DNAT rule forwards port 21 .* 172\.17\.0\.2:21/.test(n.why),
        ),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit: Windows servers and Windows Firewall, from their files', () => {
  const windows = (file: string): string => path.join(fixtures, file);
  it("IIS: the server-level range, the FTP site's port, external address and SSL policy, each with its line", () => {
    const config = parseIisConfig(read('iis/applicationHost.config'), 'applicationHost.config');
    assert.equal(config.site, 'Partner FTP');
    assert.equal(config.controlPort.value, 21);
    assert.deepEqual(config.passiveRange?.value, { low: 50000, high: 50100 });
    assert.equal(config.externalAddress?.value, '192.168.10.20');
    assert.equal(config.externalAddress?.source.kind === 'file' && config.externalAddress.source.line, 36);
    assert.equal(config.tlsEnabled?.value, true);
    const defaults = parseIisConfig(read('iis/applicationHost-defaults.config'), 'applicationHost-defaults.config');
    assert.equal(defaults.passiveRange, undefined, 'lowDataChannelPort and highDataChannelPort 0: any port');
    assert.equal(defaults.externalAddress, undefined);
    assert.equal(defaults.tlsEnabled?.value, false, 'SSL allowed, but no certificate chosen');
  });
  it('FileZilla Server 0.9: the custom range, the public address, TLS', () => {
    const config = parseFilezillaServerXml(read('filezilla-server/FileZilla Server.xml'), 'FileZilla Server.xml');
    assert.deepEqual(config.passiveRange?.value, { low: 50000, high: 50100 });
    assert.equal(config.externalAddress?.value, '203.0.113.5');
    assert.equal(config.tlsEnabled?.value, true);
    assert.equal(config.portPromiscuous, undefined);
  });
  it('netsh: a block rule wins over an allow rule; disabled rules, rules for some addresses and keyword ports decide nothing; StatefulFTP lets RELATED in', () => {
    const firewall = parseNetsh(
      ['windows-firewall/rules.txt', 'windows-firewall/global.txt'].map((file) => ({ file, text: read(file) })),
    );
    assert.equal(firewall.evaluate({ family: 4, port: 21, state: 'new' }).verdict, 'accept');
    const passive = firewall.evaluate({ family: 4, port: 50000, state: 'new' });
    assert.equal(passive.verdict, 'drop', 'the passive rule IIS installs is disabled');
    assert.match(passive.rule, /default inbound policy/);
    assert.equal(firewall.evaluate({ family: 6, port: 3389, state: 'new' }).verdict, 'drop', 'RDP only from 10/8');
    assert.equal(firewall.evaluate({ family: 4, port: 50000, state: 'related' }).verdict, 'accept');
    assert.ok(firewall.attachesFtpHelper(21));
    const partial = parseNetsh(
      ['windows-firewall/rules-partial-block.txt', 'windows-firewall/allprofiles.txt'].map((file) => ({
        file,
        text: read(file),
      })),
    );
    assert.equal(partial.evaluate({ family: 4, port: 50050, state: 'new' }).verdict, 'accept');
    assert.match(partial.evaluate({ family: 4, port: 50051, state: 'new' }).rule, /Block high ports/);
    assert.equal(
      partial.evaluate({ family: 4, port: 50051, state: 'related' }).verdict,
      'drop',
      'no StatefulFTP line: no helper',
    );
  });
  it("a consultant's files: IIS behind NAT with FTPS and only the stateful filter for passive ports", async () => {
    const { runCli } = await import('../support/cli.js');
    const run = await runCli([
      'audit',
      '--server',
      'iis',
      '--config',
      windows('iis/applicationHost.config'),
      '--firewall',
      `${windows('windows-firewall/rules.txt')},${windows('windows-firewall/global.txt')}`,
      '--json',
    ]);
    const document = JSON.parse(run.stdout) as {
      findings: Array<{ code: string; severity: string; title: string; fix: string; fixFor?: string }>;
      verdict: { verdict: string };
      exitCode: number;
    };
    // One Windows Firewall for both families: one finding that says so.
    assert.deepEqual(document.findings.map((f) => f.code).sort(), [
      'AUDIT_EXTERNAL_ADDRESS_PRIVATE',
      'AUDIT_PASSIVE_RANGE_HELPER_ONLY',
    ]);
    assert.match(
      document.findings.find((f) => f.code === 'AUDIT_PASSIVE_RANGE_HELPER_ONLY')!.title,
      /\(IPv4 and IPv6\)/,
    );
    assert.ok(
      document.findings
        .filter((f) => f.code === 'AUDIT_PASSIVE_RANGE_HELPER_ONLY')
        .every((f) => f.severity === 'error' && /New-NetFirewallRule .*-LocalPort 50000-50100/.test(f.fix)),
      'FTPS is required: the stateful filter is blind',
    );
    assert.equal(document.verdict.verdict, 'degraded');
    assert.equal(run.code, 1);
    assert.equal(document.exitCode, 1);
  });
  it("a consultant's files: FileZilla Server with half its range blocked, and a stale public address", async () => {
    const { runCli } = await import('../support/cli.js');
    const files = ['rules-partial-block.txt', 'allprofiles.txt'].map((f) => windows(`windows-firewall/${f}`)).join(',');
    const run = await runCli([
      'audit',
      '--server',
      'filezilla-server',
      '--config',
      windows('filezilla-server/FileZilla Server.xml'),
      '--firewall',
      files,
      '--public-address',
      '203.0.113.9',
      '--json',
    ]);
    const document = JSON.parse(run.stdout) as {
      findings: Array<{ code: string; title: string; fixFor?: string }>;
      verdict: { verdict: string };
    };
    assert.deepEqual(document.findings.map((f) => f.code).sort(), [
      'AUDIT_EXTERNAL_ADDRESS_MISMATCH',
      'AUDIT_PASSIVE_RANGE_BLOCKED',
    ]);
    assert.match(
      document.findings.find((f) => f.code === 'AUDIT_PASSIVE_RANGE_BLOCKED')!.title,
      /blocks 50051-50100 of the passive range 50000-50100/,
    );
    assert.equal(document.verdict.verdict, 'degraded');
  });
  it('IIS defaults: no data channel range, said with the IIS way to set one', async () => {
    const { runCli } = await import('../support/cli.js');
    const run = await runCli([
      'audit',
      '--config',
      windows('iis/applicationHost-defaults.config'),
      '--server',
      'iis',
      '--json',
    ]);
    const document = JSON.parse(run.stdout) as {
      findings: Array<{ code: string; fix: string; fixFor?: string }>;
      notChecked: Array<{ why: string }>;
    };
    const noRange = document.findings.find((f) => f.code === 'AUDIT_NO_PASSIVE_RANGE');
    assert.equal(noRange?.fixFor, 'IIS FTP');
    // Below Windows' dynamic ports (49152-65535), and in PowerShell as an IIS admin pastes it.
    assert.match(noRange?.fix ?? '', /lowDataChannelPort:49051 \/highDataChannelPort:49151/);
    assert.match(noRange?.fix ?? '', /Restart-Service ftpsvc/);
    assert.ok(document.notChecked.some((n) => /no external address is configured/.test(n.why)));
  });
  it('a broken applicationHost.config gets one line naming the file and the line', async () => {
    const { runCli } = await import('../support/cli.js');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-windows-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'applicationHost.config'),
        '<configuration>\n  <system.ftpServer>\n    <firewallSupport lowDataChannelPort="x" />\n  </system.ftpServer>\n</configuration>\n',
      );
      fs.writeFileSync(path.join(dir, 'fz.xml'), '<FileZillaServer>\n<Settings>\n</FileZillaServer>\n');
      const run = await runCli(['audit', '--server', 'iis', '--config', path.join(dir, 'applicationHost.config')]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /applicationHost\.config:3: lowDataChannelPort takes a port number, not "x"/);
      const unclosed = await runCli(['audit', '--server', 'filezilla-server', '--config', path.join(dir, 'fz.xml')]);
      assert.equal(unclosed.code, 2);
      assert.match(unclosed.stderr, /fz\.xml:3: expected <\/Settings>/);
      assert.equal(unclosed.stderr.trim().split('\n').length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit advice passes its own checks', () => {
  it('the suggested passive range lies outside the ephemeral range, so AUDIT_RANGE_OVERLAPS_EPHEMERAL never flags the advice', async () => {
    const { suggestedRange } = await import('../../src/diagnose/audit-diagnosis.js');
    for (const ephemeral of [
      { low: 32768, high: 60999 },
      { low: 1024, high: 65535 },
      { low: 49152, high: 65535 },
      { low: 10000, high: 65000 },
      undefined,
    ]) {
      const { low, high } = suggestedRange(ephemeral);
      const range = { low: Number(low), high: Number(high) };
      assert.ok(range.high - range.low >= 100 || ephemeral?.low === 1024, JSON.stringify(ephemeral));
      const e = ephemeral ?? { low: 32768, high: 60999 };
      if (!(e.low === 1024 && e.high === 65535))
        assert.ok(range.high < e.low || range.low > e.high, `${low}-${high} overlaps ${JSON.stringify(ephemeral)}`);
    }
  });
});

describe('audit: a configuration file assumed from the package default', () => {
  const system = (dir: string, answers: { address?: string; ports: number[] }) => ({
    reader: {
      read: (file: string) => fs.readFileSync(file, 'utf8'),
      list: (p: string) => fs.readdirSync(p),
      isDirectory: (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory(),
    },
    // ProFTPD with its title overwritten: nothing shows which file it read.
    findServers: () => [
      {
        software: 'proftpd' as const,
        pid: 4242,
        executable: '/usr/sbin/proftpd',
        args: ['proftpd:', '(accepting', 'connections)'],
        listening: [{ address: '0.0.0.0', port: 21 }],
      },
    ],
    askServer: async () => answers,
    runTool: async () => ({ error: 'not here' }),
    hostAddresses: () => ['198.51.100.2'],
    ephemeralRange: () => undefined,
    ftpHelperLoaded: () => false,
    defaults: {
      vsftpd: path.join(dir, 'vsftpd.conf'),
      proftpd: path.join(dir, 'proftpd.conf'),
      pureFtpdConfDir: path.join(dir, 'pure-ftpd'),
      iis: path.join(dir, 'applicationHost.config'),
    },
  });

  it('a host firewall not read says why: no tool installed is not "run as root"', async () => {
    const { readAudit } = await import('../../src/commands/audit/read.js');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-firewall-'));
    try {
      fs.writeFileSync(path.join(dir, 'proftpd.conf'), 'Port 21\nPassivePorts 50000 50009\n');
      const whyWith = async (
        runTool: (command: string) => Promise<{ output?: string; error?: string; missing?: boolean }>,
      ) => {
        const record = await readAudit(
          { firewallFiles: [], startedAt: 'x', toolVersion: '0' },
          { ...system(dir, { ports: [] }), runTool },
        );
        return record.notChecked.find((n) => n.check === 'firewall')?.why ?? '';
      };
      const none = await whyWith(async (command) => ({ error: `${command} is not installed`, missing: true }));
      assert.match(none, /no host firewall tool .* is installed/);
      assert.doesNotMatch(none, /root/);
      const denied = await whyWith(async (command) =>
        command === 'nft'
          ? { error: 'Operation not permitted (you must be root)' }
          : { error: `${command} is not installed`, missing: true },
      );
      assert.match(denied, /Operation not permitted.*run as root/);
      const empty = await whyWith(async (command) =>
        command === 'nft' ? { output: '' } : { error: 'x', missing: true },
      );
      assert.equal(empty, '');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a default file the server contradicts: AUDIT_CONFIG_NOT_RUNNING, and nothing drawn from the file', async () => {
    const { readAudit } = await import('../../src/commands/audit/read.js');
    const { diagnoseAudit } = await import('../../src/diagnose/audit-diagnosis.js');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-assumed-'));
    try {
      fs.writeFileSync(path.join(dir, 'proftpd.conf'), 'Port 21\n# PassivePorts 49152 65534\n');
      const record = await readAudit(
        { firewallFiles: [], startedAt: 'x', toolVersion: '0' },
        system(dir, { address: '198.51.100.2', ports: [50001, 50004, 50009] }),
      );
      assert.equal(record.configNotRunning?.file, path.join(dir, 'proftpd.conf'));
      assert.equal(record.config, undefined);
      const codes = diagnoseAudit(record).findings.map((f) => f.code);
      assert.ok(codes.includes('AUDIT_CONFIG_NOT_RUNNING'), codes.join());
      assert.ok(!codes.includes('AUDIT_NO_PASSIVE_RANGE'), codes.join());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a default file the server agrees with: used, and said to be assumed', async () => {
    const { readAudit } = await import('../../src/commands/audit/read.js');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ftp-doctor-assumed-'));
    try {
      fs.writeFileSync(path.join(dir, 'proftpd.conf'), 'Port 21\nPassivePorts 50000 50100\n');
      const record = await readAudit(
        { firewallFiles: [], startedAt: 'x', toolVersion: '0' },
        system(dir, { ports: [50001, 50004, 50009] }),
      );
      assert.equal(record.configAssumed, path.join(dir, 'proftpd.conf'));
      assert.deepEqual(record.config?.passiveRange?.value, { low: 50000, high: 50100 });
      assert.equal(record.configNotRunning, undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Windows Firewall rules decide only for what they scope', () => {
  const rule = (name: string, extra: string) =>
    `Rule Name:                            ${name}\n----------------------------------------------------------------------\nEnabled:                              Yes\nDirection:                            In\nProfiles:                             Domain,Private,Public\nLocalIP:                              Any\nRemoteIP:                             Any\nProtocol:                             TCP\nLocalPort:                            Any\nRemotePort:                           Any\nEdge traversal:                       No\n${extra}Action:                               Allow\n\n`;
  it('an allow rule for one program (javaw.exe) does not open the passive range; one for ftpsvc does', async () => {
    const { parseNetsh } = await import('../../src/commands/audit/firewall/netsh.js');
    const java = parseNetsh([
      {
        text: rule('Java', 'Program:                              C:\\Program Files\\Java\\bin\\javaw.exe\n'),
        file: 'rules.txt',
      },
    ]);
    assert.equal(java.evaluate({ family: 4, port: 50000, state: 'new' }).verdict, 'drop');
    const ftp = parseNetsh([
      {
        text: rule(
          'FTP Server Passive (FTP Passive Traffic-In)',
          'Program:                              %windir%\\system32\\svchost.exe\nService:                              ftpsvc\n',
        ),
        file: 'rules.txt',
      },
    ]);
    assert.equal(ftp.evaluate({ family: 4, port: 50000, state: 'new' }).verdict, 'accept');
  });
  it('netsh output in German is refused with a line that says so, not read as iptables', async () => {
    const { parseFirewallText } = await import('../../src/commands/audit/read.js');
    assert.throws(
      () =>
        parseFirewallText(
          'Regelname:                            FTP\nAktiviert:                            Ja\n',
          'regeln.txt',
        ),
      (error: unknown) =>
        error instanceof Error && /another language than English \("Regelname:"\)/.test(error.message),
    );
  });
});

describe('IIS: siteDefaults attribute by attribute, and more than one FTP site', () => {
  it("a site's own ftpServer element still inherits what it does not set; a second FTP site is named as not audited", async () => {
    const { parseIisConfig } = await import('../../src/commands/audit/config/iis-config.js');
    const config = parseIisConfig(
      `<configuration><system.applicationHost><sites>
        <site name="Public FTP" id="2"><bindings><binding protocol="ftp" bindingInformation="*:21:" /></bindings>
          <ftpServer><security><ssl serverCertHash="AB12" /></security></ftpServer></site>
        <site name="Partners" id="3"><bindings><binding protocol="ftp" bindingInformation="*:2121:" /></bindings></site>
        <siteDefaults><ftpServer><firewallSupport externalIp4Address="10.0.0.5" />
          <security><dataChannelSecurity matchClientAddressForPasv="false" /></security></ftpServer></siteDefaults>
      </sites></system.applicationHost></configuration>`,
      'applicationHost.config',
    );
    assert.equal(config.externalAddress?.value, '10.0.0.5');
    assert.equal(config.pasvPromiscuous?.value, true);
    assert.equal(config.tlsEnabled?.value, true);
    assert.deepEqual(config.otherSites, ['"Partners" (*:2121:)']);
  });
  it('<location path="SITE"> with ipSecurity allowUnlisted="false": only the listed clients, said as a warning', async () => {
    const { parseIisConfig } = await import('../../src/commands/audit/config/iis-config.js');
    const { diagnoseAudit } = await import('../../src/diagnose/audit-diagnosis.js');
    const config = parseIisConfig(
      `<configuration><system.applicationHost><sites>
        <site name="Partners" id="3"><bindings><binding protocol="ftp" bindingInformation="*:21:" /></bindings>
          <ftpServer><firewallSupport externalIp4Address="203.0.113.7" /></ftpServer></site>
      </sites></system.applicationHost>
      <location path="Partners"><system.ftpServer><security>
        <ipSecurity allowUnlisted="false"><add ipAddress="198.51.100.0" subnetMask="255.255.255.0" allowed="true" /></ipSecurity>
      </security></system.ftpServer></location></configuration>`,
      'applicationHost.config',
    );
    assert.deepEqual(config.allowedClients?.value, ['198.51.100.0/255.255.255.0']);
    assert.equal(config.allowedClients?.source.kind === 'file' && config.allowedClients.source.line, 6);
    const record = {
      recordVersion: 1 as const,
      tool: { name: 'ftp-doctor', version: '0' },
      startedAt: 'x',
      config,
      firewall: [],
      host: { addresses: [] },
      notChecked: [],
    };
    const restricted = diagnoseAudit(record).findings.find((f) => f.code === 'AUDIT_CLIENTS_RESTRICTED');
    assert.equal(restricted?.severity, 'warning');
    assert.match(restricted?.title ?? '', /198\.51\.100\.0\/255\.255\.255\.0/);
    assert.match(restricted?.fix ?? '', /FTP IP Address and Domain Restrictions/);
  });
  it('--site picks an FTP site by name (in any case); a name that is no FTP site lists the ones there are', async () => {
    const { parseIisConfig } = await import('../../src/commands/audit/config/iis-config.js');
    const text = `<configuration><system.applicationHost><sites>
        <site name="Public FTP" id="2"><bindings><binding protocol="ftp" bindingInformation="*:21:" /></bindings></site>
        <site name="Partners" id="3"><bindings><binding protocol="ftp" bindingInformation="*:2121:" /></bindings>
          <ftpServer><firewallSupport externalIp4Address="203.0.113.7" /></ftpServer></site>
      </sites></system.applicationHost></configuration>`;
    const partners = parseIisConfig(text, 'applicationHost.config', 'partners');
    assert.equal(partners.site, 'Partners');
    assert.equal(partners.controlPort.value, 2121);
    assert.equal(partners.externalAddress?.value, '203.0.113.7');
    assert.deepEqual(partners.otherSites, ['"Public FTP" (*:21:)']);
    assert.throws(
      () => parseIisConfig(text, 'applicationHost.config', 'Default FTP Site'),
      /has no FTP site named "Default FTP Site"; its FTP sites: "Public FTP", "Partners"/,
    );
  });
});

describe('Windows Firewall from PowerShell JSON, and Windows port ranges', () => {
  const fixture = (name: string): { file: string; text: string } => ({
    file: name,
    text: decodeText(fs.readFileSync(path.join(fixtures, 'windows-firewall', name))),
  });
  it('reads the JSON as netsh text would: the disabled IIS passive rule, RDP scoped to 10/8, a program-scoped rule, StatefulFTP', () => {
    for (const name of ['firewall.json', 'firewall-numbers.json']) {
      const { ruleset, ports } = readWindowsFirewall([fixture(name)]);
      assert.ok(ruleset, name);
      assert.equal(ruleset.evaluate({ family: 4, port: 21, state: 'new' }).verdict, 'accept', name);
      const passive = ruleset.evaluate({ family: 4, port: 50000, state: 'new' });
      assert.equal(
        passive.verdict,
        'drop',
        `${name}: the passive rule IIS installs is disabled, javaw.exe's rule is not the server's`,
      );
      assert.match(passive.rule, /Domain profile's DefaultInboundAction \(NotConfigured, which blocks\)/);
      assert.equal(
        ruleset.evaluate({ family: 6, port: 3389, state: 'new' }).verdict,
        'drop',
        `${name}: RDP only from 10/8`,
      );
      assert.equal(ruleset.evaluate({ family: 4, port: 50000, state: 'related' }).verdict, 'accept', name);
      assert.ok(ruleset.attachesFtpHelper(21), name);
      assert.deepEqual(ports.dynamicPorts, { low: 49152, high: 65535 }, name);
    }
  });
  it('reads the dynamic and excluded TCP port ranges by their layout, in English and in German', () => {
    for (const [dynamic, excluded, last] of [
      ['dynamicport.txt', 'excludedportrange.txt', { low: 50160, high: 50259 }],
      ['dynamicport-de.txt', 'excludedportrange-de.txt', { low: 50060, high: 50079 }],
    ] as const) {
      const { ruleset, ports } = readWindowsFirewall([fixture(dynamic), fixture(excluded)]);
      assert.equal(ruleset, undefined, 'port ranges alone are no firewall');
      assert.deepEqual(ports.dynamicPorts, { low: 49152, high: 65535 });
      assert.deepEqual(ports.excludedPorts?.at(-1), last);
    }
  });
  it("an IIS range inside Windows' excluded ports: wholly is an error, partly a warning with the ports left", async () => {
    const { runCli } = await import('../support/cli.js');
    const windows = (name: string): string => path.join(fixtures, name);
    const audit = async (excluded: string) =>
      JSON.parse(
        (
          await runCli([
            'audit',
            '--server',
            'iis',
            '--config',
            windows('iis/applicationHost.config'),
            '--firewall',
            ['firewall.json', excluded].map((f) => windows(`windows-firewall/${f}`)).join(','),
            '--json',
          ])
        ).stdout,
      ) as { findings: Array<{ code: string; title: string; explanation: string }>; exitCode: number };
    const whole = await audit('excludedportrange.txt');
    assert.ok(whole.findings.some((f) => f.code === 'AUDIT_PASSIVE_RANGE_EXCLUDED'));
    // Clients still reach the control port: degraded, as with any passive range no client can use.
    assert.equal(whole.exitCode, 1);
    const partly = await audit('excludedportrange-de.txt');
    const finding = partly.findings.find((f) => f.code === 'AUDIT_PASSIVE_RANGE_PARTLY_EXCLUDED');
    assert.ok(finding);
    assert.match(finding.title, /^80 ports of the passive range 50000-50100/);
    assert.match(finding.explanation, /it has 21 ports left/);
  });
  it('a JSON file of another shape is one clear error, not a crash', () => {
    assert.throws(
      () =>
        readWindowsFirewall([
          { file: 'x.json', text: '{"format":"ftp-doctor windows-firewall 1","rules":[{"DisplayName":"x"}]}' },
        ]),
      /rule "x" has no Action Allow or Block/,
    );
  });
});

describe("each server's own idle timer, read for the control connection", () => {
  it('is read where set and otherwise is the documented default, with its source', async () => {
    const { parseIisConfig } = await import('../../src/commands/audit/config/iis-config.js');
    const debianVsftpd = parseVsftpdConf(read('vsftpd/debian-default.conf'), 'vsftpd.conf');
    assert.deepEqual([debianVsftpd.idleTimeout?.value, debianVsftpd.idleTimeout?.source.kind], [300, 'default']);
    assert.equal(parseVsftpdConf('idle_session_timeout=90\n', 'vsftpd.conf').idleTimeout?.value, 90);
    const proftpd = parseProftpdConf('/etc/proftpd/proftpd.conf', fixtureReader);
    assert.deepEqual([proftpd.idleTimeout?.value, proftpd.idleTimeout?.source.kind], [1200, 'file']);
    assert.equal(parsePureFtpdArgs(['-I', '5'], 'cmdline').idleTimeout?.value, 300, 'Pure-FTPd counts minutes');
    assert.equal(parsePureFtpdArgs([], 'cmdline').idleTimeout?.value, 900);
    const site = (connections: string): number | undefined =>
      parseIisConfig(
        `<configuration><system.applicationHost><sites><site name="s"><bindings><binding protocol="ftp" bindingInformation="*:21:" /></bindings>
          <ftpServer>${connections}</ftpServer></site></sites></system.applicationHost></configuration>`,
        'applicationHost.config',
      ).idleTimeout?.value;
    assert.equal(site('<connections controlChannelTimeout="300" />'), 300);
    assert.equal(site(''), 120);
  });
});
