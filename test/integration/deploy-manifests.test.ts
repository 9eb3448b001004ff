/** deploy/kubernetes/: every manifest parses, and the exporter starts with exactly the arguments its Deployment gives it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from '../support/paths.js';

const folder = path.join(REPO_ROOT, 'deploy', 'kubernetes');
type Manifest = {
  kind?: string;
  data?: Record<string, string>;
  spec?: {
    template?: { spec?: { containers?: Array<{ args?: string[]; readinessProbe?: { httpGet?: { path?: string } } }> } };
  };
};
const manifests = (): Manifest[] =>
  fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.yaml') && file !== 'prometheus-scrape.yaml')
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf8')).map((document) => {
        assert.equal(document.errors.length, 0, `${file}: ${document.errors[0]?.message}`);
        return document.toJS() as Manifest;
      }),
    );

describe('deploy/kubernetes', () => {
  it("the exporter starts with the Deployment's own arguments and files, and answers its readiness probe and /sd", async () => {
    const all = manifests();
    const config = all.find((m) => m.kind === 'ConfigMap')!;
    const deployment = all.find((m) => m.kind === 'Deployment')!;
    const container = deployment.spec!.template!.spec!.containers![0]!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-k8s-'));
    for (const [name, text] of Object.entries(config.data ?? {})) fs.writeFileSync(path.join(dir, name), text);
    // Only the mount point and the listening address change: the files are the ConfigMap's, the rest as written.
    const args = container.args!.map((arg) =>
      arg.replace('/etc/ftp-doctor', dir).replace(/^0\.0\.0\.0:\d+$/, '127.0.0.1:0'),
    );
    const controller = new AbortController();
    let port = 0;
    const log: string[] = [];
    const listening = new Promise<void>((resolve) => {
      void main(args, {
        stdout: { write: () => true },
        stderr: { write: (line: string) => void log.push(line) },
        env: {},
        homedir: dir,
        readFile: (file: string) => fs.readFileSync(file, 'utf8'),
        writeFile: () => undefined,
        appendFile: () => undefined,
        signal: controller.signal,
        onListening: (listeningPort) => {
          port = listeningPort;
          resolve();
        },
      });
    });
    try {
      await listening;
      const ready = await fetch(`http://127.0.0.1:${port}${container.readinessProbe!.httpGet!.path!}`);
      assert.equal(ready.status, 200);
      const sd = (await (await fetch(`http://127.0.0.1:${port}/sd`)).json()) as Array<{
        targets: string[];
        labels: Record<string, string>;
      }>;
      assert.deepEqual(sd[0], {
        targets: ['ftp.example.com'],
        labels: { __param_module: 'default', ftp_doctor_target: 'partner-upload', team: 'integrations' },
      });
    } finally {
      controller.abort();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it("the CronJob runs check on the ConfigMap's targets file with arguments check accepts", async () => {
    const job = manifests().find((m) => m.kind === 'CronJob') as unknown as {
      spec: { jobTemplate: { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } } };
    };
    const args = job.spec.jobTemplate.spec.template.spec.containers[0]!.args;
    assert.equal(args[0], 'check');
    const help = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'ftp-doctor.js'), ...args.slice(0, 1), '--help'],
      { encoding: 'utf8' },
    );
    for (const flag of args.filter((arg) => arg.startsWith('--'))) assert.match(help.stdout, new RegExp(flag), flag);
  });
  it(
    'the Prometheus scrape config is one promtool accepts',
    { skip: fs.existsSync('/usr/bin/promtool') ? false : 'promtool is not installed' },
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-prom-'));
      try {
        const config = parse(fs.readFileSync(path.join(folder, 'prometheus-scrape.yaml'), 'utf8')) as object;
        fs.writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config));
        fs.copyFileSync(
          path.join(REPO_ROOT, 'monitoring', 'ftp-doctor.rules.yml'),
          path.join(dir, 'ftp-doctor.rules.yml'),
        );
        const run = spawnSync('/usr/bin/promtool', ['check', 'config', path.join(dir, 'prometheus.yml')], {
          encoding: 'utf8',
        });
        assert.equal(run.status, 0, run.stdout + run.stderr);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
