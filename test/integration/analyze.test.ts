import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { LOG_FORMATS } from '../../src/commands/analyze/events.js';
import { spawnSync } from 'node:child_process';
import { BIN, REPO_ROOT } from '../support/paths.js';

const logs = path.join(REPO_ROOT, 'fixtures', 'logs');

/** Every fixture log, the format it must be detected as, and the findings and verdict it must give. */
const EXPECTED: Record<string, { format: string; codes: string[]; verdict: string; args?: string[] }> = {
  'curl-private-227.log': {
    format: 'curl',
    codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'degraded',
  },
  'curl-active-refused.log': {
    format: 'curl',
    codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_PORT_REJECTED'],
    verdict: 'failed',
  },
  'curl-passive-dropped.log': { format: 'curl', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  'lftp-private-227.log': {
    format: 'lftp',
    codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'degraded',
  },
  'lftp-passive-dropped.log': { format: 'lftp', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  'tnftp-healthy.log': { format: 'transcript', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  'tnftp-active-refused.log': {
    format: 'transcript',
    codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_PORT_REJECTED'],
    verdict: 'failed',
  },
  'ftpexe-active-ok.log': { format: 'transcript', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  'ftpexe-active-hang.log': {
    format: 'transcript',
    codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_SERVER_CANNOT_CONNECT'],
    verdict: 'failed',
  },
  'filezilla-private-227-timeout.log': {
    format: 'filezilla',
    codes: ['PASV_DATA_TIMEOUT', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'failed',
  },
  'filezilla-active-refused.log': {
    format: 'filezilla',
    codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_PORT_REJECTED'],
    verdict: 'failed',
  },
  'winscp-passive-timeout.log': { format: 'winscp', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  'winscp-private-227-fallback.log': {
    format: 'winscp',
    codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'degraded',
  },
  'vsftpd-active-refused.log': {
    format: 'vsftpd',
    codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_PORT_REJECTED'],
    verdict: 'failed',
    args: ['--server-address', '198.51.100.10'],
  },
  'vsftpd-passive-dropped.log': {
    format: 'vsftpd',
    codes: ['PASV_DATA_TIMEOUT'],
    verdict: 'failed',
    args: ['--server-address', '198.18.0.2'],
  },
  // FileZilla at its default level: the unroutable-address status line instead of PASV/227 (real logs from public reports).
  'filezilla-default-unroutable-timeout.log': {
    format: 'filezilla',
    codes: ['PASV_DATA_TIMEOUT', 'PASV_UNROUTABLE_ADDRESS'],
    verdict: 'failed',
  },
  'filezilla-default-unroutable-425.log': {
    format: 'filezilla',
    codes: ['PASV_DATA_TIMEOUT', 'PASV_UNROUTABLE_ADDRESS'],
    verdict: 'failed',
  },
  'filezilla-default-passive-timeout.log': { format: 'filezilla', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  // ftp.exe given a host name: no address, prompts for the login, replies without the commands.
  'ftpexe-hostname.log': { format: 'transcript', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  // An old curl that followed a private 227 address: the address explains the timeout; the ports at the server's address were never tried.
  'curl-old-private-227-timeout.log': { format: 'curl', codes: ['PASV_PRIVATE_ADDRESS'], verdict: 'failed' },
  // ftp.exe in debug mode ("---> "): still ftp.exe; 200 to PORT, 150, then 425: the server could not connect back.
  'ftpexe-debug-port-425.log': { format: 'transcript', codes: ['ACTIVE_SERVER_CANNOT_CONNECT'], verdict: 'failed' },
  // ftp.exe's unprinted OPTS UTF8 ON: its 200 answers that, not the greeting.
  'ftpexe-opts-utf8.log': { format: 'transcript', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  // FileZilla opens the data connection as it sends MLSD: a silent control connection after a public 227 is the data connection not getting through.
  'filezilla-mlsd-timeout.log': { format: 'filezilla', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  // IIS FTP's own W3C log: the status and the Windows error, not the reply's text; the failing session of several.
  'iis-passive-10060.log': { format: 'iis', codes: ['PASV_DATA_TIMEOUT'], verdict: 'failed' },
  'iis-port-10061.log': { format: 'iis', codes: ['ACTIVE_SERVER_CANNOT_CONNECT'], verdict: 'failed' },
  // ftp.exe on a German and a French Windows: its prompts and messages in that language.
  'ftpexe-german-active-425.log': { format: 'transcript', codes: ['ACTIVE_SERVER_CANNOT_CONNECT'], verdict: 'failed' },
  'ftpexe-french-ok.log': { format: 'transcript', codes: ['ALL_MODES_OK'], verdict: 'ok' },
  // FileZilla in German and in French: its labels and messages translated, commands and replies as sent.
  'filezilla-german-private-227-timeout.log': {
    format: 'filezilla',
    codes: ['PASV_DATA_TIMEOUT', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'failed',
  },
  'filezilla-french-active-refused.log': {
    format: 'filezilla',
    codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_PORT_REJECTED'],
    verdict: 'failed',
  },
  // curl -v with its progress meter on (no -s): the meter is redrawn before "*   Trying" on the same line.
  'curl-progress-meter-private-227.log': {
    format: 'curl',
    codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'degraded',
  },
  // The same log without its "Trying" line: curl's "re-use ADDRESS instead" still names the server's address.
  'curl-progress-meter-no-trying.log': {
    format: 'curl',
    codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'],
    verdict: 'degraded',
  },
};

const read = (file: string) => fs.readFileSync(path.join(logs, file), 'utf8');

describe('ftp-doctor analyze', () => {
  it('a log says only what it shows: clients that would have connected elsewhere are not told to fail, ftp.exe stays ftp.exe', async () => {
    const curl = await runCli(['analyze', 'curl.log', '--json'], {
      files: { 'curl.log': read('curl-old-private-227-timeout.log') },
    });
    const clients = (JSON.parse(curl.stdout) as { clients: Array<{ id: string; outcome: string }> }).clients;
    for (const id of ['filezilla', 'winscp', 'lftp'])
      assert.equal(clients.find((c) => c.id === id)?.outcome, 'could-not-tell', id);
    const ftpexe = await runCli(['analyze', 'ftp.log', '--json'], {
      files: { 'ftp.log': read('ftpexe-debug-port-425.log') },
    });
    assert.equal((JSON.parse(ftpexe.stdout) as { source: { client: string } }).source.client, 'Windows ftp.exe');
    // FileZilla at its default level, with and without timestamps: the same finding.
    const plain = read('filezilla-mlsd-timeout.log').replace(/^2024-05-02 09:14:\d\d 5120 1 /gm, '');
    const fz = await runCli(['analyze', 'fz.log', '--json'], { files: { 'fz.log': plain } });
    assert.deepEqual(
      (JSON.parse(fz.stdout) as { findings: Array<{ code: string }> }).findings.map((f) => f.code),
      ['PASV_DATA_TIMEOUT'],
    );
  });

  it('every fixture log has expectations, and at least two logs of each format exist', () => {
    const files = fs
      .readdirSync(logs)
      .filter((f) => f.endsWith('.log'))
      .sort();
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
    const perFormat = new Map<string, number>();
    for (const { format } of Object.values(EXPECTED)) perFormat.set(format, (perFormat.get(format) ?? 0) + 1);
    for (const format of LOG_FORMATS) assert.ok((perFormat.get(format) ?? 0) >= 2, format);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: detected as ${expected.format}, ${expected.codes.join(', ')} → ${expected.verdict}`, async () => {
      const run = await runCli(['analyze', file, '--json', ...(expected.args ?? [])], {
        files: { [file]: read(file) },
      });
      assert.equal(run.stderr, '');
      const document = JSON.parse(run.stdout);
      assert.equal(document.source.format, expected.format);
      assert.deepEqual(document.findings.map((f: { code: string }) => f.code).sort(), expected.codes);
      assert.equal(document.verdict.verdict, expected.verdict);
      // The exit-code contract: failed, or an error finding, exits 1; inconclusive 4; otherwise 0.
      const hasError = document.findings.some((f: { severity: string }) => f.severity === 'error');
      assert.equal(
        run.code,
        expected.verdict === 'failed' || hasError ? 1 : expected.verdict === 'inconclusive' ? 4 : 0,
      );
      assert.equal(document.exitCode, run.code);
    });
  }

  it('a FileZilla log with labels in a wording of its own is read by what its lines hold', async () => {
    // A translated copy with labels no table knows: the label over the replies is the reply label, whatever its word.
    const text = [
      'Status:\tConnecting to 198.51.100.2:21...',
      'Status:\tConnection established, waiting for welcome message...',
      'Returns:\t220 (vsFTPd 3.0.3)',
      'Command:\tUSER deploy',
      'Returns:\t331 Please specify the password.',
      'Command:\tPASS ****',
      'Returns:\t230 Login successful.',
      'Command:\tPASV',
      'Returns:\t227 Entering Passive Mode (192,168,178,2,246,61).',
      'Command:\tMLSD',
      'Error:\tConnection timed out after 20 seconds of inactivity',
    ].join('\n');
    const run = await runCli(['analyze', 'fz.log', '--json'], { files: { 'fz.log': text } });
    const document = JSON.parse(run.stdout);
    assert.equal(document.source.format, 'filezilla');
    // No status line after the 227: FileZilla used the private address, which explains the timeout.
    assert.deepEqual(
      document.findings.map((f: { code: string }) => f.code),
      ['PASV_PRIVATE_ADDRESS'],
    );
    assert.equal(document.modes[0].connection.host, '192.168.178.2');
    const german = await runCli(['analyze', 'de.log', '--json'], {
      files: { 'de.log': read('filezilla-german-private-227-timeout.log') },
    });
    const passive = JSON.parse(german.stdout).modes.find((m: { mode: string }) => m.mode === 'passive');
    // The translated timeout keeps its seconds; the line after the 227 says FileZilla used the server's address.
    assert.match(passive.outcome, /timeout/);
    assert.equal(passive.connection.host, '198.51.100.2');
    assert.match(german.stdout, /within 20 s/);
    assert.match(passive.replies[0], /^227 /);
  });

  it("an analysis speaks of the log's or capture's client, never of this machine, this probe or ftp-doctor's probe flags", async () => {
    const captures = path.join(REPO_ROOT, 'fixtures', 'captures');
    const sources = [
      ...Object.entries(EXPECTED).map(([file, expected]) => ({
        file: path.join(logs, file),
        args: expected.args ?? [],
      })),
      ...fs
        .readdirSync(captures)
        .filter((f) => /\.pcap(ng)?$/.test(f))
        .map((f) => ({ file: path.join(captures, f), args: [] })),
    ];
    const probeVoice = /this probe|this machine|--external-ip|--active-ports|where the probe runs|NAT \(this side\)/i;
    for (const { file, args } of sources)
      for (const format of ['text', 'html', 'markdown', 'json']) {
        const run = await runCli(['analyze', file, '--format', format, ...args]);
        assert.doesNotMatch(run.stdout, probeVoice, `${path.basename(file)} (${format})`);
      }
  });

  it('a log that shows only a login is inconclusive (exit 4), not failed', async () => {
    const text = [
      'Status:\tConnecting to 203.0.113.5:21...',
      'Status:\tConnection established, waiting for welcome message...',
      'Response:\t220 ready',
      'Command:\tUSER anonymous',
      'Response:\t331 Password please',
      'Command:\tPASS ****',
      'Response:\t230 Logged in',
      'Status:\tLogged in',
    ].join('\n');
    const run = await runCli(['analyze', 'login.log', '--json'], { files: { 'login.log': text } });
    const document = JSON.parse(run.stdout);
    assert.equal(document.verdict.verdict, 'inconclusive');
    assert.equal(run.code, 4);
    assert.equal(document.exitCode, 4);
    assert.deepEqual(document.findings, []);
    assert.deepEqual(
      [...new Set(document.modes.map((m: { reasonCode: string }) => m.reasonCode))],
      ['not-shown-in-log'],
    );
  });

  it('a vsftpd log without --server-address leaves the server address unknown, in the header too', async () => {
    const run = await runCli(['analyze', 'v.log'], { files: { 'v.log': read('vsftpd-passive-dropped.log') } });
    assert.match(run.stdout, /server's address not shown/);
    assert.doesNotMatch(run.stdout, /· server 198\.18\.0\.2/);
    assert.match(run.stdout, /Not shown in this log: the server's address/);
  });

  it('--transcript of a log without timestamps shows no made-up times', async () => {
    const run = await runCli(['analyze', 'c.log', '--transcript'], {
      files: { 'c.log': read('ftpexe-active-hang.log') },
    });
    assert.doesNotMatch(run.stdout, /\+0\.000s/);
    assert.match(run.stdout, /PORT 192,168,0,23,195,12/);
  });

  it('the table and the finding agree on what hung: the data connection, not LIST', async () => {
    const run = await runCli(['analyze', 'fz.log'], { files: { 'fz.log': read('filezilla-private-227-timeout.log') } });
    assert.match(run.stdout, /timeout connecting/);
    assert.doesNotMatch(run.stdout, /waiting for LIST/);
  });

  it('a redacted host (xxx.xxx.xxx.xxx) is unknown, not an address', async () => {
    const run = await runCli(['analyze', 'fz.log', '--json'], {
      files: { 'fz.log': read('filezilla-default-unroutable-timeout.log') },
    });
    const document = JSON.parse(run.stdout);
    assert.equal(document.control.address, '');
    assert.ok(document.source.notShownCodes.includes('server-address'));
  });

  it('says what the log does not show, and connects nowhere', async () => {
    const run = await runCli(['analyze', 'fz.log'], { files: { 'fz.log': read('filezilla-active-refused.log') } });
    assert.match(run.stdout, /Not shown in this log: timings/);
    assert.match(run.stdout, /Nothing was connected to/);
  });

  it("gives hang durations from the log's timestamps", async () => {
    const run = await runCli(['analyze', 'fz.log'], { files: { 'fz.log': read('filezilla-private-227-timeout.log') } });
    assert.match(run.stdout, /within 20 s/);
  });

  it('--log-format overrides detection, and a wrong one is refused', async () => {
    const text = read('lftp-private-227.log');
    assert.equal((await runCli(['analyze', 'x.log', '--log-format', 'lftp'], { files: { 'x.log': text } })).code, 1);
    const wrong = await runCli(['analyze', 'x.log', '--log-format', 'winscp'], { files: { 'x.log': text } });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /does not look like a winscp log/);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['an empty file', '', /is empty/],
    ['a file of blank lines', '\n\n  \n', /is empty/],
    [
      'something that is not an FTP log',
      'Lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n',
      /cannot tell what kind of log/,
    ],
  ];
  for (const [what, text, message] of bad) {
    it(`${what}: one clear line, exit 2`, async () => {
      const run = await runCli(['analyze', 'in.log'], { files: { 'in.log': text } });
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1);
      assert.equal(run.stdout, '');
    });
  }

  it('reads standard input for "-"', () => {
    const run = spawnSync(process.execPath, [BIN, 'analyze', '-', '--json'], {
      input: read('lftp-private-227.log'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(JSON.parse(run.stdout).source.file, 'standard input');
    const empty = spawnSync(process.execPath, [BIN, 'analyze', '-'], { input: '', encoding: 'utf8' });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /standard input is empty/);
  });

  it('a missing file: exit 2', async () => {
    const run = await runCli(['analyze', 'missing.log']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /missing\.log does not exist/);
  });

  it('masks passwords always, and users and public addresses with --redact', async () => {
    const text = [
      'ftp> open ftp.example.net',
      'Connect socket #1 to 203.0.113.80, port 21...',
      '220 Microsoft FTP Service',
      'USER alice',
      '331 Password required for alice.',
      'PASS hunter2-secret',
      '230 User logged in.',
      'PORT 192,168,0,23,195,12',
      '200 PORT command successful.',
      'LIST',
      '425 Cannot open data connection.',
    ].join('\n');
    const plain = await runCli(['analyze', 'a.log', '--transcript'], { files: { 'a.log': text } });
    assert.ok(!plain.stdout.includes('hunter2'));
    assert.match(plain.stdout, /PASS \*\*\*\*/);
    const redacted = await runCli(['analyze', 'a.log', '--transcript', '--redact', '--json'], {
      files: { 'a.log': text },
    });
    assert.ok(!redacted.stdout.includes('hunter2'));
    assert.ok(!redacted.stdout.includes('alice'));
    assert.ok(!redacted.stdout.includes('203.0.113.80'));
    assert.ok(redacted.stdout.includes('192.168.0.23'));
  });
});

describe('fixes that fit the client in the log', () => {
  it("an ftp.exe log (active only) is never told to use passive mode or ftp-doctor's own flags", async () => {
    const file = 'ftpexe-active-hang.log';
    const run = await runCli(['analyze', file, '--json'], { files: { [file]: read(file) } });
    const document = JSON.parse(run.stdout);
    const fixes: Array<{ code: string; fix: string; fixFor?: string }> = document.findings;
    assert.ok(fixes.length > 0);
    for (const finding of fixes.filter((f) => f.code.startsWith('ACTIVE_'))) {
      assert.doesNotMatch(finding.fix, /--external-ip|--active-ports|^Use passive mode/, finding.code);
      assert.match(finding.fix, /no passive mode.*curl\.exe/, finding.code);
      assert.equal(finding.fixFor, 'Windows ftp.exe');
    }
  });
});
