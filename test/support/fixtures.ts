import fs from 'node:fs';
import path from 'node:path';
import type { ProbeRecord } from '../../src/record/record.js';
import { REPO_ROOT } from './paths.js';

export interface ProbeFixture {
  name: string;
  description: string;
  expected: { codes: string[]; verdict: string };
  record: ProbeRecord;
  /** The other addresses of the same name (the other family), probed alongside. */
  siblings?: ProbeRecord[];
}

/** Every record of a fixture: the first address, then the others of the same name. */
export function fixtureRecords(fixture: ProbeFixture): ProbeRecord[] {
  return [fixture.record, ...(fixture.siblings ?? [])];
}

/** Every recorded probe under fixtures/<folder>/, newest format. */
export function loadFixtures(folder: string): ProbeFixture[] {
  const dir = path.join(REPO_ROOT, 'fixtures', folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      name: name.replace(/\.json$/, ''),
      ...(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Omit<ProbeFixture, 'name'>),
    }));
}
