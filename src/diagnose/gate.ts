import type { DataMode } from '../probe/record.js';
import type { FindingCode } from './codes.js';
import type { ModeResult } from './diagnose.js';
import { SEVERITY_ORDER, type DescribedFinding, type Severity } from './finding.js';

export type ModeExpectation = 'ok' | 'fail' | 'any';

/** What a target is allowed to do: per-mode outcomes, and finding codes that are accepted. */
export interface Expectations {
  modes?: Partial<Record<DataMode, ModeExpectation>>;
  allow?: FindingCode[];
}

export interface GateFailure {
  mode?: DataMode;
  code: string;
  title: string;
  detail: string;
}

export interface GateResult {
  passed: boolean;
  failures: GateFailure[];
}

/**
 * Whether a target passes: no finding at or above --fail-on that its
 * expectations do not allow, and every mode expected to work works.
 */
export function gate(findings: DescribedFinding[], modes: ModeResult[], failOn: Severity | 'none', expectations: Expectations = {}): GateResult {
  const failures: GateFailure[] = [];
  const expected = expectations.modes ?? {};
  for (const finding of findings) {
    if (failOn === 'none' || SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[failOn]) continue;
    if (expectations.allow?.includes(finding.code)) continue;
    const modeExpectation = finding.mode ? expected[finding.mode] : undefined;
    if (modeExpectation === 'fail' || modeExpectation === 'any') continue;
    failures.push({ ...(finding.mode ? { mode: finding.mode } : {}), code: finding.code, title: finding.title, detail: `${finding.explanation}\nFix: ${finding.fix}` });
  }
  for (const mode of modes) {
    if (expected[mode.mode] === 'ok' && mode.status !== 'ok') {
      failures.push({
        mode: mode.mode,
        code: 'EXPECTED_OK',
        title: `${mode.label} was expected to work and ended ${mode.status}`,
        detail: mode.reason ?? `phase reached: ${mode.phase}`,
      });
    }
  }
  return { passed: failures.length === 0, failures };
}
