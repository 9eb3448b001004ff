import type { DescribedFinding } from '../diagnose/finding.js';
import { addressDocuments } from './document.js';
import type { TargetReport } from './targets.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

// Workflow commands end at a newline; these escapes are the documented ones.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One finding as a GitHub Actions annotation, under the given title. */
export function githubAnnotation(finding: DescribedFinding, title: string): string {
  // A finding about a line of a file (a compose file, a manifest) is annotated there.
  const at = finding.location
    ? `file=${escapeProperty(finding.location.file)},${finding.location.line !== undefined ? `line=${finding.location.line},` : ''}`
    : '';
  return `::${LEVEL[finding.severity]} ${at}title=${escapeProperty(title)}::${escapeData(`${finding.title}\n${finding.explanation}\nFix: ${finding.fix}`)}`;
}

/** GitHub Actions workflow commands: one annotation per finding. */
export function renderGithub(reports: TargetReport[]): string {
  const lines: string[] = [];
  for (const { name, document } of reports) {
    const several = (document.alsoProbed?.length ?? 0) > 0;
    for (const { address, findings } of addressDocuments(document))
      for (const finding of findings) {
        const title = `${finding.code} (${name}${several ? ` ${address}` : ''})`;
        lines.push(githubAnnotation(finding, title));
      }
  }
  return `${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
