import { addressDocuments } from './document.js';
import { attemptedModes } from './modes.js';
import type { TargetReport } from './targets.js';
import { xmlEscape as x } from './xml-escape.js';
import { firewallSentences } from './firewall-words.js';

/** JUnit XML: one testsuite per target, one testcase for the control connection and one per mode. */
export function renderJunit(reports: TargetReport[]): string {
  let tests = 0;
  let failures = 0;
  let totalMs = 0;
  const suites = reports.map(({ name, document, gate }) => {
    const cases: string[] = [];
    const controlFailures = gate.failures.filter((f) => !f.mode);
    const firewall = addressDocuments(document).flatMap(firewallSentences);
    cases.push(
      testcase(
        name,
        'control',
        document.control.connect.ms + (document.control.greeting?.ms ?? 0),
        controlFailures,
        undefined,
        [`verdict: ${document.verdict.label}: ${document.verdict.summary}`, ...firewall].join('\n'),
      ),
    );
    const several = (document.alsoProbed?.length ?? 0) > 0;
    let skipped = 0;
    for (const each of addressDocuments(document)) {
      for (const mode of attemptedModes(each.modes)) {
        const skip = mode.status === 'not_tested' ? (mode.reason ?? 'not tested') : undefined;
        if (skip) skipped += 1;
        const failing = gate.failures.filter((f) => f.mode === mode.mode && (!f.address || f.address === each.address));
        cases.push(
          testcase(
            name,
            several ? `${mode.label} ${each.address}` : mode.label,
            mode.durationMs,
            failing,
            skip,
            `status: ${mode.status}; phase: ${mode.phase}`,
          ),
        );
      }
    }
    const suiteFailures =
      gate.failures.length > 0
        ? new Set(gate.failures.map((f) => `${f.address ?? ''} ${f.mode ?? 'control'}`)).size
        : 0;
    tests += cases.length;
    failures += suiteFailures;
    totalMs += document.durationMs;
    return [
      `  <testsuite name="${x(name)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${skipped}" time="${seconds(document.durationMs)}" timestamp="${x(document.startedAt.replace(/\.\d+Z$/, ''))}" hostname="${x(document.address)}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ftp-doctor" tests="${tests}" failures="${failures}" errors="0" time="${seconds(totalMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(
  target: string,
  name: string,
  ms: number,
  failures: TargetReport['gate']['failures'],
  skipped: string | undefined,
  out: string,
): string {
  const lines = [`    <testcase classname="ftp-doctor.${x(target)}" name="${x(name)}" time="${seconds(ms)}">`];
  if (skipped) lines.push(`      <skipped message="${x(skipped)}"/>`);
  if (failures.length > 0) {
    const message = failures.map((f) => `${f.code}: ${f.title}`).join('; ');
    const body = failures.map((f) => `${f.code}: ${f.title}\n${f.detail}`).join('\n\n');
    lines.push(
      `      <failure message="${x(message)}" type="${x(failures[0]?.code ?? 'FAILED')}">${x(body)}</failure>`,
    );
  }
  lines.push(`      <system-out>${x(out)}</system-out>`, '    </testcase>');
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
