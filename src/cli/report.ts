import { diagnose } from '../diagnose/diagnose.js';
import type { ProbeRecord } from '../probe/record.js';
import { buildDocument, combineDocuments, type ReportDocument } from '../report/document.js';
import { redactDocument } from '../report/redact.js';
import { renderText } from '../report/text.js';
import { exitCodeFor, type FailOn } from './exit-code.js';

export interface ReportOptions {
  format: 'text' | 'json';
  failOn: FailOn;
  redact: boolean;
  transcript: boolean;
  colour: boolean;
  width: number;
}

/** Diagnoses recorded probes and renders them; returns the output and the exit code. */
export function reportProbes(records: ProbeRecord[], options: ReportOptions): { output: string; exitCode: number; document: ReportDocument } {
  const documents = records.map((record) => buildDocument(record, diagnose(record)));
  const severities = documents.flatMap((document) => document.findings.map((finding) => finding.severity));
  const interrupted = records.some((record) => record.interrupted);
  const exitCode = exitCodeFor(severities, options.failOn, interrupted);
  let document = combineDocuments(documents, exitCode);
  if (options.redact) document = redactDocument(document);
  const output =
    options.format === 'json'
      ? `${JSON.stringify(document, null, 2)}\n`
      : renderText(document, { colour: options.colour, width: options.width, transcript: options.transcript, failOn: options.failOn });
  return { output, exitCode, document };
}
