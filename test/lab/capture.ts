/**
 * Regenerates fixtures/lab/: for every scenario, one raw probe record (with
 * the codes and verdict the scenario must give) and one transcript. Run by
 * hand as root (npm run lab:capture), never in CI; a scenario whose diagnosis
 * differs from what it expects is not written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { worstVerdict } from '../../src/diagnose/verdict.js';
import type { ProbeRecord, ProbeSettings } from '../../src/record/record.js';
import { modesOf, portRangeOf } from '../../src/input/settings.js';
import { createStyle } from '../../src/report/style.js';
import { renderTranscript } from '../../src/report/transcript-report.js';
import { REPO_ROOT } from '../support/paths.js';
import { Lab, removeAllLabNamespaces } from './lab.js';
import { LAB_SCENARIOS } from './scenarios.js';

/** The scenario's extra probe arguments, as probe settings. */
function settingsFromArgs(args: string[]): Partial<ProbeSettings> {
  const settings: Partial<ProbeSettings> = {};
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1] ?? '';
    if (args[i] === '--insecure') {
      settings.insecure = true;
      i -= 1;
    } else if (args[i] === '--tls') settings.tls = value as ProbeSettings['tls'];
    else if (args[i] === '--modes') settings.modes = modesOf(value);
    else if (args[i] === '--pasv-samples') settings.pasvSamples = Number(value);
    else if (args[i] === '--expect-pasv-range') settings.expectPasvRange = portRangeOf(value, 'expectPasvRange');
    else if (args[i] === '--expect-address') settings.expectAddress = value;
    else if (args[i] === '--idle') settings.idleMs = Number(value) * 1000;
    else throw new Error(`capture does not know ${args[i]}`);
  }
  return settings;
}

const out = path.join(REPO_ROOT, 'fixtures', 'lab');
fs.mkdirSync(out, { recursive: true });
const recorder = path.join(REPO_ROOT, 'dist', 'test', 'lab', 'record-probe.js');
let failed = false;
const only = process.env.FTP_DOCTOR_LAB_SCENARIO;
for (const scenario of LAB_SCENARIOS) {
  if (only !== undefined && only !== String(scenario.id) && only !== scenario.name) continue;
  removeAllLabNamespaces();
  const lab = new Lab(scenario);
  try {
    await lab.setup();
    const host = lab.probeTarget.replace(/^\[(.*)\]$/, '$1');
    const env = { ...process.env, ...(scenario.ipv6 ? { FTP_DOCTOR_GUARD_HOSTS: lab.hostsFile } : {}) };
    const run = await lab.runInClient(
      [
        process.execPath,
        recorder,
        host,
        String(lab.controlPort),
        '2',
        '5',
        '20',
        JSON.stringify(settingsFromArgs(scenario.args ?? [])),
      ],
      env,
    );
    const [record, ...siblings] = JSON.parse(run.stdout) as ProbeRecord[];
    if (!record) throw new Error(`${scenario.name}: no record; ${run.stderr}`);
    const diagnoses = [record, ...siblings].map((r, i, all) =>
      diagnose(
        r,
        {},
        all.filter((_, j) => j !== i),
      ),
    );
    const codes = diagnoses.flatMap((d) => d.findings.map((f) => f.code)).sort();
    const verdict = worstVerdict(diagnoses.map((d) => d.verdict))?.verdict;
    const expected = [...scenario.expect.codes].sort();
    if (JSON.stringify(codes) !== JSON.stringify(expected) || verdict !== scenario.expect.verdict) {
      console.error(
        `${scenario.name}: expected ${expected.join(',')} / ${scenario.expect.verdict}, got ${codes.join(',')} / ${verdict}; not written`,
      );
      failed = true;
      continue;
    }
    const name = `${String(scenario.id).padStart(2, '0')}-${scenario.name}`;
    const fixture = {
      description: scenario.description,
      expected: { codes: expected, verdict: scenario.expect.verdict },
      record,
      ...(siblings.length ? { siblings } : {}),
    };
    fs.writeFileSync(path.join(out, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
    const transcripts = [record, ...siblings]
      .map((r) => `# ${r.control.address}\n${renderTranscript(r.transcript, createStyle(false))}`)
      .join('\n');
    fs.writeFileSync(path.join(out, `${name}.transcript.txt`), `# ${scenario.description}\n${transcripts}\n`);
    console.log(`wrote fixtures/lab/${name}.json and .transcript.txt`);
  } finally {
    lab.teardown();
  }
}
removeAllLabNamespaces();
process.exit(failed ? 1 : 0);
