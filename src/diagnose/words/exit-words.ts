import type { ExitReason } from '../vocabulary.js';

/** What an exit code means, for the report's last line. */
export const EXIT_WORDS: Record<ExitReason, string> = {
  passed: 'no findings at or above --fail-on={failOn}',
  findings: 'findings at or above --fail-on={failOn}',
  failed: 'no listing was possible',
  expectation: 'a mode expected to work did not',
  inconclusive: 'not everything could be tested',
  interrupted: 'interrupted',
};

/** What a failed verdict means for the commands that do not list: the audit and the network test. */
export const FAILED_EXIT_WORDS = {
  audit: 'no client can reach the control port',
  network: 'no data connection got through',
} as const;

/** How an exit line begins: the process's own code, or (in the demo, which always exits 0) what a probe of that server would return. */
export const EXIT_LEAD = {
  own: 'Exit code {code}',
  demo: 'A probe of this server alone would exit with code {code}',
} as const;

/** Which earlier step stopped a mode ("stopped-earlier"), as the probe recorded it. */
export const STOPPED_WORDS: Record<'login-failed' | 'control-failed' | 'setup-failed', string> = {
  'login-failed': 'the login was refused',
  'control-failed': 'the session could not be set up (see the findings)',
  'setup-failed': 'no further control connection could be opened',
};
