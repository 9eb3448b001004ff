/**
 * Every diagnosis proved against real vsftpd behind real NAT and firewalls,
 * one scenario at a time. Run with `npm run test:lab` (root, iproute2,
 * iptables, vsftpd); `npm test` runs it too when the machine allows.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { BIN, REPO_ROOT } from '../support/paths.js';
import { LAB_DIR_PREFIX, Lab, missingServer, processesNaming, removeAllLabNamespaces } from './lab.js';
import { LAB_SCENARIOS } from './scenarios.js';
import { SERVER_LAN } from './topology.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const AUDIT_DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'audit-driver.js');

const TIMEOUT_S = 2;
// vsftpd takes about two seconds to refuse a login.
const GREETING_TIMEOUT_S = 5;
const DEADLINE_S = 20;
// A probe needs a handful of round trips plus at most one timeout per hanging phase; a second of margin on top.
const FINISH_WITHIN_MS = 3 * TIMEOUT_S * 1000 + 1500;

let current: Lab | undefined;
const cleanUp = (): void => {
  current?.teardown();
  current = undefined;
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}
after(() => removeAllLabNamespaces());

const only = process.env.FTP_DOCTOR_LAB_SCENARIO;

/** `ftp-doctor network` from the client, against the reflector on the server host: the same codes and verdict whatever the format's exit. */
async function networkViaReflector(lab: Lab): Promise<void> {
  const { scenario } = lab;
  const run = await lab.runInClient(
    [
      process.execPath,
      BIN,
      'network',
      '--via',
      `ftp://${SERVER_LAN.public.host}`,
      '--via-fingerprint',
      lab.reflectorFingerprint ?? '',
      '--json',
      '--timeout',
      String(TIMEOUT_S),
      '--deadline',
      String(DEADLINE_S),
      ...(scenario.args ?? []),
    ],
    { ...process.env, NO_COLOR: '1' },
  );
  assert.ok(run.stdout, `no output; stderr: ${run.stderr}`);
  const document = JSON.parse(run.stdout) as {
    findings: Array<{ code: string; severity: string }>;
    asks: string[];
    verdict: { verdict: string };
    exitCode: number;
    tests: Array<{ label: string; status: string }>;
  };
  // One line for the firewall team for each finding that needs them, and none for the rest.
  const needFirewallTeam = [
    'NETWORK_PASSIVE_OUTBOUND_BLOCKED',
    'NETWORK_ACTIVE_INBOUND_BLOCKED',
    'NETWORK_HELPER_WRONG_ADDRESS',
    'NETWORK_DATA_SOURCE_DIFFERS',
    'NETWORK_TLS_BLINDS_HELPER',
    'NETWORK_TLS_FINGERPRINT_MISMATCH',
  ];
  assert.equal(
    document.asks.length,
    document.findings.filter((f) => needFirewallTeam.includes(f.code)).length,
    JSON.stringify(document.asks),
  );
  assert.deepEqual(
    document.findings.map((f) => f.code).sort(),
    [...scenario.expect.codes].sort(),
    JSON.stringify(document.tests),
  );
  assert.equal(document.verdict.verdict, scenario.expect.verdict);
  // Both halves ran: plain FTP and TLS, four tests each (IPv4).
  assert.equal(document.tests.filter((t) => t.status !== 'not_tested').length, 8, JSON.stringify(document.tests));
  const expectedExit =
    scenario.expect.verdict === 'failed' || document.findings.some((f) => f.severity === 'error')
      ? 1
      : scenario.expect.verdict === 'inconclusive'
        ? 4
        : 0;
  assert.equal(run.code, expectedExit);
  assert.equal(document.exitCode, expectedExit);
  // Eight tests, each waiting at most one timeout (the reflector's connect-back included), and a margin; --idle adds its transfer and the wait for its 226.
  const idleIndex = (scenario.args ?? []).indexOf('--idle');
  const idleMs = idleIndex >= 0 ? Number(scenario.args![idleIndex + 1]) * 1000 + 2 * TIMEOUT_S * 1000 : 0;
  assert.ok(run.ms < 8 * TIMEOUT_S * 1000 + 3000 + idleMs, `network took ${Math.round(run.ms)} ms`);
}

describe('lab: real vsftpd behind real NAT and firewalls', () => {
  for (const scenario of LAB_SCENARIOS) {
    const missing = missingServer(scenario.otherServer);
    // In CI (FTP_DOCTOR_REQUIRE_LAB=1) a missing server fails the scenario instead of skipping it.
    const skip =
      (only !== undefined && only !== String(scenario.id) && only !== scenario.name) ||
      (missing !== undefined && process.env.FTP_DOCTOR_REQUIRE_LAB !== '1' ? missing : false);
    it(`${scenario.id}. ${scenario.description}`, { skip, timeout: 60_000 }, async () => {
      removeAllLabNamespaces();
      const lab = new Lab(scenario);
      current = lab;
      try {
        await lab.setup();
        if (scenario.reflector) return await networkViaReflector(lab);
        const args = [
          'probe',
          lab.probeTarget,
          '--json',
          '--timeout',
          String(TIMEOUT_S),
          '--greeting-timeout',
          String(GREETING_TIMEOUT_S),
          '--deadline',
          String(DEADLINE_S),
          ...(scenario.args ?? []),
        ];
        const run = await lab.runInClient([process.execPath, BIN, ...args], {
          ...process.env,
          NO_COLOR: '1',
          ...(scenario.ipv6 ? { FTP_DOCTOR_GUARD_HOSTS: lab.hostsFile } : {}),
        });
        assert.ok(run.stdout, `no output; stderr: ${run.stderr}`);
        type Document = {
          findings: Array<{ code: string; severity: string; address?: string }>;
          verdict: { verdict: string };
          exitCode: number;
          durationMs: number;
          alsoProbed?: Document[];
        };
        const document = JSON.parse(run.stdout) as Document;
        // A dual-stack name: one document per family; the top level holds the combined verdict and every family's findings, each naming its address.
        const documents = [document, ...(document.alsoProbed ?? [])];
        const findings = document.findings;
        assert.deepEqual(findings.map((f) => f.code).sort(), [...scenario.expect.codes].sort());
        if (documents.length > 1)
          assert.ok(
            findings.every((f) => f.address !== undefined),
            'a combined finding without its address',
          );
        assert.equal(document.verdict.verdict, scenario.expect.verdict);
        if (scenario.target === 'name') assert.equal(documents.length, 2, 'both families probed');
        const expectedExit =
          scenario.expect.verdict === 'failed' || findings.some((f) => f.severity === 'error')
            ? 1
            : scenario.expect.verdict === 'inconclusive'
              ? 4
              : 0;
        assert.equal(run.code, expectedExit);
        assert.equal(document.exitCode, expectedExit);
        // --idle adds its waits to the deadline, and a NOOP into a silent path one reply timeout.
        const idleIndex = (scenario.args ?? []).indexOf('--idle');
        const idleMs = idleIndex >= 0 ? Number(scenario.args![idleIndex + 1]) * 1000 : 0;
        assert.ok(document.durationMs <= DEADLINE_S * 1000 + idleMs);
        if (scenario.curlDownload) {
          // A real client over the same path: curl gets the whole file, or hangs until its own limit.
          const curl = await lab.runInClient(
            [
              'curl',
              '-s',
              '-m',
              '6',
              '-o',
              '/dev/null',
              '-w',
              '%{size_download}',
              `ftp://${lab.probeTarget}/large.bin`,
            ],
            process.env,
          );
          assert.equal(curl.code === 0, scenario.curlDownload.succeeds, `curl exit ${curl.code}, ${curl.stdout} bytes`);
        }
        if (scenario.binary) {
          // The single-file binary, alone in a folder of the lab's, probes the same server from the same namespace.
          const binary = path.join(lab.dir, 'bin', 'ftp-doctor');
          const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-binary.mjs'), binary], {
            encoding: 'utf8',
          });
          assert.equal(built.status, 0, built.stderr);
          const alone = await lab.runInClient([binary, ...args], { ...process.env, NO_COLOR: '1' });
          const fromBinary = JSON.parse(alone.stdout) as Document;
          assert.deepEqual(fromBinary.findings.map((f) => f.code).sort(), [...scenario.expect.codes].sort());
          assert.equal(alone.code, run.code);
        }
        if (scenario.container && scenario.composeAudit) {
          // The compose file alone, read before anything runs, must predict what the client met.
          const audit = spawnSync(
            process.execPath,
            [BIN, 'audit', '--compose', path.join(REPO_ROOT, scenario.container.compose), '--json'],
            { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
          );
          const report = JSON.parse(audit.stdout) as {
            findings: Array<{ code: string }>;
            verdict: { verdict: string };
          };
          assert.deepEqual(report.findings.map((f) => f.code).sort(), [...scenario.composeAudit.codes].sort());
          assert.equal(report.verdict.verdict, scenario.composeAudit.verdict);
          assert.equal(
            report.findings.some((f) => f.code !== 'CONTAINER_CONFIG_OK'),
            document.verdict.verdict !== 'ok',
            'the audit finds a fault exactly when the client meets one',
          );
        }
        if (scenario.audit) {
          // The same network seen from the server host: the audit's prediction and the probe's observation must agree.
          // The packages' default paths point into the lab's own folder: empty, or the scenario's stale default file.
          const audit = await lab.runInServer([process.execPath, AUDIT_DRIVER, JSON.stringify(lab.auditDefaults())], {
            ...process.env,
            NO_COLOR: '1',
          });
          assert.ok(audit.stdout, `audit: no output; stderr: ${audit.stderr}`);
          const report = JSON.parse(audit.stdout) as {
            findings: Array<{ code: string }>;
            verdict: { verdict: string };
            server?: { software: string };
            firewall: Array<{ family: number; passive?: Array<{ low: number; high: number; verdict: string }> }>;
          };
          const software = scenario.otherServer ?? 'vsftpd';
          assert.equal(report.server?.software, software, `audit found the running ${software}`);
          assert.deepEqual(report.findings.map((f) => f.code).sort(), [...scenario.audit.codes].sort());
          assert.equal(report.verdict.verdict, scenario.audit.verdict);
          const blocked = (report.firewall.find((f) => f.family === 4)?.passive ?? []).filter(
            (s) => s.verdict !== 'accept',
          );
          const isBlocked = (port: number): boolean => blocked.some((s) => port >= s.low && port <= s.high);
          const samples = (document as { pasvSamples?: Array<{ port?: number; connect?: string }> }).pasvSamples ?? [];
          for (const sample of samples.filter((s) => s.port !== undefined && s.connect))
            assert.equal(
              sample.connect !== 'ok',
              isBlocked(sample.port!),
              `port ${sample.port}: the probe saw ${sample.connect}, the audit predicted ${isBlocked(sample.port!) ? 'blocked' : 'open'}`,
            );
        }
        assert.ok(
          run.ms < FINISH_WITHIN_MS + (idleMs > 0 ? idleMs + TIMEOUT_S * 1000 : 0),
          `the probe took ${Math.round(run.ms)} ms`,
        );
      } finally {
        cleanUp();
      }
    });
  }
  // vsftpd's session processes run in network namespaces of their own (isolate_network): the teardown finds them by their files.
  it('leaves no process of a scenario behind', { skip: only !== undefined }, () => {
    assert.deepEqual(processesNaming(LAB_DIR_PREFIX), []);
  });
});
