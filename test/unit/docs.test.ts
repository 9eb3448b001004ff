import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/diagnose/catalogue.js';
import { FINDING_CODES } from '../../src/diagnose/codes.js';
import { REPO_ROOT } from '../support/paths.js';

describe('documentation and catalogue agree', () => {
  const documented = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'findings.md'), 'utf8');
  for (const code of FINDING_CODES) {
    it(`${code} is documented with its severity`, () => {
      assert.ok(documented.includes(`| ${code} | ${CATALOGUE[code].severity} |`), `docs/findings.md lacks ${code}`);
    });
  }
  it('every catalogue entry has a title, an explanation and a fix', () => {
    for (const code of FINDING_CODES) {
      const entry = CATALOGUE[code];
      assert.ok(entry.title && entry.explanation && entry.fix, code);
    }
  });
});
