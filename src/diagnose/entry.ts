import type { SoftwareId } from '../protocol/software.js';

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

/** Clients whose logs get fixes of their own (the name analyze gives the client). */
export type LogClientName = 'Windows ftp.exe';
