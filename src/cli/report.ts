import { diagnose } from '../diagnose/diagnose.js';
import { gate, type Expectations } from '../diagnose/gate.js';
import type { ProbeRecord } from '../probe/record.js';
import { buildDocument, combineDocuments, type ReportDocument } from '../report/document.js';
import { renderGithub } from '../report/github.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { redactDocument } from '../report/redact.js';
import type { TargetReport } from '../report/targets.js';
import { renderText } from '../report/text.js';
import { exitCodeFor, type FailOn } from './exit-code.js';
import type { CliIO } from './io.js';
import { UsageError } from './errors.js';

export type Format = 'text' | 'json' | 'junit' | 'markdown' | 'github';

export interface ReportOptions {
  format: Format;
  failOn: FailOn;
  redact: boolean;
  transcript: boolean;
  colour: boolean;
  width: number;
  /** Write the chosen format here; the terminal gets the text report. */
  output?: string;
}

/** Diagnoses one target's records (several addresses of a name) and decides whether it passes. */
export function targetReport(name: string, records: ProbeRecord[], options: ReportOptions, expectations?: Expectations): TargetReport {
  const documents = records.map((record) => buildDocument(record, diagnose(record)));
  const gates = documents.map((document) => gate(document.findings, document.modes, options.failOn, expectations));
  const failures = gates.flatMap((g) => g.failures);
  const exitCode = exitCodeFor([{ passed: failures.length === 0 }], records.some((record) => record.interrupted));
  let document: ReportDocument = combineDocuments(documents, exitCode);
  if (options.redact) document = redactDocument(document);
  return { name, document, gate: { passed: failures.length === 0, failures } };
}

export function exitCodeOf(reports: TargetReport[]): number {
  return exitCodeFor(reports.map((r) => r.gate), reports.some((r) => r.document.interrupted));
}

/** One format of a probe's or a check's reports. */
export function render(format: Format, reports: TargetReport[], options: ReportOptions, checkJson?: () => unknown): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(checkJson ? checkJson() : reports[0]?.document, null, 2)}\n`;
    case 'junit':
      return renderJunit(reports);
    case 'markdown':
      return renderMarkdown(reports);
    case 'github':
      return renderGithub(reports);
    case 'text':
      return reports.map((r) => renderText(r.document, { colour: options.colour, width: options.width, transcript: options.transcript, failOn: options.failOn })).join('\n');
  }
}

/**
 * Writes the reports: the chosen format to --output (the terminal then shows
 * text) or to standard output; with --format github, a job summary too.
 */
export function emit(io: CliIO, options: ReportOptions, renderAs: (format: Format, colour: boolean) => string): void {
  if (options.output) {
    try {
      io.writeFile(options.output, renderAs(options.format, false));
    } catch (error) {
      throw new UsageError(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    io.stdout.write(renderAs('text', options.colour));
  } else {
    io.stdout.write(renderAs(options.format, options.colour));
  }
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (options.format === 'github' && summary) {
    try {
      io.appendFile(summary, `${renderAs('markdown', false)}\n`);
    } catch (error) {
      io.stderr.write(`ftp-doctor: cannot write the job summary to ${summary}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    }
  }
}
