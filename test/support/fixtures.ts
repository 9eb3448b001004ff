import fs from 'node:fs';
import path from 'node:path';
import type { ProbeRecord } from '../../src/record/record.js';
import { REPO_ROOT } from './paths.js';

export interface ProbeFixture {
  name: string;
  description: string;
  expected: { codes: string[]; verdict: string };
  record: ProbeRecord;
}

/** Every recorded probe under fixtures/<folder>/, newest format. */
export function loadFixtures(folder: string): ProbeFixture[] {
  const dir = path.join(REPO_ROOT, 'fixtures', folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name: name.replace(/\.json$/, ''), ...(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Omit<ProbeFixture, 'name'>) }));
}
