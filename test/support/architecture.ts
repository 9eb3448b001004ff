/**
 * The README's architecture diagram, made from dependency-cruiser's own view
 * of the source: one node per directory of src/ (and bin/), one edge per
 * directory another imports from. `npm run docs:architecture` writes it into
 * the README; a test fails when the committed one differs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

interface Cruised {
  modules: Array<{
    source: string;
    dependencies: Array<{ resolved: string; coreModule: boolean; couldNotResolve: boolean }>;
  }>;
}

const BEGIN = '<!-- architecture: made by npm run docs:architecture from dependency-cruiser; do not edit -->';
const END = '<!-- end of architecture -->';

/** A directory of src/, or a command's directory under src/commands/. */
function directoryOf(file: string): string | undefined {
  if (file.startsWith('bin/')) return 'bin';
  return /^src\/(commands\/[^/]+|[^/]+)\//.exec(file)?.[1];
}

const nodeId = (directory: string): string => directory.replace('/', '_');

export function architectureMermaid(): string {
  const depcruise = path.join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
  const run = spawnSync(depcruise, ['src', 'bin', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`depcruise failed: ${run.stderr}`);
  const cruised = JSON.parse(run.stdout) as Cruised;
  const edges = new Set<string>();
  const nodes = new Set<string>();
  for (const module of cruised.modules) {
    const from = directoryOf(module.source);
    if (!from) continue;
    nodes.add(from);
    for (const dependency of module.dependencies) {
      if (dependency.coreModule || dependency.couldNotResolve) continue;
      const to = directoryOf(dependency.resolved);
      if (to && to !== from) edges.add(`  ${nodeId(from)} --> ${nodeId(to)}`);
    }
  }
  return [
    '```mermaid',
    'flowchart TD',
    ...[...nodes].sort().map((node) => `  ${nodeId(node)}["${node === 'bin' ? 'bin/ftp-doctor.js' : `src/${node}`}"]`),
    ...[...edges].sort(),
    '```',
  ].join('\n');
}

/** The diagram as the README holds it now. */
export function committedArchitecture(
  readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'),
): string | undefined {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  return start < 0 || end < 0 ? undefined : readme.slice(start + BEGIN.length, end).trim();
}

export function writeArchitecture(): void {
  const file = path.join(REPO_ROOT, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error('README.md has no architecture markers');
  fs.writeFileSync(file, `${readme.slice(0, start + BEGIN.length)}\n${architectureMermaid()}\n${readme.slice(end)}`);
}
