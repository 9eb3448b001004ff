import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.js';
import { resolveCredentials, ANONYMOUS_PASSWORD } from '../../src/input/credentials.js';
import { UsageError } from '../../src/input/usage-error.js';
import type { VerdictName } from '../../src/diagnose/vocabulary.js';
import { exitDecision } from '../../src/diagnose/exit-code.js';
import type { Verdict } from '../../src/diagnose/verdict.js';
import { gate } from '../../src/diagnose/gate.js';
import type { DescribedFinding } from '../../src/diagnose/finding.js';
import { findNetrc, parseNetrc } from '../../src/input/netrc.js';
import { modesOf, OptionError, portRangeOf } from '../../src/input/settings.js';
import { parseTarget } from '../../src/input/target.js';

describe('parseTarget', () => {
  const good: Array<[string, object]> = [
    ['ftp.example.com', { host: 'ftp.example.com', port: 21 }],
    ['198.51.100.2:2121', { host: '198.51.100.2', port: 2121, portGiven: true }],
    ['::1', { host: '::1', port: 21 }],
    ['[2001:db8::5]:990', { host: '2001:db8::5', port: 990, portGiven: true }],
    [
      'ftp://bob:p%40ss@198.51.100.2:2121/pub/dir',
      { host: '198.51.100.2', port: 2121, portGiven: true, user: 'bob', password: 'p@ss', path: 'pub/dir' },
    ],
    ['ftp://[::1]/', { host: '::1', port: 21 }],
    ['FTP://Example.COM', { host: 'example.com', port: 21 }],
    ['ftps://example.com', { host: 'example.com', port: 990, tls: 'implicit' }],
    ['ftpes://198.51.100.2', { host: '198.51.100.2', port: 21, tls: 'explicit' }],
    ['ftps://198.51.100.2:2990', { host: '198.51.100.2', port: 2990, portGiven: true, tls: 'implicit' }],
  ];
  for (const [input, expected] of good) {
    it(`reads ${input}`, () => {
      const { input: _input, ...rest } = parseTarget(input);
      assert.deepEqual(rest, expected);
    });
  }
  const bad = [
    '',
    'host:0',
    'host:70000',
    'host:abc',
    'http://example.com',
    'ftp://',
    '[::1',
    '999.1.1.1',
    'bad host',
    'a:b:c:d',
    'sftp://example.com',
  ];
  for (const input of bad) {
    it(`refuses ${JSON.stringify(input)} with a usage error`, () =>
      assert.throws(() => parseTarget(input), UsageError));
  }
});

describe('credentials', () => {
  const io = (env: Record<string, string> = {}, files: Record<string, string> = {}) => ({
    env,
    homedir: '/home/u',
    readFile: (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return text;
    },
  });
  const base = { passwordEnv: 'FTP_PASSWORD', netrc: false };

  it('is anonymous by default, with a conventional password', () => {
    assert.deepEqual(resolveCredentials(parseTarget('h'), base, io({ FTP_PASSWORD: 'not-for-anonymous' })), {
      user: 'anonymous',
      password: ANONYMOUS_PASSWORD,
      anonymous: true,
    });
  });
  it('prefers --password-file, then the variable, then the URL, then netrc', () => {
    const target = parseTarget('ftp://bob:fromurl@h');
    const files = { '/pw': 'fromfile\n', '/home/u/.netrc': 'machine h login bob password fromnetrc' };
    assert.equal(
      resolveCredentials(target, { ...base, passwordFile: '/pw', netrc: true }, io({ FTP_PASSWORD: 'fromenv' }, files))
        .password,
      'fromfile',
    );
    assert.equal(
      resolveCredentials(target, { ...base, netrc: true }, io({ FTP_PASSWORD: 'fromenv' }, files)).password,
      'fromenv',
    );
    assert.equal(resolveCredentials(target, { ...base, netrc: true }, io({}, files)).password, 'fromurl');
    assert.equal(
      resolveCredentials(parseTarget('h'), { ...base, user: 'bob', netrc: true }, io({}, files)).password,
      'fromnetrc',
    );
  });
  it('reads netrc only when asked', () => {
    assert.throws(
      () =>
        resolveCredentials(
          parseTarget('h'),
          { ...base, user: 'bob' },
          io({}, { '/home/u/.netrc': 'machine h login bob password x' }),
        ),
      UsageError,
    );
  });
  it('names the password file it cannot read', () => {
    assert.throws(
      () => resolveCredentials(parseTarget('h'), { ...base, user: 'bob', passwordFile: '/nope' }, io()),
      /\/nope/,
    );
  });
  it('refuses a user without a password', () => {
    assert.throws(
      () => resolveCredentials(parseTarget('h'), { ...base, user: 'bob' }, io()),
      /no password for user "bob"/,
    );
  });
});

describe('netrc', () => {
  const entries = parseNetrc(
    '# comment\nmachine a.example login alice password one\nmacdef init\ncd /\n\nmachine b.example\n  login bob\n  password two\ndefault login anon password three\n',
  );
  it('finds a machine entry', () => assert.equal(findNetrc(entries, 'b.example')?.password, 'two'));
  it('falls back to default', () => assert.equal(findNetrc(entries, 'c.example')?.login, 'anon'));
  it('matches the login when given', () => {
    assert.equal(findNetrc(entries, 'a.example', 'anon')?.password, 'three');
    assert.equal(findNetrc(entries, 'a.example', 'mallory'), undefined);
  });
});

describe('options', () => {
  it('reads modes with aliases, in a fixed order', () => assert.deepEqual(modesOf('port,pasv'), ['passive', 'active']));
  it('refuses unknown modes', () => assert.throws(() => modesOf('sideways'), OptionError));
  it('reads port ranges', () =>
    assert.deepEqual(portRangeOf('50000-50100', 'activePorts'), { low: 50000, high: 50100 }));
  it('refuses bad port ranges', () => {
    for (const text of ['50100-50000', '0-10', 'a-b', '70000'])
      assert.throws(() => portRangeOf(text, 'activePorts'), OptionError, text);
  });
});

describe('exit codes', () => {
  const finding = (severity: 'error' | 'warning' | 'info', mode?: 'active' | 'passive'): DescribedFinding => ({
    code: 'ACTIVE_PORT_REJECTED',
    severity,
    title: 't',
    explanation: 'e',
    params: {},
    fix: 'f',
    evidence: [],
    ...(mode ? { mode } : {}),
  });
  const verdict = (name: VerdictName): Verdict => ({ verdict: name, label: name, summary: '' });
  const exit = (
    severities: Array<'error' | 'warning' | 'info'>,
    failOn: 'error' | 'warning' | 'info' | 'none',
    name: VerdictName = 'degraded',
    interrupted = false,
  ) =>
    exitDecision([
      {
        gate: gate(
          severities.map((s) => finding(s)),
          verdict(name),
          failOn,
        ),
        verdict: name,
        interrupted,
      },
    ]).code;
  it('is 0 without findings at or above --fail-on', () => assert.equal(exit(['warning', 'info'], 'error'), 0));
  it('is 1 with an error at --fail-on=error', () => assert.equal(exit(['error'], 'error'), 1));
  it('is 1 with a warning at --fail-on=warning', () => assert.equal(exit(['warning'], 'warning'), 1));
  it('is 0 with --fail-on=none for a degraded verdict', () => assert.equal(exit(['error'], 'none'), 0));
  it('is 1 for a failed verdict, even with --fail-on=none', () => assert.equal(exit([], 'none', 'failed'), 1));
  it('is 4 for an inconclusive verdict, even with --fail-on=none', () =>
    assert.equal(exit([], 'none', 'inconclusive'), 4));
  it('is 1, not 4, when an inconclusive target also has a finding at --fail-on', () =>
    assert.equal(exit(['error'], 'error', 'inconclusive'), 1));
  it('is 130 when interrupted', () => assert.equal(exit(['error'], 'error', 'failed', true), 130));
  it('is 0 when expectations allow the finding, or let its mode fail', () => {
    assert.equal(
      exitDecision([
        {
          gate: gate([finding('error')], verdict('degraded'), 'error', { allow: ['ACTIVE_PORT_REJECTED'] }),
          verdict: 'degraded',
          interrupted: false,
        },
      ]).code,
      0,
    );
    assert.equal(
      exitDecision([
        {
          gate: gate([finding('error', 'active')], verdict('degraded'), 'error', { modes: { active: 'fail' } }),
          verdict: 'degraded',
          interrupted: false,
        },
      ]).code,
      0,
    );
  });
  it('a failed verdict passes only when the target expects every requested mode may fail', () => {
    const failed = (modes: Partial<Record<'passive' | 'active', 'ok' | 'fail' | 'any'>>) =>
      gate([], verdict('failed'), 'error', { modes }, ['passive', 'active']).passed;
    assert.equal(failed({ passive: 'fail', active: 'any' }), true);
    assert.equal(failed({ passive: 'fail' }), false);
  });
  it('is 1 when a mode expected to work does not, whatever --fail-on says', () => {
    const unmet = { ...finding('error', 'passive'), code: 'EXPECTED_OK' as const };
    assert.equal(
      exitDecision([
        {
          gate: gate([unmet], verdict('degraded'), 'none', { modes: { passive: 'ok' } }),
          verdict: 'degraded',
          interrupted: false,
        },
      ]).code,
      1,
    );
  });
  it('check: 1 if any target fails its gate, else 4 if any is inconclusive', () => {
    const passing = { gate: { passed: true, failures: [] }, interrupted: false };
    const failing = { gate: { passed: false, failures: [{ code: 'X', title: '', detail: '' }] }, interrupted: false };
    assert.equal(
      exitDecision([
        { ...passing, verdict: 'ok' },
        { ...passing, verdict: 'inconclusive' },
      ]).code,
      4,
    );
    assert.equal(
      exitDecision([
        { ...failing, verdict: 'degraded' },
        { ...passing, verdict: 'inconclusive' },
      ]).code,
      1,
    );
    assert.equal(
      exitDecision([
        { ...passing, verdict: 'ok' },
        { ...passing, verdict: 'degraded' },
      ]).code,
      0,
    );
  });
});

describe('Windows users', () => {
  it('--netrc reads _netrc in the home folder on Windows, .netrc elsewhere', async () => {
    const { defaultNetrc } = await import('../../src/input/credentials.js');
    assert.equal(defaultNetrc({ homedir: 'C:\\Users\\admin', platform: 'win32' }), 'C:\\Users\\admin\\_netrc');
    assert.equal(defaultNetrc({ homedir: '/home/admin', platform: 'linux' }), '/home/admin/.netrc');
  });
  it('audit on the IIS host itself reads IIS where it keeps its configuration, and the firewall through PowerShell JSON', async () => {
    const { readAudit } = await import('../../src/commands/audit/read.js');
    const { diagnoseAudit } = await import('../../src/diagnose/audit-diagnosis.js');
    const fixture = (name: string): string => path.join(REPO_ROOT, 'fixtures', 'audit', name);
    const iis = 'C:\\Windows\\system32\\inetsrv\\config\\applicationHost.config';
    const ran: string[] = [];
    const windowsHost = (installed: boolean) => ({
      reader: {
        read: (file: string) => {
          if (installed && file === iis) return fs.readFileSync(fixture('iis/applicationHost.config'), 'utf8');
          throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
        },
        list: () => [],
        isDirectory: () => false,
      },
      askServer: async () => ({ ports: [] }),
      findServers: () => [],
      runTool: async (command: string, args: string[]) => {
        ran.push([command, ...args.slice(0, 3)].join(' '));
        if (command === 'powershell.exe')
          return { output: fs.readFileSync(fixture('windows-firewall/firewall.json'), 'utf8') };
        if (command === 'netsh')
          return { output: fs.readFileSync(fixture('windows-firewall/excludedportrange.txt'), 'utf8') };
        return { error: 'not here' };
      },
      hostAddresses: () => ['192.168.10.5', 'fe80::1'],
      ephemeralRange: () => undefined,
      ftpHelperLoaded: () => false,
      platform: 'win32' as const,
      defaults: { vsftpd: '/x', proftpd: '/x', pureFtpdConfDir: '/x', iis },
    });
    const record = await readAudit({ firewallFiles: [], startedAt: 'x', toolVersion: '0' }, windowsHost(true));
    assert.equal(record.config?.software, 'iis');
    assert.deepEqual(record.config?.files, [iis]);
    assert.ok(ran.some((r) => r.startsWith('powershell.exe -NoProfile -NonInteractive -Command')));
    assert.ok(!ran.some((r) => /iptables|nft/.test(r)), 'no Linux tool is run on Windows');
    assert.deepEqual(record.host.ephemeralRange, { low: 49152, high: 65535 });
    assert.deepEqual(record.host.addresses, ['192.168.10.5', 'fe80::1']);
    const codes = diagnoseAudit(record).findings.map((f) => f.code);
    assert.ok(codes.includes('AUDIT_PASSIVE_RANGE_EXCLUDED'), codes.join());
    assert.ok(codes.includes('AUDIT_PASSIVE_RANGE_HELPER_ONLY'), codes.join());
    // Without IIS installed: said as not checked, not a crash or a usage error.
    const bare = await readAudit({ firewallFiles: [], startedAt: 'x', toolVersion: '0' }, windowsHost(false));
    assert.ok(bare.notChecked.some((n) => n.check === 'config' && n.why.includes('cannot be read')));
  });
});
