/** The house rules in .dependency-cruiser.cjs hold for the source as it is. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/paths.js';
import { architectureMermaid, committedArchitecture } from '../support/architecture.js';

// dependency-cruiser's command is a shell script in node_modules/.bin: the rules are checked on Linux (CI), not on Windows.
describe('architecture', { skip: process.platform === 'win32' ? 'depcruise runs on Linux' : false }, () => {
  it('no import breaks the dependency rules (no cycles, layers downward only, pure cores, only bin/ imports the CLI)', () => {
    const depcruise = path.join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
    const run = spawnSync(depcruise, ['src', 'bin', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /no dependency violations found \((\d+) modules/);
    const modules = Number(/\((\d+) modules/.exec(run.stdout)?.[1]);
    assert.ok(modules > 50, `only ${modules} modules were checked: the rules are not seeing the source`);
  });
  it("the README's diagram is the one the imports draw (npm run docs:architecture rewrites it)", () => {
    assert.equal(committedArchitecture(), architectureMermaid());
  });
});

describe('names that say where they are', () => {
  it('no two source files share a name, so a stack trace or an editor tab says which one', async () => {
    const fs = await import('node:fs');
    const seen = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts'))
          seen.set(entry.name, [...(seen.get(entry.name) ?? []), path.relative(REPO_ROOT, full)]);
      }
    };
    walk(path.join(REPO_ROOT, 'src'));
    const repeated = [...seen.values()].filter((paths) => paths.length > 1);
    assert.deepEqual(repeated, [], `repeated names: ${repeated.map((paths) => paths.join(' and ')).join('; ')}`);
  });
});
