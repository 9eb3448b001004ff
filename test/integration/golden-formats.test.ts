/**
 * Golden output of every command that reads recorded input (probe recordings, a check of them,
 * logs, captures, a host's saved files, compose files and manifests), in every format, with the
 * exit code. Only what a run cannot repeat (the time it started) is masked. Goldens change only
 * through `npm run test:update-golden`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { FORMATS } from '../../src/report/formats.js';
import { targetReport } from '../../src/report/assemble.js';
import { probeRegistry } from '../../src/commands/exporter/metrics.js';
import type { ProbeRecord } from '../../src/record/record.js';
import { runCli } from '../support/cli.js';
import { loadFixtures } from '../support/fixtures.js';
import { REPO_ROOT } from '../support/paths.js';

const goldenDir = path.join(REPO_ROOT, 'test', 'golden', 'formats');
const update = process.env.UPDATE_GOLDEN === '1';
const EXTENSIONS: Record<(typeof FORMATS)[number], string> = {
  text: 'txt',
  json: 'json',
  junit: 'xml',
  markdown: 'md',
  github: 'github.txt',
  html: 'html',
  nagios: 'nagios.txt',
};

/** The time a run started, where it is the clock's and not the recording's. */
function masked(output: string): string {
  return output.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<time>');
}

function compare(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (update) {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing golden formats/${name}: run npm run test:update-golden`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `formats/${name} differs from its golden file`);
}

// Relative to where the tests run (the repository): the report wraps the path as given, so an absolute one would wrap differently in each checkout.
const repo = (file: string): string => path.relative(process.cwd(), path.join(REPO_ROOT, file)) || file;
const probes = loadFixtures('probes');
const recording = (name: string): ProbeRecord => probes.find((f) => f.name === name)!.record;

interface Case {
  name: string;
  argv: string[];
  records?: ProbeRecord[];
  files?: Record<string, string>;
}

const CASES: Case[] = [
  ...['healthy', 'server-behind-nat', 'login-refused', 'passive-port-refused'].map((name) => ({
    name: `probe-${name}`,
    argv: ['probe', recording(name).target.input],
    records: [recording(name)],
  })),
  {
    name: 'check-server-behind-nat',
    argv: ['check', 'targets.yml'],
    records: [recording('server-behind-nat')],
    files: {
      'targets.yml': `targets:\n  - target: "${recording('server-behind-nat').target.input}"\n    expect: { active: fail }\n`,
    },
  },
  {
    name: 'analyze-curl-private-227',
    argv: ['analyze', 'fixtures/logs/curl-private-227.log'],
    files: {
      'fixtures/logs/curl-private-227.log': fs.readFileSync(repo('fixtures/logs/curl-private-227.log'), 'utf8'),
    },
  },
  {
    name: 'analyze-capture-private-227',
    argv: ['analyze', repo('fixtures/captures/server-nat-private-227-client.pcap')],
  },
  {
    name: 'audit-vsftpd-partial-firewall',
    argv: [
      'audit',
      '--config',
      repo('fixtures/audit/vsftpd/debian-default.conf'),
      '--server',
      'vsftpd',
      '--firewall',
      `${repo('fixtures/audit/firewall/partial.rules.v4')},${repo('fixtures/audit/firewall/partial.rules.v6')}`,
    ],
  },
  {
    name: 'audit-compose-pure-ftpd-defaults',
    argv: ['audit', '--compose', repo('fixtures/deploy/compose/pure-ftpd-defaults.yml')],
  },
  {
    name: 'audit-kubernetes-replicas-nodeport',
    argv: ['audit', '--kubernetes', repo('fixtures/deploy/kubernetes/replicas-nodeport.yaml')],
  },
];

const validate = new Ajv2020({ strict: true, strictRequired: false }).compile(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object,
);

describe('golden output of every command in every format', () => {
  for (const entry of CASES)
    for (const format of FORMATS)
      it(`${entry.name} (${format})`, async () => {
        const run = await runCli([...entry.argv, '--format', format], {
          ...(entry.records ? { records: entry.records } : {}),
          ...(entry.files ? { files: entry.files } : {}),
        });
        assert.equal(run.stderr, '', 'a report, not an error');
        if (format === 'json')
          assert.ok(validate(JSON.parse(run.stdout)), JSON.stringify(validate.errors?.slice(0, 3)));
        const shown = [...entry.argv, '--format', format].join(' ').replaceAll(`${REPO_ROOT}/`, '');
        const body = masked(run.stdout.replaceAll(`${REPO_ROOT}/`, ''));
        compare(
          `${entry.name}.${EXTENSIONS[format]}`,
          `$ ftp-doctor ${shown}\n${body}${body.endsWith('\n') ? '' : '\n'}[exit ${run.code}]\n`,
        );
      });
});

describe('golden exporter metrics', () => {
  for (const name of ['healthy', 'server-behind-nat', 'login-refused', 'passive-port-refused'])
    it(`/probe of ${name}: the series a scrape gets`, async () => {
      const record = recording(name);
      const report = targetReport(record.target.input, [record], { failOn: 'error', redact: false });
      const metrics = await probeRegistry(report, 1.5).metrics();
      compare(`exporter-${name}.prom`, metrics);
    });
});
