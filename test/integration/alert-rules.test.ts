/** monitoring/ftp-doctor.rules.yml: written from the catalogue, accepted by promtool, and firing as `promtool test rules` expects. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { alertRulesYaml } from '../../src/commands/exporter/prometheus-rules.js';
import { ALERT_DESCRIPTION, ALERTS, INCONCLUSIVE_ALERT } from '../../src/diagnose/findings/alerts.js';
import { REPO_ROOT } from '../support/paths.js';

const RULES = path.join(REPO_ROOT, 'monitoring', 'ftp-doctor.rules.yml');
const promtool = ['/usr/bin/promtool'].find((file) => fs.existsSync(file));
const skip =
  promtool || process.env.FTP_DOCTOR_REQUIRE_PROMETHEUS === '1'
    ? false
    : 'promtool is not installed (apt-get install prometheus)';

/** An alert's annotations as Prometheus expands them for one instance and code. */
function annotations(summary: string, instance: string, code?: string): Record<string, string> {
  const expand = (text: string): string =>
    text.replaceAll('{{ $labels.instance }}', instance).replaceAll('{{ $labels.code }}', code ?? '');
  return {
    summary: expand(summary),
    ...(code
      ? { description: expand(ALERT_DESCRIPTION), runbook_url: `docs/findings.md (ftp-doctor explain ${code})` }
      : {}),
  };
}

describe('alert rules', () => {
  it('the committed rules are the ones the catalogue writes (npm run docs:rules)', () => {
    assert.equal(fs.readFileSync(RULES, 'utf8'), alertRulesYaml());
  });
  it(
    'promtool checks them, and they fire on the findings they name, after their "for", and not on a passing blip',
    { skip },
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-rules-'));
      try {
        fs.copyFileSync(RULES, path.join(dir, 'rules.yml'));
        const finding = (instance: string, code: string) =>
          `ftp_doctor_finding{instance="${instance}", code="${code}", severity="error", family="ipv4"}`;
        const tests = {
          rule_files: ['rules.yml'],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: [
                { series: finding('ftp://a', 'PASV_PRIVATE_ADDRESS'), values: '1x40' },
                { series: finding('ftp://b', 'PASV_DATA_TIMEOUT'), values: '1x40' },
                // Five minutes only: shorter than the alert's "for".
                { series: finding('ftp://c', 'EPSV_DATA_REFUSED'), values: '1x4 _x36' },
                { series: finding('ftp://d', 'CONTROL_REFUSED'), values: '1x40' },
                { series: 'ftp_doctor_verdict{instance="ftp://e", verdict="inconclusive"}', values: '1x90' },
                { series: 'ftp_doctor_probe_success{instance="ftp://a"}', values: '0x60' },
              ],
              alert_rule_test: [
                {
                  eval_time: '20m',
                  alertname: 'FtpPassivePrivateAddress',
                  exp_alerts: [
                    {
                      exp_labels: {
                        severity: ALERTS.FtpPassivePrivateAddress.severity,
                        instance: 'ftp://a',
                        code: 'PASV_PRIVATE_ADDRESS',
                      },
                      exp_annotations: annotations(
                        ALERTS.FtpPassivePrivateAddress.summary,
                        'ftp://a',
                        'PASV_PRIVATE_ADDRESS',
                      ),
                    },
                  ],
                },
                {
                  eval_time: '20m',
                  alertname: 'FtpPassiveRangeBlocked',
                  exp_alerts: [
                    {
                      exp_labels: {
                        severity: ALERTS.FtpPassiveRangeBlocked.severity,
                        instance: 'ftp://b',
                        code: 'PASV_DATA_TIMEOUT',
                      },
                      exp_annotations: annotations(
                        ALERTS.FtpPassiveRangeBlocked.summary,
                        'ftp://b',
                        'PASV_DATA_TIMEOUT',
                      ),
                    },
                  ],
                },
                {
                  eval_time: '20m',
                  alertname: 'FtpControlUnreachable',
                  exp_alerts: [
                    {
                      exp_labels: {
                        severity: ALERTS.FtpControlUnreachable.severity,
                        instance: 'ftp://d',
                        code: 'CONTROL_REFUSED',
                      },
                      exp_annotations: annotations(ALERTS.FtpControlUnreachable.summary, 'ftp://d', 'CONTROL_REFUSED'),
                    },
                  ],
                },
                { eval_time: '30m', alertname: INCONCLUSIVE_ALERT.name, exp_alerts: [] },
                {
                  eval_time: '80m',
                  alertname: INCONCLUSIVE_ALERT.name,
                  exp_alerts: [
                    {
                      exp_labels: { severity: INCONCLUSIVE_ALERT.severity, instance: 'ftp://e' },
                      exp_annotations: annotations(INCONCLUSIVE_ALERT.summary, 'ftp://e'),
                    },
                  ],
                },
              ],
              promql_expr_test: [
                {
                  expr: 'ftp_doctor:probe_success:ratio_1h',
                  eval_time: '30m',
                  exp_samples: [{ labels: 'ftp_doctor:probe_success:ratio_1h{instance="ftp://a"}', value: 0 }],
                },
              ],
            },
          ],
        };
        fs.writeFileSync(path.join(dir, 'tests.yml'), stringify(tests));
        const check = spawnSync(promtool ?? 'promtool', ['check', 'rules', path.join(dir, 'rules.yml')], {
          encoding: 'utf8',
        });
        assert.equal(check.status, 0, check.stdout + check.stderr);
        const run = spawnSync(promtool ?? 'promtool', ['test', 'rules', path.join(dir, 'tests.yml')], {
          encoding: 'utf8',
        });
        assert.equal(run.status, 0, run.stdout + run.stderr);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
