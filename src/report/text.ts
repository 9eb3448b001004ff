import Table from 'cli-table3';
import type { ModeResult } from '../diagnose/mode-result.js';
import type { DescribedFinding, Severity } from '../diagnose/finding.js';
import { LABELS, REPORT_LINES } from '../diagnose/words/report-lines.js';
import type { ExitDecision } from '../diagnose/exit-code.js';
import type { Verdict } from '../diagnose/verdict.js';
import { fill } from '../diagnose/template.js';
import { addressDocuments, softwareLabel, type ReportDocument } from './document.js';
import { firewallSentences } from './firewall-words.js';
import { exitWords } from './exit-line.js';
import { attemptedModes, notTestedGroups } from './modes.js';
import { BORDERLESS_TABLE, createStyle, wrapText, type Style } from './style.js';
import { renderTranscript } from './transcript-report.js';

export interface TextOptions {
  colour: boolean;
  width: number;
  transcript: boolean;
  failOn: string;
  /** The demo always exits 0: its exit line says what a probe would return instead. */
  demo?: boolean;
  /** ASCII marks instead of symbols (a console that cannot show them). */
  ascii?: boolean;
}

/** The terminal report: vantage point, modes table, findings, verdict. */
export function renderText(document: ReportDocument, options: TextOptions): string {
  const style = createStyle(options.colour, options.ascii);
  const documents = addressDocuments(document);
  const several = documents.length > 1;
  const parts = documents.map((each) => renderOne(each, options, style, several ? each.verdict : undefined));
  // One section per address (one per family for a dual-stack name), then the combined verdict and who it hits.
  if (several) {
    const each = documents.map((d) => `${d.control.address} ${d.verdict.label}`);
    parts.push(
      verdictLine(document.verdict, style, fill(REPORT_LINES.combinedVerdict, { addresses: each.join(', ') })),
    );
  }
  if (document.exitCode !== undefined && document.exitReason)
    parts.push(exitLine({ code: document.exitCode, reason: document.exitReason }, options, style));
  return `${parts.join('\n\n')}\n`;
}

/** `ownVerdict`: for one address of several, its own verdict, shown as that; the combined one comes last. */
function renderOne(document: ReportDocument, options: TextOptions, style: Style, ownVerdict?: Verdict): string {
  const lines: string[] = [header(document, style), vantage(document, style)];
  if (document.control.tls) lines.push(style.dim(tlsLine(document.control.tls)));
  if (attemptedModes(document.modes).length > 0) lines.push('', modesTable(document, style));
  const notes = footnotes(document.modes);
  if (notes) lines.push(style.dim(notes));
  if (attemptedModes(document.modes).some((mode) => mode.status !== 'not_tested'))
    lines.push('', wrapText(`${style.bold(REPORT_LINES.clients)} ${document.clientSummary}`, options.width, '  '));
  const notTested = notTestedGroups(document.modes);
  if (notTested.length > 0) {
    lines.push('', style.bold(REPORT_LINES.notTested));
    for (const group of notTested) lines.push(`  ${group.labels}: ${group.reason}`);
  }
  if (document.pasvSamples?.length) lines.push('', samplesLine(document));
  for (const finding of document.findings) lines.push('', renderFinding(finding, options.width, style));
  lines.push(
    '',
    ownVerdict
      ? verdictLine(
          ownVerdict,
          style,
          undefined,
          fill(REPORT_LINES.addressVerdict, { address: document.control.address }),
        )
      : verdictLine(document.verdict, style),
  );
  lines.push(...firewallLines(document, options.width));
  if (document.interrupted) lines.push(style.yellow(REPORT_LINES.interrupted));
  if (options.transcript && document.transcript.length > 0) {
    lines.push('', style.bold(REPORT_LINES.transcript), renderTranscript(document.transcript, style));
  }
  return lines.join('\n');
}

function header(document: ReportDocument, style: Style): string {
  const { target, control } = document;
  if (document.source) {
    const software = softwareLabel(control.software);
    const server = control.address
      ? fill(REPORT_LINES.server, { address: control.address })
      : REPORT_LINES.serverNotShown;
    const { file, format, client } = document.source;
    const source = document.source.kind === 'capture' ? REPORT_LINES.sourceCapture : REPORT_LINES.sourceLog;
    const analysis = fill(REPORT_LINES.analysisOf, { file, format, client, source });
    return style.bold(`${document.tool.name} ${document.tool.version} · ${analysis} · ${server} · ${software}`);
  }
  const host = control.family === 6 ? `[${control.address}]` : control.address;
  const scheme = /^(\w+):\/\//.exec(target.input)?.[1] ?? 'ftp';
  const shownTarget = `${scheme}://${host}:${control.port}${target.path ? `/${target.path}` : ''}`;
  const software = softwareLabel(control.software);
  const user = target.anonymous ? 'anonymous' : target.user;
  const named = target.host !== control.address ? ` (${target.host})` : '';
  const when = document.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return style.bold(
    `${document.tool.name} ${document.tool.version} · ${shownTarget}${named} · ${software} · ${user} · ${when}`,
  );
}

function vantage(document: ReportDocument, style: Style): string {
  const { vantage: v, control } = document;
  if (document.source) {
    const client = v.localAddress
      ? fill(REPORT_LINES.vantageLogClientAddress, {
          local: v.localAddress,
          localScope: v.localScope ?? '',
          nat: v.behindNat ? REPORT_LINES.vantageLogClientNat : '',
        })
      : '';
    const source = document.source.kind === 'capture' ? REPORT_LINES.sourceCapture : REPORT_LINES.sourceLog;
    const missing = document.source.notShown.length
      ? fill(REPORT_LINES.vantageLogMissing, { missing: document.source.notShown.join('; '), source })
      : '';
    const whose = document.source.side === 'server' ? REPORT_LINES.vantageLogServer : REPORT_LINES.vantageLogClient;
    return style.dim(fill(REPORT_LINES.vantageLog, { whose, client, missing, source }));
  }
  if (!v.localAddress) return style.dim(fill(REPORT_LINES.vantageNone, { address: control.address }));
  const values = { local: v.localAddress, localScope: v.localScope ?? '', address: control.address };
  return style.dim(fill(v.behindNat ? REPORT_LINES.vantageNat : REPORT_LINES.vantagePlain, values));
}

function tlsLine(tls: NonNullable<ReportDocument['control']['tls']>): string {
  const mode = tls.mode;
  if (!tls.outcome) return fill(REPORT_LINES.tlsNotNegotiated, { mode });
  if (tls.outcome !== 'ok') return fill(REPORT_LINES.tlsHandshakeFailed, { mode, outcome: tls.outcome });
  const certificate = tls.certificate;
  const parts = [
    fill(REPORT_LINES.tlsNegotiated, { mode, protocol: tls.protocol ?? '?', cipher: tls.cipher ?? '' }).trim(),
  ];
  if (certificate) {
    parts.push(
      fill(REPORT_LINES.tlsCertificate, {
        subject: certificate.subject,
        issuer: certificate.selfSigned ? REPORT_LINES.tlsSelfIssued : certificate.issuer,
        from: certificate.validFrom.slice(0, 10),
        to: certificate.validTo.slice(0, 10),
      }),
    );
    if (certificate.checkedName)
      parts.push(
        fill(certificate.hostnameMatches ? REPORT_LINES.tlsForName : REPORT_LINES.tlsNotForName, {
          name: certificate.checkedName,
        }),
      );
  }
  const why = tls.authorizationError ? ` (${tls.authorizationError})` : '';
  parts.push(tls.verified ? REPORT_LINES.tlsVerified : `${REPORT_LINES.tlsNotVerified}${why}`);
  if (tls.prot) parts.push(fill(REPORT_LINES.tlsData, { prot: tls.prot.replace(/\.$/, '') }));
  return `${parts.join(' · ')}.`;
}

function modesTable(document: ReportDocument, style: Style): string {
  const table = new Table({
    head: [...LABELS.modesTable],
    ...BORDERLESS_TABLE,
  });
  let footnote = 0;
  for (const mode of attemptedModes(document.modes)) {
    let connected = '';
    if (mode.connection) {
      const where =
        mode.connection.port > 0
          ? `${bracket(mode.connection.host)}:${mode.connection.port}`
          : bracket(mode.connection.host);
      connected = mode.connection.direction === 'inbound' ? `← ${where}` : where;
      if (mode.connection.notAdvertised) connected += ` (${(footnote += 1)})`;
    }
    const time = mode.timed ? `${mode.durationMs} ms` : '';
    table.push([mode.label, serverSaid(mode), connected, result(mode, style), time]);
  }
  return table.toString();
}

function serverSaid(mode: ModeResult): string {
  if (!mode.serverSaid) return '';
  const code = mode.serverSaid.slice(0, 3);
  if (mode.advertised?.host) {
    const scope = mode.advertised.unusualScope ? `  ${mode.advertised.scope}` : '';
    return `${code} (${mode.advertised.host}:${mode.advertised.port})${scope}`;
  }
  if (mode.advertised) return `${code} (|||${mode.advertised.port}|)`;
  return truncate(mode.serverSaid, 40);
}

function result(mode: ModeResult, style: Style): string {
  // The words come with the mode; the colour is the renderer's.
  switch (mode.status) {
    case 'ok':
      return style.green(mode.outcome);
    case 'not_tested':
      return style.dim(mode.outcome);
    case 'unsupported':
      return style.yellow(mode.outcome);
    default:
      return style.red(mode.outcome);
  }
}

function footnotes(modes: ModeResult[]): string {
  const notes: string[] = [];
  for (const mode of modes) {
    if (mode.connection?.notAdvertised) {
      notes.push(
        `  ${fill(REPORT_LINES.notAdvertised, { n: String(notes.length + 1), advertised: mode.advertised?.host ?? REPORT_LINES.advertisedNotShown })}`,
      );
    }
  }
  return notes.join('\n');
}

const MARKS: Record<Severity, (style: Style) => string> = {
  error: (style) => style.red(style.marks.error),
  warning: (style) => style.yellow(style.marks.warning),
  info: (style) => style.cyan(style.marks.info),
};

export function renderFinding(finding: DescribedFinding, width: number, style: Style): string {
  const lines = [`${MARKS[finding.severity](style)} ${style.bold(finding.code)}  ${finding.title}`];
  lines.push(wrapText(finding.explanation, width, '    '));
  const fixLabel = finding.fixFor ? fill(REPORT_LINES.fixFor, { software: finding.fixFor }) : REPORT_LINES.fix;
  lines.push(wrapText(`${fixLabel}: ${finding.fix}`, width, '    '));
  if (finding.evidence.length > 0) {
    const evidence = finding.evidence.map((line) => truncate(line, 120)).join(' / ');
    lines.push(style.dim(`    ${fill(REPORT_LINES.evidence, { evidence })}`));
  }
  return lines.join('\n');
}

function verdictLine(
  verdict: Verdict,
  style: Style,
  summary = verdict.summary,
  heading: string = REPORT_LINES.verdict,
): string {
  const colour =
    verdict.verdict === 'ok'
      ? style.green
      : verdict.verdict === 'degraded' || verdict.verdict === 'inconclusive'
        ? style.yellow
        : style.red;
  return `${style.bold(heading)} ${colour(verdict.label)} — ${summary}`;
}

function samplesLine(document: ReportDocument): string {
  const samples = document.pasvSamples ?? [];
  const shown = samples.map((s) =>
    s.port === undefined ? `${s.command} ${s.reply ?? REPORT_LINES.noReply}` : `${s.port} ${s.connect ?? ''}`.trim(),
  );
  return fill(REPORT_LINES.passiveSamples, { count: String(samples.length), samples: shown.join(', ') });
}

function firewallLines(document: ReportDocument, width: number): string[] {
  return firewallSentences(document).map((sentence) => wrapText(sentence, width, ''));
}

function exitLine(exit: ExitDecision, options: TextOptions, style: Style): string {
  const hint = options.transcript ? '' : ` ${REPORT_LINES.transcriptHint}`;
  return style.dim(`${exitWords(exit, options.failOn, options.demo ? 'demo' : 'own')}.${hint}`);
}

function bracket(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
