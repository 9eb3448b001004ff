import type { DataMode } from '../record/record.js';
import type { FindingCode } from './findings/catalogue.js';
import type { GateCode } from './words/gate-codes.js';
import { SEVERITY_ORDER, type DescribedFinding, type Severity } from './finding.js';
import type { Verdict } from './verdict.js';

export type ModeExpectation = 'ok' | 'fail' | 'any';

/** What a target is allowed to do: per-mode outcomes, and finding codes that are accepted. */
export interface Expectations {
  modes?: Partial<Record<DataMode, ModeExpectation>>;
  allow?: FindingCode[];
}

export interface GateFailure {
  mode?: DataMode;
  /** The address it is about, for a name probed at several. */
  address?: string;
  code: string;
  title: string;
  detail: string;
}

export interface GateResult {
  passed: boolean;
  failures: GateFailure[];
}

/**
 * Whether a target passes: not a failed verdict (unless its expectations let
 * every mode fail), no finding at or above --fail-on that its expectations do
 * not allow, and no EXPECTED_OK (a mode expected to work that did not).
 */
export function gate(
  findings: DescribedFinding[],
  verdict: Verdict,
  failOn: Severity | 'none',
  expectations: Expectations = {},
  modes: DataMode[] = [],
): GateResult {
  const failures: GateFailure[] = [];
  const expected = expectations.modes ?? {};
  const mayAllFail = modes.length > 0 && modes.every((mode) => expected[mode] === 'fail' || expected[mode] === 'any');
  if (verdict.verdict === 'failed' && !mayAllFail)
    failures.push({ code: 'VERDICT_FAILED' satisfies GateCode, title: verdict.label, detail: verdict.summary });
  for (const finding of findings) {
    // An unmet expectation is the target's own rule: it fails whatever --fail-on says.
    const expectation = finding.code === 'EXPECTED_OK';
    if (!expectation && (failOn === 'none' || SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[failOn])) continue;
    if (expectations.allow?.includes(finding.code)) continue;
    const modeExpectation = finding.mode ? expected[finding.mode] : undefined;
    if (!expectation && (modeExpectation === 'fail' || modeExpectation === 'any')) continue;
    failures.push({
      ...(finding.mode ? { mode: finding.mode } : {}),
      code: finding.code,
      title: finding.title,
      detail: `${finding.explanation}\nFix: ${finding.fix}`,
    });
  }
  return { passed: failures.length === 0, failures };
}
