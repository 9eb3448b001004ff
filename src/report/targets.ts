import type { GateResult } from '../diagnose/gate.js';
import type { ReportDocument } from './document.js';

/** One target's report and whether it passed, as every machine format renders it. */
export interface TargetReport {
  name: string;
  document: ReportDocument;
  gate: GateResult;
  /** The target's own expectations (a check's expect:) decided what passes. */
  expectationsGiven?: boolean;
}

/** Which command's reports these are: headings name it. */
export type CommandName = 'probe' | 'check' | 'analyze' | 'demo';
