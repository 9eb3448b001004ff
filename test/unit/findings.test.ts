import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FINDING_ROLES } from '../../src/diagnose/entry.js';
import { ALERT_RULES } from '../../src/diagnose/findings/alert-rules.js';
import { ALERTS } from '../../src/diagnose/findings/alerts.js';
import {
  AREA_OF,
  CATALOGUE,
  entryOf,
  FINDING_CODES,
  FINDINGS_BY_AREA,
  type FindingCode,
} from '../../src/diagnose/findings/catalogue.js';
import { decideVerdict, PIPELINES, type Pipeline, type VerdictFacts } from '../../src/diagnose/verdict.js';
import { REPO_ROOT } from '../support/paths.js';

/** The text of every test and fixture, where a code a test reaches is named. */
function testTexts(): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json|txt|log|md|yml|yaml|conf)$/.test(entry.name) && fs.statSync(full).size < 4_000_000)
        texts.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(REPO_ROOT, 'test'));
  // This file names codes to test the verdict, not to reach them.
  texts.splice(texts.indexOf(fs.readFileSync(path.join(REPO_ROOT, 'test', 'unit', 'findings.test.ts'), 'utf8')), 1);
  walk(path.join(REPO_ROOT, 'fixtures'));
  return texts.join('\n');
}

describe('findings as typed data', () => {
  it('each code is written in one area only, and the catalogue holds every area', () => {
    const sizes = Object.values(FINDINGS_BY_AREA).reduce((sum, area) => sum + Object.keys(area).length, 0);
    assert.equal(sizes, FINDING_CODES.length, 'a code in two areas is overwritten silently when they are joined');
    for (const code of FINDING_CODES) assert.ok(Object.hasOwn(FINDINGS_BY_AREA[AREA_OF[code]], code), code);
  });

  it('a role agrees with the severity: what never changes a verdict is info, what changes one is not', () => {
    for (const code of FINDING_CODES) {
      const { role, severity } = entryOf(code);
      assert.ok(FINDING_ROLES.includes(role), code);
      if (role === 'informational' || role === 'not-tested') assert.equal(severity, 'info', code);
      else assert.notEqual(severity, 'info', `${code} is ${role} yet info, so no command would count it`);
    }
  });

  it('each alert is raised by the findings that name it, and every alert by at least one', () => {
    for (const name of Object.keys(ALERT_RULES) as Array<keyof typeof ALERT_RULES>) {
      assert.ok(ALERTS[name].codes.length > 0, `${name} is raised by no finding`);
      for (const code of ALERTS[name].codes) assert.equal(entryOf(code).alert, name);
    }
    const alerting = FINDING_CODES.filter((code) => entryOf(code).alert !== undefined);
    assert.equal(Object.values(ALERTS).flatMap((a) => a.codes).length, alerting.length);
  });

  it('every code is reached by at least one test or fixture', () => {
    const texts = testTexts();
    const untested = FINDING_CODES.filter((code) => !new RegExp(`\\b${code}\\b`).test(texts));
    assert.deepEqual(untested, [], `codes no test names: ${untested.join(', ')}`);
  });
});

describe('one verdict, one threshold per pipeline', () => {
  const finding = (code: FindingCode, params: Record<string, string> = {}): VerdictFacts['findings'][number] => ({
    code,
    severity: CATALOGUE[code].severity,
    params,
  });
  const decide = (pipeline: Pipeline, facts: VerdictFacts): string => decideVerdict(pipeline, facts);
  const listing = { working: 2, broken: 0, untested: 0 };

  it('a probe counts errors, not warnings', () => {
    assert.equal(PIPELINES.probe.countsFrom, 'error');
    assert.equal(decide('probe', { modes: listing, findings: [finding('GREETING_SLOW')] }), 'ok');
    assert.equal(decide('probe', { modes: listing, findings: [finding('PASV_RANGE_PARTLY_BLOCKED')] }), 'degraded');
  });
  it('a workaround degrades whatever its severity; informational and not-tested findings never count', () => {
    assert.equal(decide('probe', { modes: listing, findings: [finding('PASV_ADDRESS_MISMATCH')] }), 'degraded');
    assert.equal(decide('probe', { modes: listing, findings: [finding('PROBE_DEADLINE_REACHED')] }), 'ok');
    assert.equal(decide('probe', { modes: listing, findings: [finding('ALL_MODES_OK')] }), 'ok');
  });
  it('a probe fails when nothing lists and something broke or counts; it is open when nothing was tested', () => {
    const none = { working: 0, broken: 0, untested: 2 };
    assert.equal(decide('probe', { modes: none, findings: [finding('LOGIN_FAILED')] }), 'failed');
    assert.equal(decide('probe', { modes: none, findings: [] }), 'inconclusive');
    assert.equal(decide('probe', { modes: { working: 0, broken: 1, untested: 0 }, findings: [] }), 'failed');
    assert.equal(decide('probe', { modes: { working: 1, broken: 1, untested: 0 }, findings: [] }), 'degraded');
  });
  it('an audit counts warnings, and fails only when the control port is blocked in every family checked', () => {
    assert.equal(PIPELINES.audit.countsFrom, 'warning');
    const blocked = (family: string): VerdictFacts['findings'][number] =>
      finding('AUDIT_CONTROL_PORT_BLOCKED', { family });
    assert.equal(decide('audit', { findings: [finding('AUDIT_PORT_PROMISCUOUS')] }), 'degraded');
    assert.equal(decide('audit', { findings: [blocked('4')], places: ['4', '6'] }), 'degraded');
    assert.equal(decide('audit', { findings: [blocked('4'), blocked('6')], places: ['4', '6'] }), 'failed');
    assert.equal(decide('audit', { findings: [blocked('4 and IPv6')], places: ['4', '6'] }), 'failed');
    assert.equal(decide('audit', { findings: [blocked('4')], places: ['4'] }), 'failed');
    assert.equal(decide('audit', { findings: [], nothingChecked: true }), 'inconclusive');
    assert.equal(decide('audit', { findings: [finding('AUDIT_RANGE_SMALL')], open: true }), 'inconclusive');
  });
  it('a deployment fails on any blocking finding and counts errors only', () => {
    assert.equal(decide('deployment', { findings: [finding('K8S_CONTROL_NOT_EXPOSED')] }), 'failed');
    assert.equal(decide('deployment', { findings: [finding('CONTAINER_TLS_FILE_NOT_MOUNTED')] }), 'ok');
    assert.equal(decide('deployment', { findings: [finding('CONTAINER_PASSIVE_RANGE_UNSET')] }), 'degraded');
    assert.equal(decide('deployment', { findings: [], open: true }), 'inconclusive');
  });
});
