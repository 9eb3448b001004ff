import type { FindingRole } from '../entry.js';
import type { FindingArea } from '../findings/catalogue.js';

/** Each area of findings as docs/findings.md heads it. */
export const AREA_TITLES: Record<FindingArea, string> = {
  control: 'The control connection',
  tls: 'TLS',
  data: 'Data connections',
  transfer: 'Listings and transfers',
  idle: 'Idle control connections',
  'dual-stack': 'IPv4 and IPv6',
  capture: 'What a capture shows',
  audit: 'Host audit',
  deployment: 'Deployment audit (compose, Kubernetes)',
  network: 'Network test',
  outcome: 'Outcome',
};

/** What each role does to a verdict, in words (docs/findings.md). */
export const ROLE_WORDS: Record<FindingRole, string> = {
  blocks: 'no client gets in at all: an audit whose every checked family has it fails',
  degrades: "some clients or modes fail: at or above the command's threshold the verdict is at best degraded",
  workaround: 'listings work only because clients replace what the server says: degraded',
  informational: 'how things are; never changes the verdict',
  'not-tested': 'what could not be tested, and why; never a failure',
};

/** What makes a command's verdict failed (docs/findings.md), by its pipeline's rule. */
export const FAILS_WORDS: Record<'nothing-lists' | 'blocked-everywhere', string> = {
  'nothing-lists': 'no mode (or test) worked, and one broke or a finding counts',
  'blocked-everywhere': 'a blocking finding holds in every family checked (anywhere, for a deployment)',
};
