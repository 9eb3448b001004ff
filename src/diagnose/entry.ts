import type { SoftwareId } from '../protocol/software.js';
import type { AlertName } from './findings/alert-rules.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** A finding's words: the catalogue holds one per code. */
export interface CatalogueEntry {
  severity: Severity;
  title: string;
  explanation: string;
  /** The fix when the server software is unknown or has no entry of its own. */
  fix: string;
  fixFor?: Partial<Record<Exclude<SoftwareId, 'unknown'>, string>>;
  /** In a log's analysis, the fix for the user of the client that wrote it, where that client limits what can be done. */
  fixForClient?: Partial<Record<LogClientName, string>>;
  /** In a log's or a capture's analysis: the words where the probe's own ("this machine", its flags) would not be true. */
  inAnalysis?: Partial<Pick<CatalogueEntry, 'title' | 'explanation' | 'fix'>>;
}

/**
 * What a finding does to its verdict (verdict.ts reads it, with each pipeline's threshold):
 * - blocks: no client gets in at all (the control port closed, the login refused): an audit fails on it;
 * - degrades: something fails for some clients or modes, at or above the pipeline's severity threshold;
 * - workaround: listings work only because clients replace what the server says: degraded, whatever the severity;
 * - informational: says what is fine or how things are; never changes the verdict;
 * - not-tested: says what could not be tested, and why; never a failure.
 */
export const FINDING_ROLES = ['blocks', 'degrades', 'workaround', 'informational', 'not-tested'] as const;
export type FindingRole = (typeof FINDING_ROLES)[number];

/** What a finding changes in the client matrix (clients.ts): the facts a client rule reads beyond the modes. */
export type ClientEffect = 'tls-reuse-required' | 'reply-refused-by-curl';

/** A finding as the catalogue holds it: its words, its role in the verdict, and what it raises elsewhere. */
export interface FindingEntry extends CatalogueEntry {
  role: FindingRole;
  /** The Prometheus alert it raises (monitoring/ftp-doctor.rules.yml), if any. */
  alert?: AlertName;
  clients?: ClientEffect;
}

/** Clients whose logs get fixes of their own (the name analyze gives the client). */
export type LogClientName = 'Windows ftp.exe';
