/**
 * The test command: unit and loopback integration tests, then the lab when
 * this machine can run it. Every test process loads the network guard; any
 * connection it refused fails the run. Ends with one "N passed, N failed" line.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { labAvailability } from './lab/availability.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-test-'));
const guardLog = path.join(work, 'guard.log');
fs.writeFileSync(guardLog, '');

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${path.join(here, 'support', 'net-guard.js')}`.trim(),
  FTP_DOCTOR_GUARD_LOG: guardLog,
  NO_COLOR: '1',
  // npm started by a test stays offline: no update check, audit or funding look-up, which the guard would refuse.
  npm_config_update_notifier: 'false',
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? testFiles(path.join(dir, entry.name))
        : entry.name.endsWith('.test.js')
          ? [path.join(dir, entry.name)]
          : [],
    );
}

const totals = { pass: 0, fail: 0, skip: 0 };
/** Every failed test by name, for the closing summary. */
const failedTests: string[] = [];

/** The failed tests in a TAP file: the leaves, not the suites that fail because a test in them did. */
function failedIn(tap: string): string[] {
  const lines = tap.split('\n');
  const names: string[] = [];
  lines.forEach((line, i) => {
    const match = /^\s*not ok \d+ - (.*)$/.exec(line);
    if (!match?.[1]) return;
    const block = lines.slice(i + 1, i + 12).join('\n');
    if (!/subtests? failed/.test(block)) names.push(match[1]);
  });
  return names;
}
const skippedSuites: string[] = [];
/** Each suite's wall time, printed at the end: the lab's apart from the rest. */
const timings: string[] = [];

/** A suite that cannot run here is counted, not forgotten: its tests as skipped, and how to run them. */
function skipSuite(name: string, files: string[], why: string, tests: number = countTests(files)): void {
  totals.skip += tests;
  skippedSuites.push(`${name} (${tests} tests): ${why}`);
  console.log(`${name} skipped (${tests} tests): ${why}`);
}

/** Tests a file declares: its it() calls, or one per lab scenario. */
function countTests(files: string[]): number {
  return files.reduce((sum, file) => sum + (fs.readFileSync(file, 'utf8').match(/\bit\(/g)?.length ?? 0), 0);
}

/** Chromium for the HTML tests: Debian's package, and a way to give it a network namespace of its own. */
function browserAvailability(): { ok: true } | { ok: false; why: string } {
  if (!fs.existsSync('/usr/bin/chromium'))
    return { ok: false, why: 'chromium is not installed (apt-get install chromium)' };
  if (spawnSync('unshare', ['-n', 'true']).status !== 0)
    return { ok: false, why: 'unshare -n is not allowed here (it needs root)' };
  return { ok: true };
}

/** A suite in a process of its own. Awaited, not run synchronously, so the lint beside it is timed when it really ends. */
async function runSuite(
  name: string,
  files: string[],
  extraEnv: Record<string, string> = {},
  concurrency = 1,
  wrapper: string[] = [],
): Promise<boolean> {
  if (files.length === 0) return true;
  const tap = path.join(work, `${name}.tap`);
  const started = performance.now();
  const [command = process.execPath, ...prefix] = wrapper.length ? [...wrapper, process.execPath] : [process.execPath];
  const child = spawn(
    command,
    [
      ...prefix,
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env: { ...env, ...extraEnv } },
  );
  const status = await new Promise<number | null>((resolve) => {
    child.once('close', resolve);
    child.once('error', () => resolve(1));
  });
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  timings.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const count = (key: string): number => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  totals.pass += count('pass');
  totals.fail += count('fail') + count('cancelled');
  failedTests.push(...failedIn(text).map((test) => `${name}: ${test}`));
  totals.skip += count('skipped');
  return status === 0;
}

// Lint and format run beside the suites (they need no network and little of the machine), and count as one test.
const lintLog = path.join(work, 'lint.log');
const lintStarted = performance.now();
let lintMs = 0;
const lintOutput = fs.openSync(lintLog, 'w');
const lint = args.has('--lab-only')
  ? undefined
  : new Promise<number>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'lint'], {
        cwd: path.join(here, '..', '..'),
        stdio: ['ignore', lintOutput, lintOutput],
      });
      child.once('exit', (code) => {
        lintMs = performance.now() - lintStarted;
        resolve(code ?? 1);
      });
      child.once('error', () => resolve(1));
    });

let ok = true;
if (!args.has('--lab-only')) {
  ok =
    (await runSuite('unit', [...testFiles(path.join(here, 'unit')), ...testFiles(path.join(here, 'rules'))], {}, 2)) &&
    ok;
  // Each file runs in a process of its own, on ports of its own; most of their time is spent waiting, so five at once.
  ok = (await runSuite('integration', testFiles(path.join(here, 'integration')), {}, 5)) && ok;
}
if (!args.has('--lab-only')) {
  // The HTML report in a real browser, in a network namespace with only loopback: nothing can be fetched.
  const browser = browserAvailability();
  if (browser.ok) {
    ok = (await runSuite('browser', testFiles(path.join(here, 'browser')), {}, 1, ['unshare', '-n'])) && ok;
  } else {
    skipSuite('browser tests', testFiles(path.join(here, 'browser')), browser.why);
    if (process.env.FTP_DOCTOR_REQUIRE_BROWSER === '1') {
      console.log('browser tests required (FTP_DOCTOR_REQUIRE_BROWSER=1): failing');
      ok = false;
      totals.fail += 1;
    }
  }
}
if (!args.has('--unit-only')) {
  const lab = labAvailability();
  if (lab.ok) {
    ok =
      (await runSuite('lab', testFiles(path.join(here, 'lab')), { FTP_DOCTOR_GUARD_ALLOW: lab.allow.join(',') })) && ok;
  } else {
    const { LAB_SCENARIOS } = await import('./lab/scenarios.js');
    skipSuite('lab', testFiles(path.join(here, 'lab')), lab.why, LAB_SCENARIOS.length);
    if (process.env.FTP_DOCTOR_REQUIRE_LAB === '1') {
      console.log('lab required (FTP_DOCTOR_REQUIRE_LAB=1): failing');
      ok = false;
      totals.fail += 1;
    }
  }
}

if (lint) {
  const code = await lint;
  timings.push(`lint and format ${(lintMs / 1000).toFixed(1)} s (beside the others)`);
  if (code === 0) totals.pass += 1;
  else {
    console.log(`lint and format: failed\n${fs.readFileSync(lintLog, 'utf8')}`);
    failedTests.push('lint and format');
    ok = false;
    totals.fail += 1;
  }
}
fs.closeSync(lintOutput);

const violations = fs.readFileSync(guardLog, 'utf8').trim();
if (violations) {
  console.log(`network guard: connections outside loopback and the lab were attempted:\n${violations}`);
  failedTests.push('network guard (see above)');
  ok = false;
  totals.fail += 1;
}
fs.rmSync(work, { recursive: true, force: true });
if (skippedSuites.length > 0)
  console.log(
    `Skipped here: ${skippedSuites.join('; ')}. \`sudo bash .ci/run\` installs what they need and runs them.`,
  );
console.log(`Suites: ${timings.join(', ')}.`);
if (failedTests.length > 0) console.log(`Failed:\n${failedTests.map((test) => `  ${test}`).join('\n')}`);
console.log(`${totals.pass} passed, ${totals.fail} failed, ${totals.skip} skipped`);
process.exit(ok && totals.fail === 0 ? 0 : 1);
