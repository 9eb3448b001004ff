/** The names the contract is made of: verdicts, exit reasons and why a mode was not tested. Stable: scripts read them. */

export const VERDICT_NAMES = ['ok', 'degraded', 'failed', 'inconclusive'] as const;
export type VerdictName = (typeof VERDICT_NAMES)[number];

export const EXIT_REASONS = ['passed', 'findings', 'failed', 'expectation', 'inconclusive', 'interrupted'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/**
 * Why a mode was not tested: the tool's own limits and choices, never the server's fault.
 * A mode the server made impossible (refused login, closed connection) is "stopped-earlier",
 * and the finding that stopped it says why.
 */
export const NOT_TESTED_REASONS = [
  'deadline',
  'interrupted',
  'not-requested',
  'not-applicable',
  'not-shown-in-log',
  'stopped-earlier',
] as const;
export type NotTestedReason = (typeof NOT_TESTED_REASONS)[number];
