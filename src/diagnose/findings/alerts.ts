import { ALERT_RULES, type AlertName } from './alert-rules.js';
import { entryOf, FINDING_CODES, type FindingCode } from './catalogue.js';

/** Each alert with the findings that raise it, read from the catalogue (a finding names its alert). */
export const ALERTS = Object.fromEntries(
  Object.entries(ALERT_RULES).map(([name, rule]) => [
    name,
    { ...rule, codes: FINDING_CODES.filter((code) => entryOf(code).alert === name) },
  ]),
) as Record<AlertName, (typeof ALERT_RULES)[AlertName] & { codes: FindingCode[] }>;

/** Every finding alert's description: the finding's own text is one command away. */
export const ALERT_DESCRIPTION =
  '{{ $labels.code }}: `ftp-doctor explain {{ $labels.code }}` gives the cause and the fix for each server software.';

/** The alert on a probe that cannot tell, for too long: not a failure, but nothing is being watched. */
export const INCONCLUSIVE_ALERT = {
  name: 'FtpProbeInconclusive',
  severity: 'warning',
  for: '1h',
  summary: 'ftp-doctor could not test {{ $labels.instance }} for an hour (deadline, interruption, or a login it lacks)',
} as const;
