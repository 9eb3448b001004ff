import { nagiosState, type ExitDecision, type NagiosState } from '../diagnose/exit-code.js';
import type { GateResult } from '../diagnose/gate.js';
import { NETWORK_PHRASES } from '../diagnose/words/network-phrases.js';
import { LABELS, OUTCOME_WORDS } from '../diagnose/words/report-lines.js';
import type { NetworkDiagnosis } from '../diagnose/network-diagnosis.js';
import type { NetworkRecord, ReflectorHello } from '../record/network-record.js';
import type { TranscriptEntry } from '../record/record.js';
import { SCHEMA_VERSION } from './document.js';
import { exitWords } from './exit-line.js';
import type { Format } from './render.js';
import Table from 'cli-table3';
import { BORDERLESS_TABLE, createStyle, wrapText } from './style.js';
import { renderFinding } from './text.js';
import { xmlEscape as x } from './xml-escape.js';
import { githubAnnotation } from './github.js';
import { markdownFinding } from './markdown.js';
import { nagiosLines } from './nagios.js';
import { findingBlock, simplePage } from './simple-page.js';
import { renderWith } from './renderers.js';

/** The network report, as JSON shows it; every other format renders from it. */
export interface NetworkDocument {
  schemaVersion: number;
  kind: 'network';
  tool: NetworkRecord['tool'];
  startedAt: string;
  via: NetworkRecord['via'];
  reflector?: ReflectorHello;
  /** This machine's address on the control connection, and the one the reflector saw. */
  localAddress?: string;
  publicAddress?: string;
  nat?: boolean;
  helpersSeen?: boolean;
  tests: Array<{
    label: string;
    command: string;
    security: 'plain' | 'tls';
    status: string;
    detail: string;
    reasonCode?: string;
    reason?: string;
    serverSaid?: string;
  }>;
  findings: NetworkDiagnosis['findings'];
  /** What to ask the firewall team for, in words, from the findings that need them. */
  asks: string[];
  verdict: NetworkDiagnosis['verdict'];
  exitCode: number;
  exitReason: ExitDecision['reason'];
  durationMs: number;
  transcript?: TranscriptEntry[];
}

export interface NetworkReport {
  document: NetworkDocument;
  gate: GateResult;
}

export function buildNetworkDocument(
  record: NetworkRecord,
  diagnosis: NetworkDiagnosis,
  exit: ExitDecision,
  withTranscript: boolean,
): NetworkDocument {
  const hello = record.sessions.find((s) => s.security === 'plain')?.hello;
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'network',
    tool: record.tool,
    startedAt: record.startedAt,
    via: record.via,
    ...(hello ? { reflector: hello } : {}),
    ...(diagnosis.localAddress ? { localAddress: diagnosis.localAddress } : {}),
    ...(diagnosis.publicAddress ? { publicAddress: diagnosis.publicAddress } : {}),
    ...(diagnosis.nat !== undefined ? { nat: diagnosis.nat } : {}),
    ...(diagnosis.helpersSeen !== undefined ? { helpersSeen: diagnosis.helpersSeen } : {}),
    tests: diagnosis.tests.map((t) => ({
      label: t.label,
      command: t.command,
      security: t.security,
      status: t.status,
      detail: t.detail,
      ...(t.reasonCode ? { reasonCode: t.reasonCode } : {}),
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.serverSaid ? { serverSaid: t.serverSaid } : {}),
    })),
    findings: diagnosis.findings,
    asks: diagnosis.asks,
    verdict: diagnosis.verdict,
    exitCode: exit.code,
    exitReason: exit.reason,
    durationMs: record.durationMs,
    ...(withTranscript ? { transcript: record.transcript } : {}),
  };
}

export function renderNetwork(
  format: Format,
  report: NetworkReport,
  options: { colour: boolean; width: number; failOn: string; ascii?: boolean },
): string {
  return renderWith(format, report, {
    markdown: (shown) => networkMarkdown(shown.document, options.failOn),
    github: (shown) => shown.document.findings.map((f) => `${githubAnnotation(f, `${f.code} (network)`)}\n`).join(''),
    junit: (shown) => networkJunit(shown),
    text: (shown) => networkText(shown.document, options),
    html: (shown) => networkHtml(shown.document, options.failOn),
    nagios: (shown) =>
      nagiosLines(networkNagiosState(shown), 'network', shown.document.verdict, shown.document.findings),
  });
}

function viaText(document: NetworkDocument): string {
  const address = document.via.address ?? document.via.host;
  return `${address.includes(':') ? `[${address}]` : address}:${document.via.port}`;
}

/** One row per command: its plain-FTP result beside its result under TLS. */
function rows(
  document: NetworkDocument,
): Array<{ command: string; plain?: NetworkDocument['tests'][number]; tls?: NetworkDocument['tests'][number] }> {
  const commands = [...new Set(document.tests.map((t) => t.command))];
  return commands.map((command) => ({
    command,
    plain: document.tests.find((t) => t.command === command && t.security === 'plain'),
    tls: document.tests.find((t) => t.command === command && t.security === 'tls'),
  }));
}

function cell(test: NetworkDocument['tests'][number] | undefined): string {
  if (!test) return '';
  if (test.status === 'not_tested') return `${OUTCOME_WORDS.notTested}: ${test.reason ?? test.reasonCode ?? ''}`;
  return `${test.status === 'ok' ? 'ok' : test.status}: ${test.detail}`;
}

function networkText(
  document: NetworkDocument,
  options: { colour: boolean; width: number; failOn: string; ascii?: boolean },
): string {
  const style = createStyle(options.colour, options.ascii);
  const reflector = document.reflector;
  const lines = [
    style.bold(
      `${document.tool.name} ${document.tool.version} · network · via the reflector at ${viaText(document)}${reflector?.version ? ` (ftp-doctor ${reflector.version})` : ''}`,
    ),
  ];
  if (document.publicAddress && document.localAddress) {
    lines.push(`  ${LABELS.thisMachine.padEnd(18)}${document.localAddress}`);
    lines.push(
      `  ${LABELS.seenAs.padEnd(18)}${document.publicAddress}${document.nat ? ' (NAT between)' : ' (no NAT)'}`,
    );
  }
  if (reflector) {
    lines.push(
      `  ${LABELS.reflector.padEnd(18)}control port ${reflector.controlPort ?? document.via.port}${document.helpersSeen === false ? ` (${NETWORK_PHRASES.helpersNotSeen})` : ''}; passive ports ${reflector.pasvRange ?? 'any'}`,
    );
  }
  if (document.tests.length > 0) {
    // Two result columns share what the terminal has left after the command column.
    const column = Math.max(24, Math.floor((options.width - 12) / 2));
    const table = new Table({
      head: [...LABELS.networkTable],
      colWidths: [8, column, column],
      wordWrap: true,
      ...BORDERLESS_TABLE,
    });
    const said = new Set<string>();
    // A reason that holds for a whole column is said once: decided on the test's status, not on its words.
    const once = (test: NetworkDocument['tests'][number] | undefined): string => {
      const text = cell(test);
      if (test?.status !== 'not_tested') return text;
      if (said.has(text)) return LABELS.notTestedAsAbove;
      said.add(text);
      return text;
    };
    for (const row of rows(document)) table.push([row.command, once(row.plain), once(row.tls)]);
    lines.push('', table.toString());
  }
  for (const finding of document.findings) lines.push('', renderFinding(finding, options.width, style));
  if (document.asks.length > 0) {
    lines.push('', style.bold('For the firewall team'));
    for (const ask of document.asks) lines.push(wrapText(`- ${ask}`, options.width, '  ').replace(/^ {2}/, ''));
  }
  lines.push('', `${style.bold('Verdict:')} ${document.verdict.label} — ${document.verdict.summary}`);
  lines.push(
    style.dim(
      `${exitWords({ code: document.exitCode, reason: document.exitReason }, options.failOn, 'own', 'network')}.`,
    ),
  );
  if (document.transcript) {
    lines.push('', style.bold('Transcript'));
    for (const entry of document.transcript)
      lines.push(
        `  ${String(entry.t ?? '').padStart(6)} ms  ${entry.channel.padEnd(14)} ${entry.kind === 'sent' ? '>' : entry.kind === 'received' ? '<' : '·'} ${entry.text}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

function networkMarkdown(document: NetworkDocument, failOn: string): string {
  const parts = [`## ftp-doctor network via ${viaText(document)}`, ''];
  if (document.publicAddress)
    parts.push(
      `This machine: \`${document.localAddress ?? '?'}\`, seen as \`${document.publicAddress}\`${document.nat ? ' (NAT between)' : ' (no NAT)'}.`,
      '',
    );
  if (document.tests.length)
    parts.push(
      '| Test | Plain FTP | Under TLS |',
      '|---|---|---|',
      ...rows(document).map((r) => `| ${r.command} | ${cell(r.plain)} | ${cell(r.tls)} |`),
      '',
    );
  for (const f of document.findings) parts.push(...markdownFinding(f));
  if (document.asks.length) parts.push('### For the firewall team', '', ...document.asks.map((ask) => `- ${ask}`), '');
  parts.push(
    `**Verdict:** ${document.verdict.label}: ${document.verdict.summary}`,
    '',
    `${exitWords({ code: document.exitCode, reason: document.exitReason }, failOn, 'own', 'network')}.`,
    '',
  );
  return parts.join('\n');
}

function networkJunit({ document, gate }: NetworkReport): string {
  const cases = document.tests.map((t) => {
    const name = x(t.label);
    if (t.status === 'not_tested')
      return `    <testcase classname="ftp-doctor.network" name="${name}"><skipped message="${x(t.reason ?? t.reasonCode ?? '')}"/></testcase>`;
    return `    <testcase classname="ftp-doctor.network" name="${name}"/>`;
  });
  const failures = gate.failures.map(
    (f) =>
      `    <testcase classname="ftp-doctor.network" name="${x(f.code)}"><failure message="${x(f.title)}" type="${x(f.code)}">${x(f.detail)}</failure></testcase>`,
  );
  const all = [...cases, ...failures];
  const skipped = document.tests.filter((t) => t.status === 'not_tested').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ftp-doctor" tests="${all.length}" failures="${failures.length}" errors="0">`,
    `  <testsuite name="network" tests="${all.length}" failures="${failures.length}" errors="0" skipped="${skipped}">`,
    ...all,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function networkHtml(document: NetworkDocument, failOn: string): string {
  const table = rows(document)
    .map((r) => `<tr><td>${x(r.command)}</td><td>${x(cell(r.plain))}</td><td>${x(cell(r.tls))}</td></tr>`)
    .join('');
  const findings =
    document.findings.map(findingBlock).join('') +
    (document.asks.length
      ? `<h2>For the firewall team</h2><ul>${document.asks.map((ask) => `<li>${x(ask)}</li>`).join('')}</ul>`
      : '');
  const seen = document.publicAddress
    ? `<p>This machine: <code>${x(document.localAddress ?? '?')}</code>, seen as <code>${x(document.publicAddress)}</code>${document.nat ? ' (NAT between)' : ' (no NAT)'}.</p>`
    : '';
  return simplePage(
    `ftp-doctor network via ${viaText(document)}`,
    `<p><strong>${x(document.verdict.label)}</strong> ${x(document.verdict.summary)}</p>${seen}<table><thead><tr><th>Test</th><th>Plain FTP</th><th>Under TLS</th></tr></thead><tbody>${table}</tbody></table>${findings}<p>${x(exitWords({ code: document.exitCode, reason: document.exitReason }, failOn, 'own', 'network'))}.</p>`,
  );
}

/** The network test under the plugin guidelines, by the same contract as a probe. */
export function networkNagiosState({ document, gate }: NetworkReport): NagiosState {
  return nagiosState({
    gate,
    verdict: document.verdict.verdict,
    interrupted: document.exitReason === 'interrupted',
    deadlineHit: false,
  });
}
