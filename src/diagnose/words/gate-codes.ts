/** Codes a gate prints (check, the exporter's success, JUnit) that are not findings: explainable like them. */
export const GATE_CODES = {
  VERDICT_FAILED: {
    title: 'The verdict is failed, and this target does not allow every mode to fail',
    explanation:
      'No requested data mode produced a listing, for reasons the findings name. A target passes its gate with a failed verdict only when its targets file (or exporter module) expects every requested mode may fail (`expect: { passive: fail, ... }`).',
    fix: 'Fix what the findings name; if this target is expected to fail from this vantage point, say so under `expect:` for each mode it probes.',
  },
} as const satisfies Record<string, { title: string; explanation: string; fix: string }>;

export type GateCode = keyof typeof GATE_CODES;
