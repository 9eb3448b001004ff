import { CLIENT_WORDS } from '../diagnose/words/client-matrix-words.js';
import { LABELS } from '../diagnose/words/report-lines.js';
import { clientVantage } from '../diagnose/clients.js';
import type { ModeResult } from '../diagnose/mode-result.js';
import type { TranscriptEntry } from '../record/record.js';
import { addressDocuments, softwareLabel, type ReportDocument } from './document.js';
import { exitWords } from './exit-line.js';
import { attemptedModes, notTestedGroups } from './modes.js';
import type { CommandName, TargetReport } from './targets.js';
import { xmlEscape as x } from './xml-escape.js';
import { firewallSentences } from './firewall-words.js';
import { REPORT_LINES } from '../diagnose/words/report-lines.js';

/**
 * One self-contained page: inline CSS and SVG, no script, nothing fetched.
 * It lays out what the report says; every word of judgement arrives as data.
 */
export function renderHtml(reports: TargetReport[], options: { command: CommandName; failOn: string }): string {
  const several = reports.length > 1;
  const first = reports[0]?.document;
  const title = several
    ? `ftp-doctor ${options.command}: ${reports.length} targets`
    : `ftp-doctor: ${first?.target.input ?? ''}`;
  const body: string[] = [];
  if (several) body.push(summaryTable(reports));
  reports.forEach((report, index) => body.push(targetSection(report, index, options, several)));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${x(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${x(title)}</h1><p class="dim">${x(first?.tool.name ?? 'ftp-doctor')} ${x(first?.tool.version ?? '')} · ${x(first?.startedAt ?? '')}</p></header>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}

const STYLE = `
:root{--fg:#1b1f24;--bg:#fff;--dim:#5c6670;--line:#c9d1d9;--card:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da;--none:#6e7781}
@media (prefers-color-scheme: dark){:root{--fg:#e6edf3;--bg:#0d1117;--dim:#9198a1;--line:#30363d;--card:#161b22;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--info:#58a6ff;--none:#8b949e}}
*{box-sizing:border-box}body{margin:0 auto;max-width:60rem;padding:1rem 1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem;border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
.dim{color:var(--dim)}code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{white-space:pre-wrap;background:var(--card);padding:.6rem;border-radius:6px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{text-align:left;border-bottom:1px solid var(--line);padding:.25rem .4rem;vertical-align:top}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-weight:600;border:2px solid currentColor}
.ok{color:var(--ok)}.degraded,.warning,.timeout{color:var(--warn)}.failed,.error,.refused,.rejected{color:var(--bad)}.inconclusive,.info,.unsupported,.not_tested{color:var(--info)}
.finding{background:var(--card);border-left:4px solid currentColor;padding:.5rem .8rem;margin:.6rem 0;border-radius:4px}.finding p{color:var(--fg);margin:.3rem 0}
.picture svg{display:block;width:100%;max-width:48rem;height:auto}.picture ul{margin:.4rem 0;padding-left:1.2rem}
svg text{fill:var(--fg);font:12px system-ui,sans-serif}svg .box{fill:var(--card);stroke:var(--line);stroke-width:1.5}svg .lane{stroke:var(--line);stroke-dasharray:4 3}
svg .arrow-ok{stroke:var(--ok)}svg .arrow-bad{stroke:var(--bad)}svg .arrow-warn{stroke:var(--warn)}svg .arrow-none{stroke:var(--none)}svg .gap{stroke:var(--bad);stroke-dasharray:2 4}
svg .dim{fill:var(--dim)}svg .timeout{fill:var(--warn)}
details{margin:.8rem 0}summary{cursor:pointer;color:var(--dim)}
svg{max-width:100%;height:auto}
@media (max-width:40rem){body{padding:.6rem}table:not(.stack){display:block;overflow-x:auto}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block}table.stack thead{display:none}
table.stack tr{border-bottom:1px solid var(--line);padding:.3rem 0}table.stack td{border:0;padding:.1rem .2rem;overflow-wrap:anywhere}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--dim)}table.stack td:empty{display:none}
.scroll{overflow-x:auto}.scroll svg,.picture .scroll svg{width:40rem;max-width:none}}
@media print{body{max-width:none;font-size:11pt}details{display:block}details>*{display:block}.finding,.picture,svg{break-inside:avoid}a{color:inherit;text-decoration:none}}
@page{size:A4;margin:15mm}
`;

const SUMMARY_HEADERS = ['Target', 'Verdict', 'Modes', 'Result'] as const;
const MODE_HEADERS = LABELS.modesTable;
const CLIENT_HEADERS = ['Client', 'Outcome', 'Why'] as const;

/** A cell that names its column: on a phone the table stacks its rows, each cell under its column's name. */
function td(label: string, html: string, cls?: string): string {
  return `<td data-label="${label}"${cls ? ` class="${cls}"` : ''}>${html}</td>`;
}

function summaryTable(reports: TargetReport[]): string {
  const rows = reports.map(
    ({ name, document, gate }, i) =>
      `<tr>${td(SUMMARY_HEADERS[0], `<a href="#target-${i + 1}">${x(name)}</a>`)}${td(SUMMARY_HEADERS[1], x(document.verdict.label), document.verdict.verdict)}${td(
        SUMMARY_HEADERS[2],
        x(
          attemptedModes(document.modes)
            .map((m) => `${m.label} ${m.status.replace('_', ' ')}`)
            .join(', '),
        ),
      )}${td(SUMMARY_HEADERS[3], gate.passed ? 'pass' : `fail: ${x([...new Set(gate.failures.map((f) => f.code))].join(', '))}`, gate.passed ? 'ok' : 'failed')}</tr>`,
  );
  return `<section><h2>Summary</h2><table class="stack"><thead><tr>${SUMMARY_HEADERS.map((label) => `<th>${label}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function targetSection(
  report: TargetReport,
  index: number,
  { failOn, command }: { failOn: string; command: CommandName },
  several: boolean,
): string {
  const top = report.document;
  const parts = [`<section id="target-${index + 1}">`];
  if (several) parts.push(`<h2>${x(report.name)}</h2>`);
  parts.push(
    `<p><span class="badge ${top.verdict.verdict}">${x(top.verdict.label)}</span> ${x(top.verdict.summary)}</p>`,
  );
  const documents = addressDocuments(top);
  // The client summary answers "who does it hit?" on the first screen: over every address when there are several, and each address says its own below.
  parts.push(`<p><strong>Clients:</strong> ${x(top.clientSummary)}</p>`);
  for (const document of documents) parts.push(addressSection(document, documents.length > 1));
  if (top.exitCode !== undefined && top.exitReason)
    parts.push(
      `<p class="dim">${x(exitWords({ code: top.exitCode, reason: top.exitReason }, failOn, command === 'demo' ? 'demo' : 'own'))}.</p>`,
    );
  parts.push('</section>');
  return parts.join('\n');
}

function addressSection(document: ReportDocument, several: boolean): string {
  const software = softwareLabel(document.control.software);
  const parts: string[] = [];
  if (several) {
    const own = document.verdict;
    parts.push(
      `<h3>${x(document.address)} <span class="badge ${own.verdict}">${x(own.label)}</span></h3>`,
      `<p><strong>Clients over ${x(document.address)}:</strong> ${x(document.clientSummary)}</p>`,
    );
  }
  parts.push(
    `<p class="dim"><code>${x(document.target.input)}</code> · ${x(software)} · ${x(document.target.anonymous ? 'anonymous' : document.target.user)}</p>`,
  );
  // As a person reads a ticket: what is wrong and what to change first, then the picture, then the steps.
  if (document.findings.length) {
    parts.push('<h3>Findings</h3>');
    for (const f of document.findings) {
      parts.push(
        `<div class="finding ${f.severity}"><strong>${x(f.severity)} · <code>${x(f.code)}</code></strong> ${codeSpans(x(f.title))}<p>${codeSpans(x(f.explanation))}</p><p><strong>Fix${f.fixFor ? ` (${x(f.fixFor)})` : ''}:</strong> ${codeSpans(x(f.fix))}</p>${f.evidence.length ? `<pre>${x(f.evidence.join('\n'))}</pre>` : ''}</div>`,
      );
    }
  }
  const firewall = firewallSentences(document);
  if (firewall.length)
    parts.push(
      `<h3>${x(REPORT_LINES.firewallHeading)}</h3><ul>${firewall.map((sentence) => `<li>${x(sentence)}</li>`).join('')}</ul>`,
    );
  const notTested = notTestedGroups(document.modes);
  if (notTested.length)
    parts.push(`<p><strong>Not tested:</strong> ${x(notTested.map((g) => `${g.labels}: ${g.reason}`).join('; '))}</p>`);
  parts.push(overview(document));
  const modes = attemptedModes(document.modes);
  if (modes.length) {
    parts.push(
      `<h3>Modes</h3><table class="stack"><thead><tr>${LABELS.modesTable.map((label) => `<th>${label}</th>`).join('')}</tr></thead><tbody>`,
    );
    for (const mode of modes) {
      const where = mode.connection
        ? `${mode.connection.direction === 'inbound' ? '← ' : ''}${mode.connection.host}${mode.connection.port ? `:${mode.connection.port}` : ''}${mode.connection.notAdvertised ? ' (not the address the server named)' : ''}`
        : '';
      parts.push(
        `<tr>${td(MODE_HEADERS[0], mode.label)}${td(MODE_HEADERS[1], mode.serverSaid ? `<code>${x(mode.serverSaid)}</code>` : '')}${td(MODE_HEADERS[2], x(where))}${td(MODE_HEADERS[3], x(mode.outcome), mode.status)}${td(MODE_HEADERS[4], mode.timed ? `${mode.durationMs} ms` : '')}</tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  parts.push(
    `<h3>Which clients work</h3><table class="stack"><thead><tr>${CLIENT_HEADERS.map((label) => `<th>${label}</th>`).join('')}</tr></thead><tbody>`,
  );
  for (const row of document.clients)
    parts.push(
      `<tr>${td(CLIENT_HEADERS[0], x(row.client))}${td(CLIENT_HEADERS[1], `${x(CLIENT_WORDS.outcomes[row.outcome])}${row.setting ? ` (<code>${x(row.setting)}</code>)` : ''}`, CLIENT_CLASS[row.outcome])}${td(CLIENT_HEADERS[2], x(row.why))}</tr>`,
    );
  parts.push(`</tbody></table><p class="dim">${x(clientVantage(document.source !== undefined))}</p>`);
  for (const mode of modes) if (mode.status !== 'not_tested') parts.push(sequence(document, mode));
  if (document.transcript.length)
    parts.push(
      `<details><summary>Transcript (${document.transcript.length} lines)</summary><pre>${x(document.transcript.map(transcriptLine).join('\n'))}</pre></details>`,
    );
  return parts.join('\n');
}

const CLIENT_CLASS = {
  works: 'ok',
  fails: 'failed',
  'works-with-setting': 'degraded',
  'could-not-tell': 'inconclusive',
  'not-supported': 'not_tested',
} as const;

function transcriptLine(entry: TranscriptEntry): string {
  const time = entry.t === undefined ? '' : `+${(entry.t / 1000).toFixed(3)}s`;
  const mark = entry.kind === 'sent' ? '→' : entry.kind === 'received' ? '←' : '·';
  return `${time.padStart(9)}  ${entry.channel.padEnd(16)} ${mark} ${entry.text}`;
}

const ARROW: Record<ModeResult['status'], string> = {
  ok: 'arrow-ok',
  refused: 'arrow-bad',
  rejected: 'arrow-bad',
  error: 'arrow-bad',
  timeout: 'arrow-warn',
  unsupported: 'arrow-none',
  not_tested: 'arrow-none',
};

/** This machine, any NAT seen on either side, the server, and one arrow per data connection, with the same words in a list. */
function overview(document: ReportDocument): string {
  const picture = document.source ? LABELS.picture.analysis : LABELS.picture.probe;
  const modes = attemptedModes(document.modes).filter((m) => m.status !== 'not_tested');
  const clientNat = document.vantage.behindNat;
  const advertised = modes.find((m) => m.advertised?.unusualScope)?.advertised;
  const serverNat = advertised !== undefined;
  const width = 640;
  const rowHeight = 28;
  const top = 74;
  // Each arrow's label wraps instead of being cut; a row grows by its extra lines.
  const labels = modes.map((mode) => wrapWords(`${mode.label}: ${arrowWords(mode)}`, 64));
  const height =
    top +
    labels.reduce((sum, lines) => sum + rowHeight + (lines.length - 1) * SVG_LINE, 0) +
    (modes.length === 0 ? rowHeight : 0) +
    20;
  const boxes: string[] = [];
  const box = (cx: number, label: string, sub: string): void => {
    boxes.push(
      `<rect class="box" x="${cx - 70}" y="8" width="140" height="46" rx="6"/><text x="${cx}" y="27" text-anchor="middle" font-weight="600">${x(label)}</text><text x="${cx}" y="44" text-anchor="middle">${x(sub)}</text>`,
    );
  };
  const clientX = 80;
  const serverX = width - 80;
  box(
    clientX,
    picture.self,
    `${document.vantage.localAddress ?? 'address unknown'}${document.vantage.localScope ? ` (${document.vantage.localScope})` : ''}`,
  );
  if (clientNat) box(230, picture.nat, 'translates addresses');
  if (serverNat) box(width - 230, 'NAT (server side)', `inside: ${advertised?.host ?? ''}`);
  box(serverX, 'Server', document.control.address || 'address not shown');
  const arrows: string[] = [];
  const items: string[] = [];
  let rowTop = top;
  modes.forEach((mode, i) => {
    const lines = labels[i] ?? [];
    const y = rowTop + 10 + (lines.length - 1) * SVG_LINE;
    rowTop += rowHeight + (lines.length - 1) * SVG_LINE;
    const inbound = mode.connection?.direction === 'inbound' || mode.mode === 'active' || mode.mode === 'eprt';
    const [from, to] = inbound ? [serverX - 70, clientX + 70] : [clientX + 70, serverX - 70];
    const words = arrowWords(mode);
    arrows.push(
      `<line class="${ARROW[mode.status]}" x1="${from}" y1="${y}" x2="${to}" y2="${y}" stroke-width="2.5" marker-end="url(#head)"/><text x="${width / 2}" y="${y - 4 - (lines.length - 1) * SVG_LINE}" text-anchor="middle">${svgLines(lines, width / 2)}</text>`,
    );
    items.push(
      `<li class="${mode.status}"><strong>${mode.label}</strong> (${inbound ? picture.inbound : picture.outbound}): ${x(words)}</li>`,
    );
  });
  const label = `Who connected to whom: ${items.length} data connection${items.length === 1 ? '' : 's'}`;
  return `<div class="picture"><div class="scroll"><svg role="img" aria-label="${x(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>${boxes.join('')}${arrows.join('')}</svg></div><ul aria-label="The data connections, in words">${items.join('') || '<li>No data connection was tried.</li>'}</ul></div>`;
}

/** An arrow's label: the outcome in words, as the mode's status and phase say. */
function arrowWords(mode: ModeResult): string {
  const seconds = `${(mode.durationMs / 1000).toFixed(1)} s`;
  const other = mode.connection?.notAdvertised
    ? `, reached ${mode.connection.host} instead of ${mode.advertised?.host ?? 'the address named'}`
    : '';
  switch (mode.status) {
    case 'ok':
      return `listed${other}`;
    case 'refused':
      return `refused${other}`;
    case 'timeout':
      return `${mode.timed ? `no answer for ${seconds}` : 'no answer'}${other}`;
    case 'rejected':
      return `rejected by the server${mode.serverSaid ? `: ${mode.serverSaid}` : ''}`;
    case 'unsupported':
      return 'not supported by the server';
    default:
      return `${mode.status.replace('_', ' ')} (${mode.phase})`;
  }
}

/** One sequence diagram per mode: client and server lanes (a NAT lane when one is seen), the steps that matter with their times, a hang as a gap. */
function sequence(document: ReportDocument, mode: ModeResult): string {
  const entries = modeEntries(document.transcript, mode);
  if (entries.length === 0) return '';
  const nat = document.vantage.behindNat || attemptedModes(document.modes).some((m) => m.advertised?.unusualScope);
  const lanes = nat
    ? [
        { name: 'Client', x: 90 },
        { name: 'NAT', x: 320 },
        { name: 'Server', x: 550 },
      ]
    : [
        { name: 'Client', x: 120 },
        { name: 'Server', x: 520 },
      ];
  const clientX = lanes[0]!.x;
  const serverX = lanes.at(-1)!.x;
  const rows: string[] = [];
  let y = 50;
  let previous = entries[0]?.t;
  for (const entry of entries) {
    if (entry.t !== undefined && previous !== undefined && entry.t - previous >= GAP_MS) {
      const seconds = ((entry.t - previous) / 1000).toFixed(1);
      rows.push(
        `<line class="gap" x1="${clientX}" y1="${y - 6}" x2="${clientX}" y2="${y + 22}" stroke-width="3"/><text x="${clientX + 10}" y="${y + 12}" class="timeout">waited ${seconds} s</text>`,
      );
      y += 32;
    }
    previous = entry.t ?? previous;
    const time = entry.t === undefined ? '' : `+${(entry.t / 1000).toFixed(2)}s`;
    // Text is wrapped, never cut: each further line moves the rows below down.
    if (entry.kind === 'event') {
      const lines = wrapWords(`${time} ${entry.channel.split(':')[0]}: ${entry.text}`, 80);
      rows.push(`<text x="${clientX + 10}" y="${y}" class="dim">${svgLines(lines, clientX + 10)}</text>`);
      y += (lines.length - 1) * SVG_LINE;
    } else {
      const lines = wrapWords(entry.text, 56);
      const arrowY = y + (lines.length - 1) * SVG_LINE;
      const [from, to] = entry.kind === 'sent' ? [clientX, serverX] : [serverX, clientX];
      rows.push(
        `<line class="arrow-none" x1="${from}" y1="${arrowY}" x2="${to}" y2="${arrowY}" stroke-width="1.5" marker-end="url(#head-${mode.mode})"/><text x="${(clientX + serverX) / 2}" y="${y - 4}" text-anchor="middle">${svgLines(lines, (clientX + serverX) / 2)}</text><text x="4" y="${arrowY + 4}" class="dim">${x(time)}</text>`,
      );
      y = arrowY;
    }
    y += 26;
  }
  const height = y + 10;
  const laneLines = lanes
    .map(
      (lane) =>
        `<text x="${lane.x}" y="20" text-anchor="middle" font-weight="600">${lane.name}</text><line class="lane" x1="${lane.x}" y1="28" x2="${lane.x}" y2="${height - 5}"/>`,
    )
    .join('');
  return `<h3>${mode.label}: step by step</h3><div class="scroll"><svg role="img" aria-label="${x(`${mode.label}: ${arrowWords(mode)}`)}" viewBox="0 0 640 ${height}" width="640" height="${height}" xmlns="http://www.w3.org/2000/svg"><defs><marker id="head-${mode.mode}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>${laneLines}${rows.join('')}</svg></div>`;
}

/** A silence this long is drawn as a gap. */
const GAP_MS = 1000;
const MAX_STEPS = 24;

/** The transcript lines of one mode: its own connections, or the first connection from its command on. */
function modeEntries(transcript: TranscriptEntry[], mode: ModeResult): TranscriptEntry[] {
  const own = transcript.filter(
    (e) => e.channel.endsWith(`:${mode.mode}`) && !/^(USER|PASS)/.test(e.text) && !/^(220|331|230)/.test(e.text),
  );
  const command = { passive: 'PASV', epsv: 'EPSV', active: 'PORT', eprt: 'EPRT' }[mode.mode];
  const start = transcript.findIndex((e) => e.channel === 'control' && e.kind === 'sent' && e.text.startsWith(command));
  const main: TranscriptEntry[] = [];
  if (start >= 0) {
    for (const entry of transcript.slice(start)) {
      if (
        entry.channel === 'control' &&
        entry.kind === 'sent' &&
        main.length > 0 &&
        !/^(LIST|NLST|MLSD)/.test(entry.text)
      )
        break;
      if (entry.channel === 'control') main.push(entry);
    }
  }
  return [...main, ...own].sort((a, b) => (a.t ?? 0) - (b.t ?? 0)).slice(0, MAX_STEPS);
}

/** `code` in catalogue text, already escaped, shown as code rather than as backticks. */
function codeSpans(escaped: string): string {
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

const SVG_LINE = 14;

/** Words laid into lines of at most `width` characters; a longer word is split, never dropped. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest.length > 0;) {
      const room = line ? width - line.length - 1 : width;
      if (rest.length <= room) {
        line = line ? `${line} ${rest}` : rest;
        rest = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

function svgLines(lines: string[], xAt: number): string {
  return lines.map((line, i) => `<tspan x="${xAt}" dy="${i === 0 ? 0 : SVG_LINE}">${x(line)}</tspan>`).join('');
}
