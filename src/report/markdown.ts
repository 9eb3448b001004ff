import { CLIENT_WORDS } from '../diagnose/words/client-matrix-words.js';
import type { DescribedFinding } from '../diagnose/finding.js';
import { addressDocuments } from './document.js';
import { attemptedModes, notTestedGroups } from './modes.js';
import type { TargetReport } from './targets.js';
import { firewallSentences } from './firewall-words.js';
import { REPORT_LINES } from '../diagnose/words/report-lines.js';

const SEVERITY_MARK = { error: '✖', warning: '▲', info: 'ℹ' } as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One finding in Markdown: its heading, explanation, fix and evidence. */
export function markdownFinding(finding: DescribedFinding): string[] {
  return [
    `#### ${SEVERITY_MARK[finding.severity]} \`${finding.code}\` ${finding.title}`,
    '',
    finding.explanation,
    '',
    `**Fix${finding.fixFor ? ` (${finding.fixFor})` : ''}:** ${finding.fix}`,
    '',
    ...(finding.evidence.length > 0 ? ['```', ...finding.evidence, '```', ''] : []),
  ];
}

/** Markdown for pasting into a ticket or a CI job summary. */
export function renderMarkdown(reports: TargetReport[], command: string): string {
  const parts: string[] = [];
  if (reports.length > 1) {
    parts.push(`## ftp-doctor ${command}`, '', '| Target | Verdict | Modes | Result |', '|---|---|---|---|');
    for (const { name, document, gate } of reports) {
      const modes = attemptedModes(document.modes)
        .map((m) => `${m.label} ${m.status}`)
        .join(', ');
      parts.push(
        `| ${cell(name)} | ${document.verdict.label} | ${cell(modes)} | ${gate.passed ? 'pass' : `**fail** (${gate.failures.map((f) => f.code).join(', ')})`} |`,
      );
    }
    parts.push('');
  }
  for (const { name, document: top } of reports)
    for (const document of addressDocuments(top)) {
      const software =
        document.control.software.id === 'unknown'
          ? 'unknown server software'
          : `${document.control.software.name} ${document.control.software.version ?? ''}`.trim();
      const several = (top.alsoProbed?.length ?? 0) > 0;
      const verdict = document.verdict;
      parts.push(
        `### ${cell(name)}${several ? ` (${document.address})` : ''}: ${verdict.label}`,
        '',
        `\`${document.target.input}\` · ${software} · ${document.startedAt}`,
        '',
      );
      const attempted = attemptedModes(document.modes);
      if (attempted.length > 0) {
        parts.push('| Mode | Server said | Connected to | Result | Time |', '|---|---|---|---|---|');
        for (const mode of attempted) {
          const connected = mode.connection
            ? `${mode.connection.direction === 'inbound' ? '← ' : ''}${mode.connection.host}:${mode.connection.port}`
            : '';
          parts.push(
            `| ${mode.label} | ${cell(mode.serverSaid ?? '')} | ${cell(connected)} | ${cell(mode.outcome)}${mode.reason ? `: ${cell(mode.reason)}` : ''} | ${mode.timed ? `${mode.durationMs} ms` : ''} |`,
          );
        }
        parts.push('');
      }
      for (const finding of document.findings) {
        parts.push(...markdownFinding(finding));
      }
      const firewall = firewallSentences(document);
      if (firewall.length) parts.push(`**${REPORT_LINES.firewallHeading}:** ${firewall.join(' ')}`, '');
      parts.push(
        `**Clients:** ${document.clientSummary}`,
        '',
        '| Client | Outcome | Why |',
        '|---|---|---|',
        ...document.clients.map(
          (row) =>
            `| ${cell(row.client)} | ${CLIENT_WORDS.outcomes[row.outcome]}${row.setting ? ` (${cell(row.setting)})` : ''} | ${cell(row.why)} |`,
        ),
        '',
      );
      const notTested = notTestedGroups(document.modes);
      if (notTested.length > 0)
        parts.push(`**Not tested:** ${notTested.map((g) => `${g.labels}: ${cell(g.reason)}`).join('; ')}`, '');
      parts.push(
        `**${several ? `Verdict for ${document.address}` : 'Verdict'}:** ${verdict.label}: ${verdict.summary}`,
        '',
      );
      if (several && document === addressDocuments(top).at(-1))
        parts.push(`**Verdict:** ${top.verdict.label}: ${top.verdict.summary}`, '');
    }
  return `${parts.join('\n')}`;
}
