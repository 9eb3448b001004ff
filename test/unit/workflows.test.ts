import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/paths.js';

interface Step {
  run?: string;
  uses?: string;
  name?: string;
}
interface Job {
  needs?: string[];
  container?: { image: string; options?: string };
  steps: Step[];
}
interface Workflow {
  on: unknown;
  jobs: Record<string, Job>;
}

const workflow = (name: string): Workflow =>
  parse(fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
const runs = (job: Job): string[] => job.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));

describe('CI in the repository', () => {
  it('the Linux gate runs .ci/run on every push and pull request, in a privileged Debian container (the lab needs namespaces)', () => {
    const linux = workflow('linux.yml');
    assert.deepEqual(linux.on, ['push', 'pull_request']);
    const job = linux.jobs.ci!;
    assert.match(job.container?.image ?? '', /^debian:/);
    assert.match(job.container?.options ?? '', /--privileged/);
    assert.equal(runs(job).at(-1), 'bash .ci/run');
    assert.deepEqual(workflow('windows.yml').on, ['push', 'pull_request']);
  });

  it('a release is built only after the tag matched the version and the Linux gate passed, and is attached to the release', () => {
    const release = workflow('release.yml');
    assert.deepEqual(release.jobs.binary!.needs?.sort(), ['test', 'version']);
    assert.equal(runs(release.jobs.test!).at(-1), 'bash .ci/run');
    assert.deepEqual(release.jobs.publish!.needs, ['binary']);
    assert.ok(runs(release.jobs.publish!).some((run) => run.startsWith('gh release create "$GITHUB_REF_NAME" out/*')));
    assert.ok(!runs(release.jobs.binary!).some((run) => /gh release/.test(run)), 'only publish touches the release');
  });

  it("the version check refuses a tag that is not package.json's version", () => {
    const check = workflow('release.yml').jobs.version!.steps.find((step) => step.name?.includes('version'))!.run!;
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    const tagged = (tag: string) =>
      spawnSync('bash', ['-c', check], {
        cwd: REPO_ROOT,
        env: { ...process.env, GITHUB_REF_NAME: tag },
        encoding: 'utf8',
      });
    assert.equal(tagged(`v${version}`).status, 0);
    const wrong = tagged('v99.0.0');
    assert.equal(wrong.status, 1);
    assert.match(wrong.stdout, /tag v99\.0\.0 is not package\.json's version/);
  });
});
