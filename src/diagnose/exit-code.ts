import type { ExitReason, VerdictName } from './vocabulary.js';
import type { Severity } from './finding.js';
import type { GateResult } from './gate.js';

export type FailOn = Severity | 'none';

/** The exit codes, documented in one table in the README. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3, inconclusive: 4, interrupted: 130 } as const;

export type { ExitReason };

export interface ExitDecision {
  code: number;
  reason: ExitReason;
}

/** One target's outcome as the exit code sees it. */
export interface TargetOutcome {
  gate: GateResult;
  verdict: VerdictName;
  interrupted: boolean;
}

/**
 * The exit-code contract, for a probe (one target) and a check (many):
 * 130 when interrupted; else 1 when a target fails its gate (a failed verdict,
 * a finding at or above --fail-on its expectations do not accept, an unmet
 * expectation); else 4 when a target is inconclusive; else 0. Failed and
 * inconclusive never exit 0, whatever --fail-on says.
 */
export function exitDecision(outcomes: TargetOutcome[]): ExitDecision {
  if (outcomes.some((o) => o.interrupted)) return { code: EXIT.interrupted, reason: 'interrupted' };
  const failures = outcomes.flatMap((o) => o.gate.failures);
  if (failures.length > 0) {
    const reason: ExitReason = failures.some((f) => f.code === 'VERDICT_FAILED')
      ? 'failed'
      : failures.some((f) => f.code === 'EXPECTED_OK')
        ? 'expectation'
        : 'findings';
    return { code: EXIT.findings, reason };
  }
  if (outcomes.some((o) => o.verdict === 'inconclusive')) return { code: EXIT.inconclusive, reason: 'inconclusive' };
  return { code: EXIT.ok, reason: 'passed' };
}

/** The Monitoring Plugins states, and their exit codes. */
export const NAGIOS_STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
export type NagiosState = (typeof NAGIOS_STATES)[number];

/**
 * The plugin guidelines' state of one target, in step with its gate: interrupted → UNKNOWN; inconclusive →
 * CRITICAL when the deadline cut it (the guidelines treat timeouts as critical), else UNKNOWN; a failed gate →
 * CRITICAL for a failed verdict or an unmet expectation, else WARNING (a finding at or above --fail-on); a passed
 * gate → OK, except a degraded verdict that no expectation accepted → WARNING.
 */
export function nagiosState(
  outcome: TargetOutcome & { deadlineHit: boolean; expectationsGiven?: boolean },
): NagiosState {
  if (outcome.interrupted) return 'UNKNOWN';
  if (outcome.verdict === 'inconclusive') return outcome.deadlineHit ? 'CRITICAL' : 'UNKNOWN';
  if (!outcome.gate.passed)
    return outcome.gate.failures.some((f) => f.code === 'VERDICT_FAILED' || f.code === 'EXPECTED_OK')
      ? 'CRITICAL'
      : 'WARNING';
  return outcome.verdict === 'degraded' && !outcome.expectationsGiven ? 'WARNING' : 'OK';
}

/** The worst state of several targets (a check), and its exit code: 0, 1, 2, 3. */
export function nagiosExit(states: NagiosState[]): { state: NagiosState; code: number } {
  const order: NagiosState[] = ['CRITICAL', 'WARNING', 'UNKNOWN', 'OK'];
  const state = order.find((candidate) => states.includes(candidate)) ?? 'UNKNOWN';
  return { state, code: NAGIOS_STATES.indexOf(state) };
}

/** The process's exit code: the Monitoring Plugins state for --format nagios, else the contract's code. One rule for every command. */
export function processExitCode(format: string, nagios: () => number, code: number): number {
  return format === 'nagios' ? nagios() : code;
}
