/** The exporter on loopback: real HTTP, real probes of the scriptable server, promtool on the output, a real Prometheus scraping it. */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { readExporterConfig } from '../../src/commands/exporter/modules.js';
import { exporterCommand } from '../../src/commands/exporter/exporter-command.js';
import type { ParsedCommandLine } from '../../src/input/command-line.js';
import { allowList } from '../../src/net/allow.js';
import { UsageError } from '../../src/input/usage-error.js';
import { startTestExporter, type TestExporter } from '../support/exporter.js';
import { serviceDiscovery } from '../../src/commands/exporter/service-discovery.js';
import { REPO_ROOT } from '../support/paths.js';

const promtool = ['/usr/bin/promtool'].find((file) => fs.existsSync(file));
const prometheus = ['/usr/bin/prometheus'].find((file) => fs.existsSync(file));
const required = process.env.FTP_DOCTOR_REQUIRE_PROMETHEUS === '1';
const missing = (what: string): string | false =>
  required ? false : `${what} is not installed (apt-get install prometheus)`;

let exporter: TestExporter;
let healthy: FtpTestServer;
let broken: FtpTestServer;
let stalling: FtpTestServer;
const SECRET = 'exporter-secret-pw';

before(async () => {
  healthy = await new FtpTestServer().start();
  broken = await new FtpTestServer({ pasvAddress: '10.20.0.2' }).start();
  stalling = await new FtpTestServer({
    users: { bob: SECRET },
    handlers: { PASV: () => new Promise<void>(() => undefined) },
  }).start();
  exporter = await startTestExporter(
    'modules:\n  passive:\n    modes: [passive, epsv]\n    timeout: 2\n  bob:\n    targets: [127.0.0.1]\n    modes: [passive]\n    user: bob\n    passwordEnv: BOB_PASSWORD\n    timeout: 5\n',
    { BOB_PASSWORD: SECRET },
    '1',
  );
});

after(async () => {
  assert.equal(await exporter.stop(), 0);
  await Promise.all([healthy.stop(), broken.stop(), stalling.stop()]);
});

const get = (query: string, headers?: Record<string, string>) => exporter.get(query, headers);

const value = (body: string, series: string): number | undefined => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ').at(-1)) : undefined;
};

describe('ftp-doctor exporter', () => {
  it('a healthy server: probe_success 1, every mode ok, the verdict series', async () => {
    const { status, body } = await get(`/probe?target=ftp://${healthy.address}`);
    assert.equal(status, 200);
    assert.equal(value(body, 'ftp_doctor_probe_success'), 1);
    assert.equal(value(body, 'ftp_doctor_verdict{verdict="ok"}'), 1);
    assert.equal(value(body, 'ftp_doctor_mode_ok{mode="passive",family="ipv4"}'), 1);
  });

  it('a server announcing its private address: probe_success 0 and the finding as a series; a module limits the modes', async () => {
    const { body } = await get(`/probe?target=ftp://${broken.address}&module=passive`);
    assert.equal(value(body, 'ftp_doctor_probe_success'), 0);
    assert.equal(value(body, 'ftp_doctor_finding{code="PASV_PRIVATE_ADDRESS",severity="error",family="ipv4"}'), 1);
    assert.equal(value(body, 'ftp_doctor_mode_ok{mode="active",family="ipv4"}'), undefined);
  });

  it(
    "promtool accepts the probe output and the exporter's own metrics",
    { skip: promtool ? false : missing('promtool') },
    async () => {
      for (const query of [`/probe?target=ftp://${broken.address}`, '/metrics']) {
        const { body } = await get(query);
        const check = spawnSync(promtool ?? 'promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
        assert.equal(check.status, 0, `${query}: ${check.stdout}${check.stderr}`);
      }
    },
  );

  it('bad requests get 400 with the reason; a password in the target never reaches a label or a log', async () => {
    assert.match((await get('/probe')).body, /target parameter is missing/);
    assert.equal((await get('/probe?target=ftp://x&module=nope')).status, 400);
    assert.equal((await get('/probe?target=ftp://%5B::1')).status, 400);
    const withPassword = await get(`/probe?target=ftp://bob:${SECRET}@${healthy.address}`);
    assert.equal(withPassword.status, 400);
    assert.match(withPassword.body, /password in the target is refused/);
    assert.equal((await get('/nothing')).status, 404);
    const own = await get('/metrics');
    assert.match(own.body, /ftp_doctor_exporter_requests_refused_total\{reason="password-in-target"\} 1/);
  });

  it("a target holding terminal escapes reaches the exporter's log escaped, never raw", async () => {
    const before = exporter.log.length;
    await get(`/probe?target=ftp://${healthy.address}/%1b]0;PWNED%07`);
    await get('/probe?target=%1b[2J%0aforged line&module=%1b[31m');
    const logged = exporter.log.slice(before).join('');
    assert.ok(logged.length > 0, 'the scrapes were logged');
    assert.doesNotMatch(logged, /[\x00-\x08\x0b-\x1f\x7f]/);
    assert.equal(logged.split('\n').filter(Boolean).length, exporter.log.length - before, 'one line a log entry');
  });

  it('a module with a password from the environment logs in; the password is in no output or log', async () => {
    const { body } = await get(`/probe?target=ftp://${stalling.address}&module=bob`, {
      'X-Prometheus-Scrape-Timeout-Seconds': '3',
    });
    assert.ok(!body.includes(SECRET));
    assert.ok(!exporter.log.join('').includes(SECRET));
    // The scrape's timeout, less a margin, is the probe's deadline: it answers in time, inconclusive.
    assert.equal(value(body, 'ftp_doctor_verdict{verdict="inconclusive"}'), 1);
    assert.equal(value(body, 'ftp_doctor_probe_success'), 0);
  });

  it('over --max-concurrent, a scrape waits while its timeout allows, then gets 503; nothing piles up', async () => {
    const slow = get(`/probe?target=ftp://${stalling.address}&module=bob`, {
      'X-Prometheus-Scrape-Timeout-Seconds': '4',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const busy = await get(`/probe?target=ftp://${healthy.address}`, { 'X-Prometheus-Scrape-Timeout-Seconds': '2' });
    assert.equal(busy.status, 503);
    assert.ok(performance.now() - started < 2000, 'answered within its own scrape timeout');
    assert.equal((await slow).status, 200);
  });
});

describe('exporter configuration and --allow', () => {
  const io = { env: {}, readFile: () => '' };
  it('a targets file for /sd whose target holds a password is refused at load: /sd would serve it to anyone', () => {
    assert.throws(
      () =>
        serviceDiscovery(
          't.yml',
          'targets:\n  - name: a\n    target: ftp://198.51.100.1\n  - target: ftp://bob:Sd5ecretPw@198.51.100.2\n',
        ),
      (e: unknown) =>
        e instanceof UsageError &&
        /^t\.yml:4: targets\[1\]: the target holds a password/.test(e.message) &&
        !e.message.includes('Sd5ecretPw'),
    );
    assert.equal(
      serviceDiscovery('t.yml', 'targets:\n  - ftp://bob@198.51.100.2\n').length,
      1,
      'a user alone is served',
    );
  });
  it('a bad modules file names the file, the line and the key', () => {
    assert.throws(
      () => readExporterConfig('e.yml', 'modules:\n  m:\n    modez: [passive]\n', io),
      (e: unknown) => e instanceof UsageError && /^e\.yml:3: modules\.m\.modez: unknown key/.test(e.message),
    );
    assert.throws(
      () => readExporterConfig('e.yml', 'modules:\n  m:\n    timeout: soon\n', io),
      /e\.yml:3: modules\.m\.timeout: must be a number of seconds/,
    );
    assert.throws(
      () => readExporterConfig('e.yml', 'modules:\n  m:\n    passwordEnv: NOT_SET_ANYWHERE\n', io),
      /passwordEnv: the environment variable NOT_SET_ANYWHERE is not set/,
    );
  });
  it('allows names by pattern and addresses by CIDR; an address a name resolves to must be allowed too', () => {
    const allow = allowList(['*.partner.example', '198.51.100.0/24']);
    assert.equal(allow.allowsName('ftp.partner.example'), true);
    assert.equal(allow.allowsName('ftp.elsewhere.example'), false);
    assert.equal(allow.allowsName('198.51.100.7'), true);
    assert.equal(allow.allowsName('203.0.113.7'), false);
    assert.equal(allow.allowsAddress('198.51.100.9'), true);
    assert.equal(allow.allowsAddress('10.0.0.1'), false);
  });
});

describe('a real Prometheus scraping the exporter', { skip: prometheus ? false : missing('prometheus') }, () => {
  let child: ChildProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-prometheus-'));
  after(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'asks Prometheus for probe_success and a finding series of a healthy and a broken server',
    { timeout: 60_000 },
    async () => {
      const promPort = 19000 + (process.pid % 1000);
      const config = `global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:\n  - job_name: ftp\n    metrics_path: /probe\n    params: { module: [passive] }\n    static_configs:\n      - targets: ['ftp://${healthy.address}', 'ftp://${broken.address}']\n    relabel_configs:\n      - { source_labels: [__address__], target_label: __param_target }\n      - { source_labels: [__param_target], target_label: instance }\n      - { target_label: __address__, replacement: '127.0.0.1:${exporter.port}' }\n`;
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
      child = spawn(
        prometheus!,
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        { stdio: 'ignore' },
      );
      const query = async (q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
        const response = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);
        return (
          (await response.json()) as {
            data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
          }
        ).data.result;
      };
      let success: Awaited<ReturnType<typeof query>> = [];
      for (let i = 0; i < 40 && success.length < 2; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        success = await query('ftp_doctor_probe_success').catch(() => []);
      }
      const byInstance = Object.fromEntries(success.map((s) => [s.metric.instance, s.value[1]]));
      assert.equal(byInstance[`ftp://${healthy.address}`], '1');
      assert.equal(byInstance[`ftp://${broken.address}`], '0');
      const finding = await query('ftp_doctor_finding{code="PASV_PRIVATE_ADDRESS"}');
      assert.deepEqual(
        finding.map((f) => f.metric.instance),
        [`ftp://${broken.address}`],
      );
    },
  );
  it(
    'two exporters sharded with hashmod over the targets of /sd, and the shipped alert rules firing on the broken server',
    { timeout: 90_000 },
    async () => {
      const targets = `targets:\n  - name: healthy\n    target: ftp://${healthy.address}\n    module: passive\n  - name: broken\n    target: ftp://${broken.address}\n    module: passive\n`;
      const modules = 'modules:\n  passive:\n    modes: [passive]\n    timeout: 2\n';
      const shards = [await exporterWithTargets(modules, targets), await exporterWithTargets(modules, targets)];
      const promPort = 20000 + (process.pid % 1000);
      // The shipped rules, with every "for" shortened so that a test need not wait a quarter of an hour.
      const rules = fs
        .readFileSync(path.join(REPO_ROOT, 'monitoring', 'ftp-doctor.rules.yml'), 'utf8')
        .replace(/for: \w+/g, 'for: 0s');
      fs.writeFileSync(path.join(dir, 'rules.yml'), rules);
      const job = (shard: number, port: number): string =>
        `  - job_name: ftp-${shard}\n    metrics_path: /probe\n    http_sd_configs:\n      - url: http://127.0.0.1:${shards[0]!.port}/sd\n        refresh_interval: 5s\n    relabel_configs:\n      - { source_labels: [__address__], modulus: 2, target_label: __tmp_hash, action: hashmod }\n      - { source_labels: [__tmp_hash], regex: '${shard}', action: keep }\n      - { source_labels: [__address__], target_label: __param_target }\n      - { source_labels: [__param_target], target_label: instance }\n      - { target_label: __address__, replacement: '127.0.0.1:${port}' }\n`;
      const config = `global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\n  evaluation_interval: 1s\nrule_files: ['${path.join(dir, 'rules.yml')}']\nscrape_configs:\n${job(0, shards[0]!.port)}${job(1, shards[1]!.port)}`;
      fs.writeFileSync(path.join(dir, 'sharded.yml'), config);
      const sharded = spawn(
        prometheus!,
        [
          `--config.file=${path.join(dir, 'sharded.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data-sharded')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        { stdio: 'ignore' },
      );
      try {
        const query = async (
          q: string,
        ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
          const response = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);
          return (
            (await response.json()) as {
              data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
            }
          ).data.result;
        };
        let firing: Awaited<ReturnType<typeof query>> = [];
        for (let i = 0; i < 120 && firing.length === 0; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          firing = await query('ALERTS{alertstate="firing"}').catch(() => []);
        }
        assert.deepEqual(
          firing.map((alert) => [alert.metric.alertname, alert.metric.instance]),
          [['FtpPassivePrivateAddress', `ftp://${broken.address}`]],
        );
        // Each target scraped by exactly one shard (the other shard's first scrape may come a moment after the alert).
        let up: Awaited<ReturnType<typeof query>> = [];
        for (let i = 0; i < 40 && up.length < 2; i += 1) {
          up = await query('up');
          if (up.length < 2) await new Promise((resolve) => setTimeout(resolve, 500));
        }
        const byTarget = new Map<string, string[]>();
        for (const series of up)
          byTarget.set(series.metric.instance!, [...(byTarget.get(series.metric.instance!) ?? []), series.metric.job!]);
        assert.deepEqual([...byTarget.keys()].sort(), [`ftp://${broken.address}`, `ftp://${healthy.address}`].sort());
        assert.ok(
          [...byTarget.values()].every((jobs) => jobs.length === 1),
          JSON.stringify([...byTarget]),
        );
      } finally {
        sharded.kill('SIGKILL');
        for (const shard of shards) await shard.stop();
      }
    },
  );
});

/** An exporter started as `exporter --config exporter.yml --targets targets.yml`, both given as text. */
async function exporterWithTargets(modules: string, targets: string): Promise<{ port: number; stop(): Promise<void> }> {
  const controller = new AbortController();
  let running: Promise<number> | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    running = exporterCommand(
      {
        _: ['exporter'],
        listen: '127.0.0.1:0',
        config: 'exporter.yml',
        targets: 'targets.yml',
      } as unknown as ParsedCommandLine,
      {
        stdout: { write: () => true },
        stderr: { write: () => true },
        env: {},
        homedir: '/nonexistent-home',
        readFile: (file: string) => (file === 'targets.yml' ? targets : modules),
        writeFile: () => undefined,
        appendFile: () => undefined,
        signal: controller.signal,
        onListening: resolve,
      },
    );
    running.catch(reject);
  });
  return {
    port,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}
