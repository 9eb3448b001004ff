import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/diagnose/catalogue.js';
import { FINDING_CODES } from '../../src/diagnose/codes.js';
import { findingsMarkdown } from '../../src/report/explain.js';
import { REPO_ROOT } from '../support/paths.js';

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

describe('docs/windows.md', () => {
  it('gives the PowerShell that audit runs on a Windows host, verbatim, so that a customer can run the same', async () => {
    const { FIREWALL_SCRIPT } = await import('../../src/commands/audit/firewall/windows-powershell.js');
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'windows.md'), 'utf8');
    assert.ok(doc.includes(`\`\`\`powershell\n${FIREWALL_SCRIPT}\n\`\`\``));
  });
});
