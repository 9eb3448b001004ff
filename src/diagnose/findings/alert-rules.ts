/**
 * The alerts monitoring/ftp-doctor.rules.yml ships (written from this table by
 * `npm run docs:rules`): each fires on the findings whose catalogue entry names it
 * (`alert`), and says why in these words; `for` is how long a finding must stand before it pages.
 */
export const ALERT_RULES = {
  FtpControlUnreachable: {
    severity: 'critical',
    for: '5m',
    summary: 'No FTP client can reach {{ $labels.instance }}: its control port does not answer',
  },
  FtpPassivePrivateAddress: {
    severity: 'warning',
    for: '15m',
    summary: '{{ $labels.instance }} names a private address in its 227 replies: clients that trust it hang',
  },
  FtpPassiveRangeBlocked: {
    severity: 'critical',
    for: '10m',
    summary: 'Listings on {{ $labels.instance }} hang or fail: its passive port range is blocked or not forwarded',
  },
  FtpDualStackFamilyFailing: {
    severity: 'warning',
    for: '15m',
    summary: 'One address family of {{ $labels.instance }} fails while the other works',
  },
  FtpIdleControlDropped: {
    severity: 'warning',
    for: '30m',
    summary: 'The path to {{ $labels.instance }} forgets idle control connections: long transfers never get their 226',
  },
} as const satisfies Record<string, { severity: string; for: string; summary: string }>;

/** An alert's name: a finding names the one it raises (its catalogue entry's `alert`). */
export type AlertName = keyof typeof ALERT_RULES;
