import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { runCli } from '../support/cli.js';
import { BIN, REPO_ROOT } from '../support/paths.js';

const hasXmllint = spawnSync('sh', ['-c', 'command -v xmllint'], { stdio: 'ignore' }).status === 0;

describe('ftp-doctor check', () => {
  let healthy: FtpTestServer;
  let nat: FtpTestServer;
  before(async () => {
    healthy = await new FtpTestServer({}).start();
    nat = await new FtpTestServer({
      pasvAddress: '10.20.0.2',
      handlers: {
        PORT: (s) => s.reply('500 Illegal PORT command.'),
        EPRT: (s) => s.reply('500 Illegal EPRT command.'),
      },
    }).start();
  });
  after(async () => {
    await healthy.stop();
    await nat.stop();
  });

  const file = (text: string) => ({ files: { 'targets.yml': text } });

  it('passes when every target meets its expectations (exit 0)', async () => {
    const run = await runCli(
      ['check', 'targets.yml', '--timeout', '1'],
      file(`targets:\n  - { name: ok, target: "${healthy.address}", expect: { passive: ok, epsv: ok } }\n`),
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /1 of 1 targets pass/);
  });

  it('the summary table fits the terminal, and its closing line speaks of targets', async () => {
    const targets = [
      `  - { name: a-long-name-for-the-partner-upload-server-in-frankfurt, target: "${healthy.address}" }`,
      `  - { name: nat, target: "${nat.address}", expect: { active: ok } }`,
      `  - { name: ok, target: "${healthy.address}" }`,
    ];
    const run = await runCli(['check', 'targets.yml', '--timeout', '1'], file(`targets:\n${targets.join('\n')}\n`));
    assert.equal(run.code, 1);
    for (const line of run.stdout.split('\n')) assert.ok(line.length <= 100, `${line.length} columns: ${line}`);
    assert.match(
      run.stdout.replace(/\s+/g, ' '),
      /2 of 3 targets pass .*Exit code 1 \(1 of 3 targets failed their gate\)/,
    );
    assert.doesNotMatch(run.stdout, /no listing was possible/);
  });

  it('fails on an unmet expectation and on findings its expectations do not allow (exit 1)', async () => {
    const run = await runCli(
      ['check', 'targets.yml', '--timeout', '1', '--json'],
      file(
        `targets:\n  - { name: ok, target: "${healthy.address}" }\n  - { name: nat, target: "${nat.address}", expect: { active: ok } }\n`,
      ),
    );
    assert.equal(run.code, 1);
    const result = JSON.parse(run.stdout);
    assert.equal(result.kind, 'check');
    assert.deepEqual(
      result.targets.map((t: { passed: boolean }) => t.passed),
      [true, false],
    );
    const codes = result.targets[1].failures.map((f: { code: string }) => f.code).sort();
    assert.deepEqual(codes, ['EXPECTED_OK', 'PASV_PRIVATE_ADDRESS']);
  });

  it('allowed findings and modes expected to fail do not fail the check', async () => {
    const run = await runCli(
      ['check', 'targets.yml', '--timeout', '1'],
      file(
        `targets:\n  - name: nat\n    target: "${nat.address}"\n    expect: { passive: ok, active: fail, eprt: any, allow: [PASV_PRIVATE_ADDRESS] }\n`,
      ),
    );
    assert.equal(run.code, 0, run.stdout);
  });

  it("--format nagios follows the targets' expectations: the states count what passes and fails", async () => {
    const targets = [
      `  - { name: ok, target: "${healthy.address}" }`,
      `  - { name: nat-expected, target: "${nat.address}", expect: { active: fail, eprt: any, allow: [PASV_PRIVATE_ADDRESS] } }`,
      `  - { name: nat-unmet, target: "${nat.address}", expect: { active: ok } }`,
    ];
    const text = await runCli(['check', 'targets.yml', '--timeout', '1'], file(`targets:\n${targets.join('\n')}\n`));
    assert.match(text.stdout.replace(/\s+/g, ' '), /2 of 3 targets pass/);
    const run = await runCli(
      ['check', 'targets.yml', '--timeout', '1', '--format', 'nagios'],
      file(`targets:\n${targets.join('\n')}\n`),
    );
    assert.match(run.stdout, /^FTP CRITICAL - 3 targets, 2 pass, 1 fail \(1 CRITICAL\) \|/);
    assert.match(run.stdout, /^OK: nat-expected: /m);
    assert.match(run.stdout, /^CRITICAL: nat-unmet: /m);
    assert.equal(run.code, 2);
  });

  it('an expected passive range the server does not keep', async () => {
    const run = await runCli(
      ['check', 'targets.yml', '--timeout', '1', '--json'],
      file(`targets:\n  - { target: "${healthy.address}", pasvSamples: 4, expect: { pasvRange: 1-2 } }\n`),
    );
    const result = JSON.parse(run.stdout);
    assert.equal(run.code, 1);
    assert.ok(result.targets[0].failures.some((f: { code: string }) => f.code === 'PASV_PORT_OUTSIDE_EXPECTED_RANGE'));
    assert.ok(result.targets[0].report.pasvSamples.length >= 4);
    // Every mode lists, but an error finding stands: degraded, not OK, and the exit code agrees.
    assert.ok(
      result.targets[0].report.modes
        .filter((m: { reasonCode?: string }) => !m.reasonCode)
        .every((m: { status: string }) => m.status === 'ok'),
    );
    assert.equal(result.targets[0].report.verdict.verdict, 'degraded');
    assert.equal(result.exitCode, 1);
  });

  it('a target that is inconclusive makes the check exit 4 when nothing fails', async () => {
    const stall = await new FtpTestServer({ handlers: { PASV: () => new Promise<void>(() => undefined) } }).start();
    try {
      const run = await runCli(
        ['check', 'targets.yml', '--json'],
        file(
          `targets:\n  - { target: "${healthy.address}", modes: [passive] }\n  - { target: "${stall.address}", modes: [passive], deadline: 1, timeout: 5 }\n`,
        ),
      );
      const result = JSON.parse(run.stdout);
      assert.deepEqual(
        result.targets.map((t: { report: { verdict: { verdict: string } } }) => t.report.verdict.verdict),
        ['ok', 'inconclusive'],
      );
      assert.equal(run.code, 4);
      assert.equal(result.exitCode, 4);
      assert.equal(result.exitReason, 'inconclusive');
    } finally {
      await stall.stop();
    }
  });

  it('a bad targets file: exit 2, one line naming the file and line, nothing probed', async () => {
    const run = await runCli(['check', 'targets.yml'], {
      ...file(
        `targets:\n  - target: "${healthy.address}"\n  - target: "${healthy.address}"\n    expect: { passive: maybe }\n`,
      ),
      records: [],
    });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^ftp-doctor: targets\.yml:4: targets\[1\]\.expect\.passive: must be ok, fail or any, not "maybe"\n$/,
    );
    assert.equal(run.stdout, '');
  });

  it('given a compose file or a folder of manifests, check audits them: the audit document, its findings and exit code', async () => {
    const deploy = path.join(REPO_ROOT, 'fixtures', 'deploy');
    const compose = path.join(deploy, 'compose', 'pure-ftpd-defaults.yml');
    const files = { files: { [compose]: fs.readFileSync(compose, 'utf8') } };
    const viaCheck = await runCli(['check', compose, '--json'], files);
    const viaAudit = await runCli(['audit', '--compose', compose, '--json']);
    const document = JSON.parse(viaCheck.stdout) as { kind: string; findings: Array<{ code: string }> };
    assert.equal(document.kind, 'audit');
    assert.equal(viaCheck.code, 1);
    assert.deepEqual(
      document.findings.map((f) => f.code),
      (JSON.parse(viaAudit.stdout) as typeof document).findings.map((f) => f.code),
    );
    const annotated = await runCli(['check', compose, '--format', 'github'], files);
    assert.match(annotated.stdout, /^::error file=[^,]*pure-ftpd-defaults\.yml,line=5,/m);
    // A folder, as the installed command reads it from disk.
    const folder = spawnSync(process.execPath, [BIN, 'check', path.join(deploy, 'kubernetes'), '--json'], {
      encoding: 'utf8',
    });
    assert.equal((JSON.parse(folder.stdout) as { kind: string }).kind, 'audit', folder.stderr);
    const good = path.join(deploy, 'kubernetes', 'good.yaml');
    const passing = await runCli(['check', good], { files: { [good]: fs.readFileSync(good, 'utf8') } });
    assert.equal(passing.code, 0, passing.stdout);
    assert.match(passing.stdout, /CONTAINER_CONFIG_OK/);
  });

  it('a missing targets file: exit 2', async () => {
    const run = await runCli(['check', 'nope.yml']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read the targets file nope\.yml/);
  });

  it(
    '--format junit --output writes valid JUnit while the terminal shows text',
    { skip: hasXmllint ? false : 'xmllint is not installed (apt-get install libxml2-utils)' },
    async () => {
      const run = await runCli(
        ['check', 'targets.yml', '--timeout', '1', '--format', 'junit', '--output', 'report.xml'],
        file(`targets:\n  - { name: ok, target: "${healthy.address}" }\n  - { name: nat, target: "${nat.address}" }\n`),
      );
      assert.equal(run.code, 1);
      assert.match(run.stdout, /Target\s+Verdict/);
      const xml = run.written['report.xml'] ?? '';
      assert.match(xml, /<failure message="PASV_PRIVATE_ADDRESS/);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'junit-'));
      const xmlFile = path.join(dir, 'report.xml');
      fs.writeFileSync(xmlFile, xml);
      const lint = spawnSync(
        'xmllint',
        ['--noout', '--schema', path.join(REPO_ROOT, 'test', 'junit', 'junit.xsd'), xmlFile],
        { encoding: 'utf8' },
      );
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(lint.status, 0, lint.stderr);
    },
  );

  it(
    'the JUnit schema check can fail: a report without counts is refused',
    { skip: hasXmllint ? false : 'xmllint is not installed' },
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'junit-'));
      const xmlFile = path.join(dir, 'bad.xml');
      fs.writeFileSync(xmlFile, '<testsuites><testsuite name="x"><testcase name="a"/></testsuite></testsuites>');
      const lint = spawnSync(
        'xmllint',
        ['--noout', '--schema', path.join(REPO_ROOT, 'test', 'junit', 'junit.xsd'), xmlFile],
        { encoding: 'utf8' },
      );
      fs.rmSync(dir, { recursive: true, force: true });
      assert.notEqual(lint.status, 0);
    },
  );

  it('--format github: annotations, and a job summary when GITHUB_STEP_SUMMARY is set', async () => {
    const run = await runCli(['check', 'targets.yml', '--timeout', '1', '--format', 'github'], {
      ...file(`targets:\n  - { name: nat, target: "${nat.address}" }\n`),
      env: { GITHUB_STEP_SUMMARY: 'summary.md' },
    });
    assert.match(run.stdout, /^::error title=PASV_PRIVATE_ADDRESS \(nat\)::/m);
    assert.match(run.stdout, /^::warning title=ACTIVE_PORT_REJECTED \(nat\)::/m);
    assert.ok(run.stdout.split('\n').every((line) => line === '' || line.startsWith('::')));
    assert.match(run.written['summary.md'] ?? '', /\| nat \| DEGRADED \||### nat: DEGRADED/);
  });

  it('--format markdown for a ticket', async () => {
    const run = await runCli(['probe', nat.address, '--timeout', '1', '--format', 'markdown']);
    assert.match(run.stdout, /#### ✖ `PASV_PRIVATE_ADDRESS`/);
    assert.match(run.stdout, /\| PASV \| 227 Entering Passive Mode/);
  });
});
