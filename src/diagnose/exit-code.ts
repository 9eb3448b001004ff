import type { Severity } from './finding.js';

export type FailOn = Severity | 'none';

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3, interrupted: 130 } as const;

/** 0: every target passed (nothing at or above --fail-on that its expectations allow); 1: one did not; 130: interrupted. */
export function exitCodeFor(results: Array<{ passed: boolean }>, interrupted: boolean): number {
  if (interrupted) return EXIT.interrupted;
  return results.every((result) => result.passed) ? EXIT.ok : EXIT.findings;
}
