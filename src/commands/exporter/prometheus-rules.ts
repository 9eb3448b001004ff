import { ALERT_DESCRIPTION, ALERTS, INCONCLUSIVE_ALERT } from '../../diagnose/findings/alerts.js';

/**
 * monitoring/ftp-doctor.rules.yml, written from the catalogue's alert table:
 * one alert per group of findings (on `ftp_doctor_finding`, the series the
 * exporter serves), one on a verdict left inconclusive, and a recording rule
 * for each target's success ratio. `npm run docs:rules` writes it; a test
 * fails when the committed file differs, and promtool checks and tests it.
 */
export function alertRulesYaml(): string {
  const quote = (text: string): string => JSON.stringify(text);
  const lines = [
    '# Made by `npm run docs:rules` from the catalogue (src/diagnose/findings/: the alert each finding names, and findings/alert-rules.ts); do not edit.',
    'groups:',
    '  - name: ftp-doctor',
    '    rules:',
    '      - record: ftp_doctor:probe_success:ratio_1h',
    '        expr: avg_over_time(ftp_doctor_probe_success[1h])',
  ];
  for (const [name, alert] of Object.entries(ALERTS)) {
    const codes = alert.codes.join('|');
    lines.push(
      `      - alert: ${name}`,
      `        expr: max by (instance, code) (ftp_doctor_finding{code=~${quote(codes)}}) == 1`,
      `        for: ${alert.for}`,
      '        labels:',
      `          severity: ${alert.severity}`,
      '        annotations:',
      `          summary: ${quote(alert.summary)}`,
      `          description: ${quote(ALERT_DESCRIPTION)}`,
      `          runbook_url: ${quote('docs/findings.md (ftp-doctor explain {{ $labels.code }})')}`,
    );
  }
  lines.push(
    `      - alert: ${INCONCLUSIVE_ALERT.name}`,
    '        expr: max by (instance) (ftp_doctor_verdict{verdict="inconclusive"}) == 1',
    `        for: ${INCONCLUSIVE_ALERT.for}`,
    '        labels:',
    `          severity: ${INCONCLUSIVE_ALERT.severity}`,
    '        annotations:',
    `          summary: ${quote(INCONCLUSIVE_ALERT.summary)}`,
  );
  return `${lines.join('\n')}\n`;
}
