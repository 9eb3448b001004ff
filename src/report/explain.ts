import { CATALOGUE } from '../diagnose/findings/catalogue.js';
import { GATE_CODES, type GateCode } from '../diagnose/words/gate-codes.js';
import { PARAM_WORDS } from '../diagnose/words/param-words.js';
import { FINDINGS_BY_AREA, type FindingArea, type FindingCode } from '../diagnose/findings/catalogue.js';
import { AREA_TITLES, FAILS_WORDS, ROLE_WORDS } from '../diagnose/words/finding-words.js';
import { PIPELINES } from '../diagnose/verdict.js';
import type { FindingEntry } from '../diagnose/entry.js';
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
  const areas = (Object.keys(FINDINGS_BY_AREA) as FindingArea[]).flatMap((area) => {
    const entries = Object.entries(FINDINGS_BY_AREA[area]) as Array<[FindingCode, FindingEntry]>;
    return [
      `## ${AREA_TITLES[area]}`,
      '',
      '| Code | Severity | Role | Title |',
      '|---|---|---|---|',
      ...entries.map(
        ([code, entry]) =>
          `| ${code} | ${entry.severity} | ${entry.role} | ${inWords(entry.title).replace(/\|/g, '\\|')} |`,
      ),
      '',
    ];
  });
  const thresholds = Object.entries(PIPELINES).map(
    ([pipeline, rule]) => `| ${pipeline} | ${rule.countsFrom} | ${FAILS_WORDS[rule.fails]} |`,
  );
  return [
    '# Finding codes',
    '',
    'Stable identifiers: scripts may match on them. `ftp-doctor explain CODE` prints the full text of one, with its fixes for each server software. Words in [brackets] stand for what a report shows in their place.',
    '',
    "Severity follows who must act: **error** for the server or its network (a private 227 address, a passive range that is not forwarded), **warning** for this machine's vantage point (this machine is behind NAT, so active mode cannot work from here) and for things that work but break some clients, **info** for what is worth knowing. A few findings change severity with the evidence: TLS_CERT_INVALID is a warning once `--insecure` accepted the certificate, and TLS_NOT_OFFERED an error when `--tls explicit` demanded TLS.",
    '',
    "A finding's **role** is what it does to the verdict:",
    '',
    ...Object.entries(ROLE_WORDS).map(([role, words]) => `- **${role}**: ${words}.`),
    '',
    'Each command judges with one threshold: the severity from which a finding that blocks, degrades or needs a workaround counts, and what makes the verdict failed (a log or a capture is judged as a probe is):',
    '',
    '| Command | Counts from | Failed when |',
    '|---|---|---|',
    ...thresholds,
    '',
    ...areas,
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
