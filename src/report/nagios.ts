import { nagiosExit, nagiosState, type NagiosState } from '../diagnose/exit-code.js';
import type { DescribedFinding } from '../diagnose/finding.js';
import { addressDocuments, type ReportDocument } from './document.js';
import { attemptedModes } from './modes.js';
import type { TargetReport } from './targets.js';
import { firewallSentences } from './firewall-words.js';

/** Each target's state under the plugin guidelines, then the worst for the whole run. */
export function nagiosStates(reports: TargetReport[]): { states: NagiosState[]; state: NagiosState; code: number } {
  const states = reports.map(({ document, gate, expectationsGiven }) =>
    nagiosState({
      gate,
      expectationsGiven: expectationsGiven === true,
      verdict: document.verdict.verdict,
      interrupted: document.interrupted,
      deadlineHit: addressDocuments(document).some((d) => d.deadlineHit),
    }),
  );
  return { states, ...nagiosExit(states) };
}

/**
 * Monitoring Plugins output: `FTP STATE - summary | perfdata`, then one line
 * per finding (per target for a check). Perfdata: 'label'=value[UOM];warn;crit;min;max.
 */
export function renderNagios(reports: TargetReport[]): string {
  const { states, state } = nagiosStates(reports);
  const single = reports.length === 1 ? reports[0] : undefined;
  const summary = single
    ? `${single.document.verdict.label}: ${oneLine(single.document.verdict.summary)}`
    : targetsSummary(reports, states);
  const perf = single
    ? perfdata(single.document)
    : reports
        .map(
          (r, i) => `'${label(r.name)}_state'=${['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'].indexOf(states[i]!)};1;2;0;3`,
        )
        .join(' ');
  const lines = [`FTP ${state} - ${summary} | ${perf}`];
  for (const [index, report] of reports.entries()) {
    if (!single)
      lines.push(
        `${states[index]}: ${report.name}: ${report.document.verdict.label} - ${oneLine(report.document.verdict.summary)}`,
      );
    for (const document of addressDocuments(report.document)) {
      for (const f of document.findings)
        lines.push(
          `${single ? '' : '  '}[${f.severity}] ${f.code}: ${oneLine(f.title)}${addressDocuments(report.document).length > 1 ? ` (${document.address})` : ''}`,
        );
      for (const sentence of firewallSentences(document))
        lines.push(`${single ? '' : '  '}[firewall] ${oneLine(sentence)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A report without perfdata (audit, network): the state and verdict, then one line per finding. */
export function nagiosLines(
  state: NagiosState,
  what: string,
  verdict: { label: string; summary: string },
  findings: DescribedFinding[],
): string {
  return `${[`FTP ${state} - ${what} ${verdict.label}: ${oneLine(verdict.summary)}`, ...findings.map((f) => `[${f.severity}] ${f.code}: ${oneLine(f.title)}`)].join('\n')}\n`;
}

/** "6 targets, 4 pass, 2 fail (2 CRITICAL, 1 WARNING)": pass and fail as the check's own gate says. */
function targetsSummary(reports: TargetReport[], states: NagiosState[]): string {
  const passed = reports.filter((r) => r.gate.passed).length;
  const counts = (['CRITICAL', 'WARNING', 'UNKNOWN'] as const)
    .map((state) => ({ state, count: states.filter((s) => s === state).length }))
    .filter(({ count }) => count > 0)
    .map(({ state, count }) => `${count} ${state}`);
  return `${reports.length} targets, ${passed} pass, ${reports.length - passed} fail${counts.length ? ` (${counts.join(', ')})` : ''}`;
}

function perfdata(document: ReportDocument): string {
  const modes = attemptedModes(document.modes);
  const tested = modes.filter((m) => m.status !== 'not_tested');
  const items = [`time=${seconds(document.durationMs)}s;;;0`];
  if (document.control.greeting) items.push(`greeting=${seconds(document.control.greeting.ms)}s;;;0`);
  for (const mode of tested) items.push(`${mode.mode}=${seconds(mode.durationMs)}s;;;0`);
  items.push(`modes_ok=${tested.filter((m) => m.status === 'ok').length};;;0;${modes.length}`);
  return items.join(' ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** A perfdata label: no quotes or equals signs. */
function label(name: string): string {
  return name.replace(/['=\s]/g, '_');
}

/** The first line ends at the first newline: plugin output must not break it. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '/');
}
