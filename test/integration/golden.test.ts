/**
 * Golden output of the CLI (text and JSON, with the exit code) for recorded
 * probes. Goldens change only through `npm run test:update-golden`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/diagnose/findings/catalogue.js';
import type { FindingCode } from '../../src/diagnose/findings/catalogue.js';
import { fill } from '../../src/diagnose/template.js';
import { loadFixtures } from '../support/fixtures.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

const goldenDir = path.join(REPO_ROOT, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function compare(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (update) {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing golden ${name}: run npm run test:update-golden`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its golden file`);
}

describe('golden CLI output', () => {
  for (const fixture of loadFixtures('probes')) {
    const target = fixture.record.target.input;
    it(`${fixture.name} (text)`, async () => {
      const run = await runCli(['probe', target], { records: [fixture.record] });
      compare(`${fixture.name}.txt`, `$ ftp-doctor probe ${target}\n${run.stdout}[exit ${run.code}]\n`);
    });
    it(`${fixture.name} (json)`, async () => {
      const run = await runCli(['probe', target, '--json'], { records: [fixture.record] });
      const document = JSON.parse(run.stdout) as {
        exitCode: number;
        findings: Array<{ code: FindingCode; title: string; params: Record<string, string> }>;
      };
      assert.equal(document.exitCode, run.code);
      // The data and the prose agree: each title is its catalogue wording filled with the params the JSON carries.
      for (const finding of document.findings)
        assert.equal(fill(CATALOGUE[finding.code].title, finding.params), finding.title, finding.code);
      compare(`${fixture.name}.json`, `${run.stdout}`);
    });
  }
  it('analyze of a FileZilla log (text)', async () => {
    const file = 'fixtures/logs/filezilla-private-227-timeout.log';
    const run = await runCli(['analyze', file], {
      files: { [file]: fs.readFileSync(path.join(REPO_ROOT, file), 'utf8') },
    });
    compare('analyze-filezilla.txt', `$ ftp-doctor analyze ${file}\n${run.stdout}[exit ${run.code}]\n`);
  });

  it('server-behind-nat with --transcript --redact --fail-on none', async () => {
    const fixture = loadFixtures('probes').find((f) => f.name === 'server-behind-nat');
    assert.ok(fixture);
    const run = await runCli(['probe', fixture.record.target.input, '--transcript', '--redact', '--fail-on', 'none'], {
      records: [fixture.record],
    });
    assert.equal(run.code, 0);
    compare('server-behind-nat.transcript.txt', `${run.stdout}[exit ${run.code}]\n`);
  });
});
