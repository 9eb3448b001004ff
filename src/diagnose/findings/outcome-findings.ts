import type { FindingEntry } from '../entry.js';

/** A probe's outcome as a whole: its deadline, all modes fine, an expectation unmet. */
export const OUTCOME_FINDINGS = {
  PROBE_DEADLINE_REACHED: {
    severity: 'info',
    role: 'not-tested',
    title: 'The probe stopped at its deadline of {deadlineS} s',
    explanation:
      'Not every step finished before the overall deadline (--deadline), so some results are incomplete. Steps cut short are reported as not tested: the probe ran out of time, which says nothing about the server.',
    fix: 'Probe again with a longer `--deadline`.',
  },
  ALL_MODES_OK: {
    severity: 'info',
    role: 'informational',
    title: 'Every tested data mode works',
    explanation: 'Each tested mode produced a complete listing from this vantage point: {modes}.',
    fix: 'Nothing to do.',
  },
  EXPECTED_OK: {
    severity: 'error',
    role: 'degrades',
    title: '{modeName} was expected to work and ended {status}',
    explanation:
      'The targets file says {modeName} must work for this target ({modeKey}: ok), and it did not: {detail}.',
    fix: 'See the other findings about {modeName} for the cause; if this mode may fail from here, write {modeKey}: fail (or any) under expect.',
  },
} as const satisfies Record<string, FindingEntry>;
