import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/diagnose/findings/catalogue.js';
import { FINDING_CODES } from '../../src/diagnose/findings/catalogue.js';
import { findingsMarkdown } from '../../src/report/explain.js';
import { REPO_ROOT } from '../support/paths.js';
import { renderHtml } from '../../src/report/html.js';
import { targetReport } from '../../src/report/assemble.js';
import { loadFixtures } from '../support/fixtures.js';

describe('documentation and catalogue agree', () => {
  it('docs/findings.md lists every code with its severity and title (npm run test:update-golden rewrites it)', () => {
    const file = path.join(REPO_ROOT, 'docs', 'findings.md');
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, findingsMarkdown());
    assert.equal(fs.readFileSync(file, 'utf8'), findingsMarkdown());
  });
  it('every catalogue entry has a title, an explanation and a fix', () => {
    for (const code of FINDING_CODES) {
      const entry = CATALOGUE[code];
      assert.ok(entry.title && entry.explanation && entry.fix, code);
    }
  });
});

describe('README', () => {
  it("describes the HTML page's parts in the order the page shows them", () => {
    // Each part as the README names it, and the mark it leaves on the page.
    const parts: Array<[string, string]> = [
      ['which clients are affected', '<strong>Clients:</strong>'],
      ['the findings with their fixes', '<h3>Findings</h3>'],
      ["what each side's firewall must let in", '<h3>What the firewalls must allow'],
      ['what was not tested', '<strong>Not tested:</strong>'],
      ['a picture of who connected to whom', 'class="picture"'],
      ['the modes table', '<h3>Modes</h3>'],
      ['the client matrix', '<h3>Which clients work</h3>'],
      ['a step-by-step diagram per mode', ': step by step</h3>'],
      ['the transcript in a collapsed section', '<details><summary>Transcript'],
    ];
    const record = structuredClone(loadFixtures('probes').find((f) => f.name === 'server-behind-nat')!.record);
    // One mode left out, so that the page has its "not tested" line too.
    record.modes = record.modes.filter((mode) => mode.mode !== 'eprt');
    record.settings.modes = record.settings.modes.filter((mode) => mode !== 'eprt');
    const report = targetReport('server-behind-nat', [record], { failOn: 'error', redact: false });
    const page = renderHtml([report], { command: 'probe', failOn: 'error' });
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const inPage = parts.map(([, mark]) => page.indexOf(mark));
    const inReadme = parts.map(([words]) => readme.indexOf(words));
    parts.forEach(([words, mark], i) => {
      assert.ok(inPage[i]! >= 0, `the page shows ${mark}`);
      assert.ok(inReadme[i]! >= 0, `the README names "${words}"`);
    });
    const sorted = (list: number[]) => list.every((at, i) => i === 0 || at > list[i - 1]!);
    assert.ok(sorted(inPage), 'the parts, in the order the page shows them');
    assert.ok(sorted(inReadme), "the README's order is the page's");
  });
});

describe('docs/windows.md', () => {
  it('gives the PowerShell that audit runs on a Windows host, verbatim, so that a customer can run the same', async () => {
    const { FIREWALL_SCRIPT } = await import('../../src/commands/audit/firewall/windows-powershell.js');
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'windows.md'), 'utf8');
    assert.ok(doc.includes(`\`\`\`powershell\n${FIREWALL_SCRIPT}\n\`\`\``));
  });
});

describe('the JSON Schema types each finding from the catalogue', () => {
  it('its findingByCode is the catalogue written out (npm run test:update-golden rewrites it)', async () => {
    const { withFindingByCode } = await import('../support/schema-by-code.js');
    const file = path.join(REPO_ROOT, 'schema', 'report.schema.json');
    const text = fs.readFileSync(file, 'utf8');
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, withFindingByCode(text));
    assert.equal(fs.readFileSync(file, 'utf8'), withFindingByCode(text));
  });
  it('a finding without a param its wording needs, or with a code the catalogue lacks, is invalid', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8')) as {
      $defs: Record<string, object>;
    };
    const ajv = new Ajv2020({ strict: true, strictRequired: false });
    ajv.addSchema(schema, 'report');
    const valid = (finding: object): boolean => ajv.validate('report#/$defs/finding', finding);
    const finding = {
      code: 'CONTROL_REFUSED',
      severity: 'error',
      title: 't',
      explanation: 'e',
      fix: 'f',
      evidence: [],
      params: { address: '198.51.100.2', port: '21', host: 'ftp.example.net' },
    };
    assert.ok(valid(finding), JSON.stringify(ajv.errors));
    assert.ok(!valid({ ...finding, params: { address: '198.51.100.2' } }), 'port is missing');
    assert.ok(!valid({ ...finding, code: 'NO_SUCH_CODE' }));
  });
});

describe("the README's data path", () => {
  it('names only places that exist', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /The data's path[^`]*```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const places = [...block.matchAll(/src\/[\w/.-]+/g)].map((m) => m[0]);
    assert.ok(places.length >= 8, 'the path names its places');
    for (const place of places) assert.ok(fs.existsSync(path.join(REPO_ROOT, place)), place);
  });
});
