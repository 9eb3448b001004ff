/**
 * One truth in every report: for every recorded probe, lab fixture, fixture log
 * and a few hundred fuzzed probes, through every format, the verdict, the
 * findings and the exit code agree, the JSON is valid against the published
 * schema, and no parameter is left unfilled.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { PARAM_WORDS } from '../../src/diagnose/words/param-words.js';
import { FORMATS } from '../../src/report/render.js';
import type { ProbeRecord, WaitOutcome } from '../../src/record/record.js';
import { runCli } from '../support/cli.js';
import { fixtureRecords, loadFixtures } from '../support/fixtures.js';
import { REPO_ROOT } from '../support/paths.js';

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const UNFILLED = new RegExp(
  `\\{(${Object.keys(PARAM_WORDS).join('|')})\\}|<(${Object.keys(PARAM_WORDS).join('|')})>|\\bundefined\\b|\\bNaN\\b|\\[object Object\\]`,
);
const COUNTED = (m: { reasonCode?: string }) =>
  !['not-requested', 'not-applicable', 'not-shown-in-log'].includes(m.reasonCode ?? '');
const BROKEN = ['refused', 'timeout', 'rejected', 'error'];

interface Document {
  alsoProbed?: Document[];
  addressVerdict?: Document['verdict'];
  addressOwn?: { findings: Document['findings'] };
  verdict: { verdict: string; label: string };
  findings: Array<{ code: string; severity: string; mode?: string; address?: string }>;
  modes: Array<{ mode: string; status: string; reasonCode?: string }>;
  exitCode: number;
  exitReason: string;
  interrupted: boolean;
}

/** The verdict rules, checked from the outside. */
function assertVerdictRules(document: Document, where: string): void {
  const counted = document.modes.filter(COUNTED);
  const ok = counted.filter((m) => m.status === 'ok');
  const broken = counted.filter((m) => BROKEN.includes(m.status));
  const errors = document.findings.filter((f) => f.severity === 'error');
  const { verdict } = document.verdict;
  assert.equal(document.modes.length, 4, `${where}: every mode appears`);
  for (const mode of document.modes)
    assert.equal(
      mode.status === 'not_tested',
      mode.reasonCode !== undefined,
      `${where}: ${mode.mode} not tested ⇔ reason code`,
    );
  if (verdict === 'ok') {
    assert.equal(errors.length, 0, `${where}: ok with an error finding`);
    assert.ok(ok.length > 0 && ok.length === counted.length, `${where}: ok but not every counted mode listed`);
  }
  if (verdict === 'failed') assert.equal(ok.length, 0, `${where}: failed although a mode listed`);
  if (verdict === 'inconclusive')
    assert.ok(errors.length === 0 && broken.length === 0, `${where}: inconclusive despite a failure`);
  if (verdict === 'degraded') assert.ok(ok.length > 0, `${where}: degraded without a working mode`);
  if (errors.length > 0)
    assert.ok(verdict === 'failed' || verdict === 'degraded', `${where}: an error finding but ${verdict}`);
}

/** The exit-code rules, and the same truth in every format. */
async function assertOneTruth(argv: string[], options: Parameters<typeof runCli>[1], where: string): Promise<void> {
  const json = await runCli([...argv, '--format', 'json'], options);
  assert.equal(json.stderr, '', `${where}: ${json.stderr}`);
  const document = JSON.parse(json.stdout) as Document;
  assert.ok(validate(document), `${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  // A name probed at several addresses: each address's own document follows the rules; the combined verdict is failed only when
  // no address lists, degraded when one lists and another fails, else the worst; the top level holds every address's findings.
  const perAddress = document.alsoProbed
    ? [
        { ...document, verdict: document.addressVerdict!, findings: document.addressOwn!.findings },
        ...document.alsoProbed,
      ]
    : [document];
  for (const each of perAddress) assertVerdictRules(each, where);
  if (document.alsoProbed) {
    const order = ['failed', 'degraded', 'inconclusive', 'ok'];
    const verdicts = perAddress.map((d) => d.verdict.verdict);
    const lists = verdicts.some((v) => v === 'ok' || v === 'degraded');
    const expected =
      lists && verdicts.includes('failed')
        ? 'degraded'
        : [...verdicts].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
    assert.equal(document.verdict.verdict, expected, `${where}: combined verdict`);
    assert.equal(
      document.findings.length,
      perAddress.reduce((n, d) => n + d.findings.length, 0),
      `${where}: the top level holds every address's findings`,
    );
    assert.ok(
      document.findings.every((f) => f.address !== undefined),
      `${where}: a combined finding without its address`,
    );
  }
  assert.equal(document.exitCode, json.code, `${where}: exit code in JSON`);
  if (document.interrupted) assert.equal(json.code, 130, where);
  else if (document.verdict.verdict === 'failed') assert.equal(json.code, 1, `${where}: failed must exit 1`);
  else if (document.verdict.verdict === 'inconclusive')
    assert.ok(json.code === 4 || json.code === 1, `${where}: inconclusive exited ${json.code}`);
  else assert.ok(json.code === 0 || json.code === 1, where);
  const failOnNone = argv.includes('none');
  if (json.code === 0 && !failOnNone)
    assert.ok(!document.findings.some((f) => f.severity === 'error'), `${where}: exit 0 with an error finding`);
  if (failOnNone)
    assert.notEqual(
      json.code === 0,
      document.verdict.verdict === 'failed' || document.verdict.verdict === 'inconclusive' || document.interrupted,
      `${where}: --fail-on none exits 0 exactly when the verdict is ok or degraded`,
    );
  assert.doesNotMatch(json.stdout, UNFILLED, where);
  for (const format of FORMATS.filter((f) => f !== 'json')) {
    const run = await runCli([...argv, '--format', format], options);
    if (format === 'nagios') {
      // The plugin guidelines' own exit codes, from the same verdict.
      const state = /^FTP (OK|WARNING|CRITICAL|UNKNOWN) - /.exec(run.stdout)?.[1];
      assert.ok(state, `${where}: nagios first line`);
      assert.equal(
        run.code,
        ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'].indexOf(state),
        `${where}: nagios state and exit code`,
      );
      const expected: string | undefined = document.interrupted
        ? 'UNKNOWN'
        : { failed: 'CRITICAL', degraded: 'WARNING', ok: json.code === 0 ? 'OK' : 'WARNING', inconclusive: undefined }[
            document.verdict.verdict as 'ok'
          ];
      if (expected) assert.equal(state, expected, `${where}: nagios state for ${document.verdict.verdict}`);
      else
        assert.ok(
          state === 'CRITICAL' || state === 'UNKNOWN',
          `${where}: inconclusive is CRITICAL (deadline) or UNKNOWN`,
        );
      continue;
    }
    assert.equal(run.code, json.code, `${where}: ${format} exit code`);
    assert.doesNotMatch(run.stdout, UNFILLED, `${where}: ${format}`);
    if (format === 'text') {
      assert.match(run.stdout, new RegExp(`Verdict: ${document.verdict.label} `), `${where}: text verdict`);
      assert.match(run.stdout, new RegExp(`Exit code ${json.code} `), `${where}: text exit code`);
    }
    if (format === 'markdown')
      assert.match(
        run.stdout,
        new RegExp(`\\*\\*Verdict:\\*\\* ${document.verdict.label}`),
        `${where}: markdown verdict`,
      );
    const allFindings = document.findings;
    if (format === 'github')
      assert.equal(
        run.stdout.split('\n').filter((l) => l.startsWith('::')).length,
        allFindings.length,
        `${where}: one annotation per finding, every address`,
      );
    if (format === 'junit' && json.code !== 130)
      assert.equal(
        /<testsuites [^>]*failures="0"/.test(run.stdout),
        json.code !== 1,
        `${where}: JUnit failures ⇔ exit 1`,
      );
  }
}

describe('one truth in every report', () => {
  for (const folder of ['probes', 'lab']) {
    for (const fixture of loadFixtures(folder)) {
      it(`fixtures/${folder}/${fixture.name}`, async () => {
        for (const failOn of ['error', 'warning', 'none']) {
          await assertOneTruth(
            ['probe', fixture.record.target.input, '--fail-on', failOn],
            { records: fixtureRecords(fixture) },
            `${fixture.name} --fail-on ${failOn}`,
          );
        }
      });
    }
  }

  const logs = path.join(REPO_ROOT, 'fixtures', 'logs');
  for (const file of fs.readdirSync(logs).filter((f) => f.endsWith('.log'))) {
    it(`fixtures/logs/${file}`, async () => {
      await assertOneTruth(
        ['analyze', file],
        { files: { [file]: fs.readFileSync(path.join(logs, file), 'utf8') } },
        file,
      );
    });
  }

  const captures = path.join(REPO_ROOT, 'fixtures', 'captures');
  for (const file of fs.readdirSync(captures).filter((f) => /\.pcap(ng)?$/.test(f))) {
    it(`fixtures/captures/${file}`, async () => {
      await assertOneTruth(['analyze', path.join(captures, file)], {}, file);
    });
  }

  it('check and demo JSON are valid against the schema too', async () => {
    const [first, second] = loadFixtures('probes');
    const check = await runCli(['check', 'targets.yml', '--json'], {
      records: [first!.record],
      files: {
        'targets.yml': `targets:\n  - { name: one, target: "${first!.record.target.host}" }\n  - { name: two, target: "${second!.record.target.host}", expect: { passive: ok } }\n`,
      },
    });
    const checkDocument = JSON.parse(check.stdout) as { exitCode: number; kind: string };
    assert.ok(validate(checkDocument), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(checkDocument.kind, 'check');
    assert.equal(checkDocument.exitCode, check.code);
    const demo = await runCli(['demo', '--json']);
    assert.ok(validate(JSON.parse(demo.stdout)), JSON.stringify(validate.errors?.slice(0, 3)));
  });

  it('the demo exits 0 and its text says what a probe of each server would return, never "Exit code 1" of its own', async () => {
    const demo = await runCli(['demo']);
    assert.equal(demo.code, 0);
    assert.doesNotMatch(demo.stdout, /^Exit code [1-9]/m);
    assert.match(demo.stdout, /^A probe of this server alone would exit with code 1 /m);
  });

  it('a few hundred fuzzed probes: outcomes cut, refused, timed out, interrupted at every phase', async () => {
    const bases = [...loadFixtures('probes'), ...loadFixtures('lab')].map((f) => f.record);
    const outcome = fc.constantFrom<WaitOutcome>(
      'ok',
      'refused',
      'timeout',
      'reset',
      'closed',
      'deadline',
      'interrupted',
    );
    const cut = fc.record({
      base: fc.nat({ max: bases.length - 1 }),
      outcomes: fc.array(
        fc.tuple(
          fc.nat({ max: 3 }),
          fc.constantFrom('command', 'dataConnect', 'list', 'accept', 'completion'),
          outcome,
        ),
        { maxLength: 4 },
      ),
      interrupted: fc.boolean(),
      deadlineHit: fc.boolean(),
      insecure: fc.boolean(),
      dropModes: fc.nat({ max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(cut, async ({ base, outcomes, interrupted, deadlineHit, insecure, dropModes }) => {
        const record = structuredClone<ProbeRecord>(bases[base]!);
        record.interrupted = interrupted;
        record.deadlineHit = deadlineHit;
        record.settings.insecure = insecure;
        record.modes = record.modes.slice(0, Math.max(0, record.modes.length - dropModes));
        record.settings.modes = record.modes.map((m) => m.mode);
        for (const [index, phase, wait] of outcomes) {
          const mode = record.modes[index];
          const step = mode?.[phase] as { outcome: WaitOutcome; reply?: unknown } | undefined;
          if (step) {
            step.outcome = wait;
            if (wait !== 'ok') delete step.reply;
          }
        }
        await assertOneTruth(
          ['probe', record.target.input],
          { records: [record] },
          `fuzzed from ${bases[base]!.target.input}`,
        );
      }),
      { numRuns: Number(process.env.INVARIANT_RUNS ?? 200) },
    );
  });
});
