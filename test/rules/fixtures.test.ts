/** The rules against recorded probes: loopback scenarios and the lab's real networks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { worstVerdict } from '../../src/diagnose/verdict.js';
import { fixtureRecords, loadFixtures } from '../support/fixtures.js';

for (const folder of ['probes', 'lab']) {
  const fixtures = loadFixtures(folder);
  describe(`recorded probes in fixtures/${folder}`, () => {
    if (folder === 'probes') it('has fixtures', () => assert.ok(fixtures.length >= 5));
    for (const fixture of fixtures) {
      it(`${fixture.name}: ${fixture.expected.codes.join(', ')} → ${fixture.expected.verdict}`, () => {
        const records = fixtureRecords(fixture);
        const diagnoses = records.map((record) =>
          diagnose(
            record,
            {},
            records.filter((other) => other !== record),
          ),
        );
        assert.deepEqual(diagnoses.flatMap((d) => d.findings.map((f) => f.code)).sort(), fixture.expected.codes);
        assert.equal(worstVerdict(diagnoses.map((d) => d.verdict))?.verdict, fixture.expected.verdict);
      });
    }
  });
}
