import { CATALOGUE, GATE_CODES, PARAM_WORDS, type GateCode } from '../diagnose/catalogue.js';
import { FINDING_CODES, type FindingCode } from '../diagnose/codes.js';
import type { CatalogueEntry } from '../diagnose/finding.js';

/** Catalogue text with each {parameter} replaced by what it stands for, in brackets: "[the address you reached the server at]". */
export function inWords(text: string): string {
  const words = PARAM_WORDS as Record<string, string>;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => `[${words[name] ?? name}]`);
}

/** A gate code's text, for `ftp-doctor explain`. */
export function explainGateCode(code: GateCode): string {
  const entry = GATE_CODES[code];
  return `${[`${code} (gate)`, '', entry.title, '', entry.explanation, '', `Fix: ${entry.fix}`].join('\n')}\n`;
}

/** A finding's full catalogue text, for `ftp-doctor explain`. */
export function explainCode(code: FindingCode): string {
  const entry: CatalogueEntry = CATALOGUE[code];
  const lines = [
    `${code} (${entry.severity})`,
    '',
    inWords(entry.title),
    '',
    inWords(entry.explanation),
    '',
    `Fix: ${inWords(entry.fix)}`,
  ];
  for (const [software, fix] of Object.entries(entry.fixFor ?? {})) lines.push(`Fix for ${software}: ${inWords(fix)}`);
  lines.push('', 'Words in [brackets] stand for what a report shows in their place.');
  return `${lines.join('\n')}\n`;
}

/** docs/findings.md, made from the catalogue. */
export function findingsMarkdown(): string {
  const rows = FINDING_CODES.map(
    (code) => `| ${code} | ${CATALOGUE[code].severity} | ${inWords(CATALOGUE[code].title).replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Finding codes',
    '',
    'Stable identifiers: scripts may match on them. `ftp-doctor explain CODE` prints the full text of one, with its fixes for each server software. Words in [brackets] stand for what a report shows in their place.',
    '',
    "Severity follows who must act: **error** for the server or its network (a private 227 address, a passive range that is not forwarded), **warning** for this machine's vantage point (this machine is behind NAT, so active mode cannot work from here) and for things that work but break some clients, **info** for what is worth knowing. A few findings change severity with the evidence: TLS_CERT_INVALID is a warning once `--insecure` accepted the certificate, and TLS_NOT_OFFERED an error when `--tls explicit` demanded TLS.",
    '',
    '| Code | Severity | Title |',
    '|---|---|---|',
    ...rows,
    '',
    '## Gate codes',
    '',
    '`check`, JUnit and the exporter also report why a target failed its gate when no finding says it alone:',
    '',
    '| Code | Title |',
    '|---|---|',
    ...Object.entries(GATE_CODES).map(([code, entry]) => `| ${code} | ${entry.title} |`),
    '',
  ].join('\n');
}
