import { diagnose } from '../diagnose/diagnose.js';
import { exitDecision, type ExitDecision, type FailOn } from '../diagnose/exit-code.js';
import { gate, type Expectations } from '../diagnose/gate.js';
import { combinedVerdict } from '../diagnose/verdict.js';
import type { ProbeRecord } from '../record/record.js';
import { buildDocument, combineDocuments } from './document.js';
import { redactDocument, redactNames } from './redact.js';
import type { TargetReport } from './targets.js';

/**
 * Diagnoses one target's records (several addresses of a name), decides
 * whether it passes and its exit code, and carries all of it as data.
 */
export function targetReport(
  name: string,
  recorded: ProbeRecord[],
  options: { failOn: FailOn; redact: boolean },
  expectations?: Expectations,
): TargetReport {
  const records = options.redact ? recorded.map(redactNames) : recorded;
  const documents = records.map((record) =>
    buildDocument(
      record,
      diagnose(
        record,
        expectations,
        records.filter((other) => other !== record),
      ),
    ),
  );
  const verdict = combinedVerdict(
    documents.map((document) => ({ address: document.control.address, verdict: document.verdict })),
  );
  if (!verdict) throw new Error('no probe results to report');
  const failures = records.flatMap((record, i) => {
    const document = documents[i]!;
    // The target's verdict is the combined one: an address that fails while another lists does not fail the target by itself.
    const failures = gate(document.findings, verdict, options.failOn, expectations, record.settings.modes).failures;
    return records.length > 1 ? failures.map((failure) => ({ ...failure, address: document.address })) : failures;
  });
  const targetGate = { passed: failures.length === 0, failures };
  const exit = exitDecision([
    { gate: targetGate, verdict: verdict.verdict, interrupted: records.some((record) => record.interrupted) },
  ]);
  let document = combineDocuments(documents, verdict, exit);
  if (options.redact) document = redactDocument(document);
  const expectationsGiven = Boolean(expectations?.allow?.length || Object.keys(expectations?.modes ?? {}).length);
  return { name, document, gate: targetGate, ...(expectationsGiven ? { expectationsGiven } : {}) };
}

/** The exit code of a probe or a check: the contract in diagnose/exit-code.ts over every target. */
export function exitOf(reports: TargetReport[]): ExitDecision {
  return exitDecision(
    reports.map((r) => ({ gate: r.gate, verdict: r.document.verdict.verdict, interrupted: r.document.interrupted })),
  );
}
