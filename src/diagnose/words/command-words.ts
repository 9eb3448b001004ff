/** Live progress on a terminal (never in pipes). */
export const PROGRESS_WORDS = {
  idle: '{address} idle test: {elapsed} s of {max} s, {alive} connections alive',
} as const;

/** The demo's own lines. */
export const DEMO_WORDS = {
  waits:
    'The demo waits at most {demoTimeout} at each step, so that it ends quickly; a probe of your own waits --timeout ({defaultTimeout} by default).',
  closing: 'These were local demo servers on 127.0.0.1. Probe your own with: {invokedAs} probe ftp.example.com',
} as const;

/** A check's summary: its table's headers and its closing line, about the targets. */
export const CHECK_WORDS = {
  headers: ['Target', 'Verdict', 'Modes', 'Result'],
  pass: 'pass',
  fail: 'FAIL: {codes}',
  closing: '{passed} of {total} targets pass (their expectations, and --fail-on={failOn}).',
  failedGates: '{failed} of {total} targets failed their gate',
} as const;
