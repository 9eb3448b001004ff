import type { DataMode } from '../record/record.js';
import type { FindingCode } from './findings/catalogue.js';

import { SEVERITY_ORDER, type CatalogueEntry, type Severity } from './entry.js';

export { SEVERITY_ORDER, type CatalogueEntry, type Severity };

/** What a rule found: a code from the catalogue, the values its wording needs, and the wire evidence. */
export interface Finding {
  code: FindingCode;
  /** Where the evidence changes how serious it is (a certificate the user accepted with --insecure); otherwise the catalogue's. */
  severity?: Severity;
  mode?: DataMode;
  params: Record<string, string>;
  evidence: string[];
}

/** A finding with its catalogue wording filled in for the detected server software. */
export interface DescribedFinding {
  code: FindingCode;
  severity: Severity;
  mode?: DataMode;
  title: string;
  explanation: string;
  fix: string;
  /** The values the wording was filled with (a port, an address, a setting's name): data, so no consumer parses prose. */
  params: Record<string, string>;
  /** The server software the fix is written for, when it is specific. */
  fixFor?: string;
  evidence: string[];
  /** For a deployment audit: the file and line the finding is about (GitHub annotates it there). */
  location?: { file: string; line?: number };
  /** For a name with several addresses, at the top level of the report: the address this finding is about. */
  address?: string;
  family?: 4 | 6;
}
