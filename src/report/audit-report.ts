import type { AuditDiagnosis } from '../diagnose/audit-diagnosis.js';
import type { DeploymentDiagnosis } from '../diagnose/deployment-diagnosis.js';
import { REPORT_LINES } from '../diagnose/words/report-lines.js';
import { SETTING_WORDS as W } from '../diagnose/words/audit-words.js';
import { fill } from '../diagnose/template.js';
import { nagiosState, type ExitDecision, type NagiosState } from '../diagnose/exit-code.js';
import type { GateResult } from '../diagnose/gate.js';
import type { AuditRecord, Fact, FactSource, ServerConfig } from '../record/audit-record.js';
import type { DeploymentRecord } from '../record/deployment-record.js';
import { SCHEMA_VERSION } from './document.js';
import { exitWords } from './exit-line.js';
import type { Format } from './render.js';
import { createStyle, wrapText } from './style.js';
import { renderFinding } from './text.js';
import { xmlEscape as x } from './xml-escape.js';
import { githubAnnotation } from './github.js';
import { markdownFinding } from './markdown.js';
import { nagiosLines } from './nagios.js';
import { findingBlock, simplePage } from './simple-page.js';
import { renderWith } from './renderers.js';

/** Stretches of the passive range a terminal shows; JSON has them all. */
const MAX_STRETCHES_SHOWN = 12;

/** The audit report, as JSON shows it; every other format renders from it. */
export interface AuditDocument {
  schemaVersion: number;
  kind: 'audit';
  tool: AuditRecord['tool'];
  startedAt: string;
  server?: AuditRecord['server'];
  /** The settings that decide, each with where it was read. */
  settings: Array<{ name: string; value: string; where: string; source: FactSource['kind'] }>;
  configFiles: string[];
  /** The configuration file was the package's default: the running process did not show which it read. The sentence says so. */
  configAssumed?: { file: string; sentence: string };
  firewall: AuditRecord['firewall'];
  host: AuditRecord['host'];
  publicAddress?: string;
  checked: string[];
  notChecked: AuditRecord['notChecked'];
  findings: AuditDiagnosis['findings'];
  verdict: AuditDiagnosis['verdict'];
  exitCode: number;
  exitReason: ExitDecision['reason'];
}

/** The audit as renderers get it: the document and the gate that decided its exit code. */
export interface AuditReport {
  document: AuditDocument;
  gate: GateResult;
}

export function buildAuditDocument(record: AuditRecord, diagnosis: AuditDiagnosis, exit: ExitDecision): AuditDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'audit',
    tool: record.tool,
    startedAt: record.startedAt,
    ...(record.server ? { server: record.server } : {}),
    settings: record.config ? settingsOf(record.config) : [],
    configFiles: record.config?.files ?? [],
    ...(record.configAssumed
      ? {
          configAssumed: {
            file: record.configAssumed,
            sentence: fill(REPORT_LINES.configAssumed, { file: record.configAssumed }),
          },
        }
      : {}),
    firewall: record.firewall,
    host: record.host,
    ...(record.publicAddress ? { publicAddress: record.publicAddress } : {}),
    ...conclusion(diagnosis, exit),
  };
}

/** What every audit document ends with: what was checked and not, the findings, the verdict and the exit. */
function conclusion(
  diagnosis: Pick<AuditDocument, 'checked' | 'notChecked' | 'findings' | 'verdict'>,
  exit: ExitDecision,
): Pick<AuditDocument, 'checked' | 'notChecked' | 'findings' | 'verdict' | 'exitCode' | 'exitReason'> {
  return {
    checked: diagnosis.checked,
    notChecked: diagnosis.notChecked,
    findings: diagnosis.findings,
    verdict: diagnosis.verdict,
    exitCode: exit.code,
    exitReason: exit.reason,
  };
}

/** A compose file's or Kubernetes manifests' audit, as the same document every audit renderer lays out. */
export function buildDeploymentDocument(
  record: DeploymentRecord,
  diagnosis: DeploymentDiagnosis,
  exit: ExitDecision,
): AuditDocument {
  const settings: AuditDocument['settings'] = record.servers.flatMap((server) => {
    const where = (line: number | undefined, byDefault?: boolean, file = server.file): string =>
      byDefault ? fill(W.byDefault, { what: server.imageName }) : `${file}${line !== undefined ? `:${line}` : ''}`;
    const range = server.passiveRange;
    const published =
      server.published === 'host'
        ? W.hostNetwork
        : [
            ...new Set(
              server.published.map((p) => {
                const span = (first: number): string =>
                  p.count > 1 ? `${first}-${first + p.count - 1}` : String(first);
                return p.outside === p.container
                  ? span(p.container)
                  : `${p.outside ? span(p.outside) : W.anyOutsidePort}→${span(p.container)}`;
              }),
            ),
          ].join(', ') || W.nothingPublished;
    const row = (name: string, value: string, whereText: string, source: FactSource['kind']) => ({
      name: `${server.name}: ${name}`,
      value,
      where: whereText,
      source,
    });
    return [
      row(W.names.image, server.image.value, where(server.image.line), 'file'),
      row(
        W.names.controlPort,
        String(server.controlPort.value),
        where(server.controlPort.line, server.controlPort.byDefault, server.controlPort.file),
        server.controlPort.byDefault ? 'default' : 'file',
      ),
      range
        ? row(
            W.names.passiveRange,
            range.value === 'any' ? W.anyFreePort : `${range.value.low}-${range.value.high}`,
            where(range.line, range.byDefault, range.file),
            range.byDefault ? 'default' : 'file',
          )
        : row(W.names.passiveRange, W.notKnown, server.file, 'default'),
      row(
        W.names.externalAddress,
        server.externalAddress?.value ?? W.notSet,
        where(
          server.externalAddress?.line,
          server.externalAddress?.byDefault ?? !server.externalAddress,
          server.externalAddress?.file,
        ),
        server.externalAddress && !server.externalAddress.byDefault ? 'file' : 'default',
      ),
      ...(server.tls
        ? [
            row(
              W.names.tls,
              [server.tls.implicit.value ? W.implicitTls : W.explicitTls, ...server.tls.files.map((f) => f.value)].join(
                ', ',
              ),
              where(server.tls.enabled.line, server.tls.enabled.byDefault, server.tls.enabled.file),
              'file' as const,
            ),
          ]
        : []),
      ...server.configFiles.map((file) => row(W.names.configFile, file, file, 'file' as const)),
      row(W.names.published, published, server.file, 'file'),
      ...(server.replicas
        ? [
            row(
              W.names.replicas,
              String(server.replicas.value),
              where(server.replicas.line, server.replicas.byDefault),
              'file' as const,
            ),
          ]
        : []),
    ];
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'audit',
    tool: record.tool,
    startedAt: record.startedAt,
    settings,
    configFiles: [record.file],
    firewall: [],
    host: { addresses: [] },
    ...conclusion(diagnosis, exit),
  };
}

function whereText(source: FactSource): string {
  if (source.kind === 'file') return `${source.file}${source.line ? `:${source.line}` : ''}`;
  if (source.kind === 'default') return fill(W.byDefault, { what: source.text });
  return source.text;
}

function settingsOf(config: ServerConfig): AuditDocument['settings'] {
  const rows: AuditDocument['settings'] = [];
  const add = <T>(name: string, fact: Fact<T> | undefined, show: (value: T) => string): void => {
    if (fact) rows.push({ name, value: show(fact.value), where: whereText(fact.source), source: fact.source.kind });
  };
  const yesNo = (value: boolean): string => (value ? W.yes : W.no);
  if (config.site) rows.push({ name: W.names.site, value: config.site, where: config.files[0] ?? '', source: 'file' });
  add(W.names.controlPort, config.controlPort, String);
  add(W.names.listenIpv4, config.listenIpv4, yesNo);
  add(W.names.listenIpv6, config.listenIpv6, yesNo);
  add(W.names.passiveRange, config.passiveRange, (r) => `${r.low}-${r.high}`);
  if (!config.passiveRange)
    rows.push({ name: W.names.passiveRange, value: W.anyPort, where: config.files[0] ?? '', source: 'default' });
  add(W.names.externalAddress, config.externalAddress, String);
  add(W.names.tls, config.tlsEnabled, yesNo);
  add(W.names.portPromiscuous, config.portPromiscuous, yesNo);
  add(W.names.pasvPromiscuous, config.pasvPromiscuous, yesNo);
  add(W.names.maxClients, config.maxClients, String);
  add(W.names.idleTimeout, config.idleTimeout, (seconds) => (seconds === 0 ? W.noIdleTimeout : String(seconds)));
  return rows;
}

export function renderAudit(
  format: Format,
  report: AuditReport,
  options: { colour: boolean; width: number; failOn: string; ascii?: boolean },
): string {
  return renderWith(format, report, {
    markdown: (shown) => auditMarkdown(shown.document, options.failOn),
    github: (shown) => shown.document.findings.map((f) => `${githubAnnotation(f, `${f.code} (audit)`)}\n`).join(''),
    junit: (shown) => auditJunit(shown),
    text: (shown) => auditText(shown.document, options),
    html: (shown) => auditHtml(shown.document, options.failOn),
    nagios: (shown) => nagiosLines(auditNagiosState(shown), 'audit', shown.document.verdict, shown.document.findings),
  });
}

function auditText(
  document: AuditDocument,
  options: { colour: boolean; width: number; failOn: string; ascii?: boolean },
): string {
  const style = createStyle(options.colour, options.ascii);
  const server = document.server;
  const lines = [
    style.bold(
      `${document.tool.name} ${document.tool.version} · audit · ${server ? `${server.software} (pid ${server.pid}) listening on ${server.listening.map((l) => `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`).join(', ')}` : 'no running server'}${document.configFiles.length ? ` · ${document.configFiles.join(', ')}` : ''}`,
    ),
  ];
  if (document.configAssumed) lines.push(wrapText(document.configAssumed.sentence, options.width, '  '));
  if (document.settings.length > 0) {
    lines.push('', style.bold('Settings'));
    for (const row of document.settings)
      lines.push(`  ${row.name.padEnd(30)} ${row.value.padEnd(22)} ${style.dim(row.where)}`);
  }
  for (const family of document.firewall) {
    lines.push('', style.bold(`Firewall, IPv${family.family}`) + style.dim(` (${family.sources.join(', ')})`));
    lines.push(wrapText(`  control port: ${family.control.verdict} — ${family.control.rule}`, options.width, '    '));
    const passive = family.passive ?? [];
    for (const stretch of passive.slice(0, MAX_STRETCHES_SHOWN)) {
      const ports = stretch.low === stretch.high ? `port ${stretch.low}` : `ports ${stretch.low}-${stretch.high}`;
      const related =
        stretch.verdict !== 'accept' && stretch.relatedRule
          ? ` (RELATED accepted${family.ftpHelperAttached ? ', through the FTP helper' : ', but no rule attaches the FTP helper'}: ${stretch.relatedRule})`
          : '';
      lines.push(wrapText(`  passive ${ports}: ${stretch.verdict} — ${stretch.rule}${related}`, options.width, '    '));
    }
    if (passive.length > MAX_STRETCHES_SHOWN)
      lines.push(
        style.dim(
          `  … ${passive.length - MAX_STRETCHES_SHOWN} more stretches of the passive range (--json lists them all)`,
        ),
      );
  }
  if (document.notChecked.length > 0) {
    lines.push('', style.bold('Not checked'));
    for (const item of document.notChecked) lines.push(wrapText(`  ${item.why}`, options.width, '    '));
  }
  for (const finding of document.findings) lines.push('', renderFinding(finding, options.width, style));
  lines.push('', `${style.bold('Verdict:')} ${document.verdict.label} — ${document.verdict.summary}`);
  lines.push(
    style.dim(
      `${exitWords({ code: document.exitCode, reason: document.exitReason }, options.failOn, 'own', 'audit')}.`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

function auditMarkdown(document: AuditDocument, failOn: string): string {
  const parts = ['## ftp-doctor audit', ''];
  if (document.configAssumed) parts.push(document.configAssumed.sentence, '');
  if (document.settings.length)
    parts.push(
      '| Setting | Value | From |',
      '|---|---|---|',
      ...document.settings.map((r) => `| ${r.name} | ${r.value} | ${r.where} |`),
      '',
    );
  for (const f of document.findings) parts.push(...markdownFinding(f));
  if (document.notChecked.length)
    parts.push(`**Not checked:** ${document.notChecked.map((n) => n.why).join('; ')}`, '');
  parts.push(
    `**Verdict:** ${document.verdict.label}: ${document.verdict.summary}`,
    '',
    `${exitWords({ code: document.exitCode, reason: document.exitReason }, failOn, 'own', 'audit')}.`,
    '',
  );
  return parts.join('\n');
}

function auditJunit({ document, gate }: AuditReport): string {
  const failing = gate.failures;
  const cases = [
    ...document.checked.map((check) => `    <testcase classname="ftp-doctor.audit" name="${x(check)}"/>`),
    ...document.notChecked.map(
      (n) =>
        `    <testcase classname="ftp-doctor.audit" name="${x(n.check)}"><skipped message="${x(n.why)}"/></testcase>`,
    ),
    ...failing.map(
      (f) =>
        `    <testcase classname="ftp-doctor.audit" name="${x(f.code)}"><failure message="${x(f.title)}" type="${x(f.code)}">${x(f.detail)}</failure></testcase>`,
    ),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ftp-doctor" tests="${cases.length}" failures="${failing.length}" errors="0">`,
    `  <testsuite name="audit" tests="${cases.length}" failures="${failing.length}" errors="0" skipped="${document.notChecked.length}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The audit as one self-contained page: its Markdown's content, laid out, no script. */
function auditHtml(document: AuditDocument, failOn: string): string {
  const rows = document.settings
    .map((r) => `<tr><td>${x(r.name)}</td><td>${x(r.value)}</td><td>${x(r.where)}</td></tr>`)
    .join('');
  const findings = document.findings.map(findingBlock).join('');
  const notChecked = document.notChecked.length
    ? `<p><strong>Not checked:</strong> ${x(document.notChecked.map((n) => n.why).join('; '))}</p>`
    : '';
  const assumed = document.configAssumed ? `<p>${x(document.configAssumed.sentence)}</p>` : '';
  return simplePage(
    'ftp-doctor audit',
    `<p><strong>${x(document.verdict.label)}</strong> ${x(document.verdict.summary)}</p>${assumed}<table><thead><tr><th>Setting</th><th>Value</th><th>From</th></tr></thead><tbody>${rows}</tbody></table>${findings}${notChecked}<p>${x(exitWords({ code: document.exitCode, reason: document.exitReason }, failOn, 'own', 'audit'))}.</p>`,
  );
}

/** The audit under the plugin guidelines, by the same contract as a probe. */
export function auditNagiosState({ document, gate }: AuditReport): NagiosState {
  return nagiosState({ gate, verdict: document.verdict.verdict, interrupted: false, deadlineHit: false });
}
