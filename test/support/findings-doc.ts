import { CATALOGUE } from '../../src/diagnose/catalogue.js';
import { FINDING_CODES } from '../../src/diagnose/codes.js';

/** docs/findings.md, made from the catalogue. */
export function findingsMarkdown(): string {
  const rows = FINDING_CODES.map((code) => `| ${code} | ${CATALOGUE[code].severity} | ${CATALOGUE[code].title.replace(/\{(\w+)\}/g, '<$1>').replace(/\|/g, '\\|')} |`);
  return [
    '# Finding codes',
    '',
    'Stable identifiers: scripts may match on them. `ftp-doctor explain CODE` prints the full text of one, with its fixes for each server software.',
    '',
    'Severity follows who must act: **error** for the server or its network (a private 227 address, a passive range that is not forwarded), **warning** for this machine\'s vantage point (this machine is behind NAT, so active mode cannot work from here) and for things that work but break some clients, **info** for what is worth knowing.',
    '',
    '| Code | Severity | Title |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
