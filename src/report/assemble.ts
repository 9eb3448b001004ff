import { diagnose } from '../diagnose/diagnose.js';
import { exitCodeFor, type FailOn } from '../diagnose/exit-code.js';
import { gate, type Expectations } from '../diagnose/gate.js';
import type { ProbeRecord } from '../record/record.js';
import { buildDocument, combineDocuments, type ReportDocument } from './document.js';
import { redactDocument } from './redact.js';
import type { TargetReport } from './targets.js';

/** Diagnoses one target's records (several addresses of a name) and decides whether it passes. */
export function targetReport(name: string, records: ProbeRecord[], options: { failOn: FailOn; redact: boolean }, expectations?: Expectations): TargetReport {
  const documents = records.map((record) => buildDocument(record, diagnose(record, expectations)));
  const gates = documents.map((document) => gate(document.findings, options.failOn, expectations));
  const failures = gates.flatMap((g) => g.failures);
  const exitCode = exitCodeFor([{ passed: failures.length === 0 }], records.some((record) => record.interrupted));
  let document: ReportDocument = combineDocuments(documents, exitCode);
  if (options.redact) document = redactDocument(document);
  return { name, document, gate: { passed: failures.length === 0, failures } };
}

export function exitCodeOf(reports: TargetReport[]): number {
  return exitCodeFor(reports.map((r) => r.gate), reports.some((r) => r.document.interrupted));
}
