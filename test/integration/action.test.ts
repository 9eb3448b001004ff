/** The GitHub Action: action.yml is well formed, its steps run the CLI with its inputs, and the check step runs here against loopback. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { REPO_ROOT } from '../support/paths.js';

interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  runs: { using: string; steps: Array<{ name: string; shell: string; run: string; env?: Record<string, string> }> };
}

/** Runs a step's script without blocking this process, which serves the FTP servers it probes. */
function runStep(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

describe('the GitHub Action', () => {
  it('is a composite action whose steps use only inputs it declares', () => {
    assert.equal(action.runs.using, 'composite');
    const used = action.runs.steps.flatMap((step) =>
      [...JSON.stringify(step).matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]),
    );
    assert.ok(used.length > 0);
    for (const name of used) assert.ok(action.inputs[name!], `inputs.${name} is used but not declared`);
    assert.equal(action.inputs.format?.default, 'github');
    assert.ok(action.runs.steps.every((step) => step.shell === 'bash'));
  });

  it('the check step runs ftp-doctor check with the inputs: annotations, a job summary, the exit code', async () => {
    const step = action.runs.steps.find((s) => s.name === 'Check the targets')!;
    const healthy = await new FtpTestServer().start();
    const broken = await new FtpTestServer({ pasvAddress: '10.20.0.2' }).start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-action-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'targets.yml'),
        `targets:\n  - { name: ok, target: "${healthy.address}" }\n  - { name: nat, target: "${broken.address}" }\n`,
      );
      const summary = path.join(dir, 'summary.md');
      const env = {
        ...process.env,
        GITHUB_ACTION_PATH: REPO_ROOT,
        GITHUB_STEP_SUMMARY: summary,
        FTP_DOCTOR_TARGETS: 'targets.yml',
        FTP_DOCTOR_COMPOSE: '',
        FTP_DOCTOR_SERVICE: '',
        FTP_DOCTOR_KUBERNETES: '',
        FTP_DOCTOR_FORMAT: 'github',
        FTP_DOCTOR_FAIL_ON: 'error',
        FTP_DOCTOR_OUTPUT: '',
      };
      const run = await runStep(step.run, dir, env);
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^::error title=PASV_PRIVATE_ADDRESS \(nat\)::/m);
      assert.match(fs.readFileSync(summary, 'utf8'), /## ftp-doctor check/);
      const passing = await runStep(step.run, dir, { ...env, FTP_DOCTOR_FAIL_ON: 'none' });
      assert.equal(passing.status, 0, passing.stderr);
      // Deployment files: annotations on their lines, and the worst exit code of all parts.
      const fixtures = path.join(REPO_ROOT, 'fixtures', 'deploy');
      const deploy = await runStep(step.run, dir, {
        ...env,
        FTP_DOCTOR_TARGETS: '',
        FTP_DOCTOR_COMPOSE: path.join(fixtures, 'compose', 'pure-ftpd-defaults.yml'),
        FTP_DOCTOR_KUBERNETES: path.join(fixtures, 'kubernetes', 'good.yaml'),
      });
      assert.equal(deploy.status, 1, deploy.stderr);
      assert.match(
        deploy.stdout,
        /^::error file=[^,]*pure-ftpd-defaults\.yml,line=5,title=CONTAINER_PASSIVE_NOT_PUBLISHED/m,
      );
      assert.match(deploy.stdout, /CONTAINER_CONFIG_OK/);
      const none = await runStep(step.run, dir, { ...env, FTP_DOCTOR_TARGETS: '' });
      assert.equal(none.status, 2);
      assert.match(none.stdout, /give the action targets, compose or kubernetes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await healthy.stop();
      await broken.stop();
    }
  });
});
