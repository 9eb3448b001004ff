import { SEVERITY_ORDER, type Severity } from '../diagnose/finding.js';

export type FailOn = Severity | 'none';

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3, interrupted: 130 } as const;

/** 0: nothing at or above --fail-on; 1: findings at or above it; 130: interrupted. */
export function exitCodeFor(severities: Severity[], failOn: FailOn, interrupted: boolean): number {
  if (interrupted) return EXIT.interrupted;
  if (failOn === 'none') return EXIT.ok;
  const threshold = SEVERITY_ORDER[failOn];
  return severities.some((severity) => SEVERITY_ORDER[severity] >= threshold) ? EXIT.findings : EXIT.ok;
}
