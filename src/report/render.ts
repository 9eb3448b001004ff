import type { FailOn } from '../diagnose/exit-code.js';
import { renderGithub } from './github.js';
import { renderHtml } from './html.js';
import { renderNagios } from './nagios.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { CommandName, TargetReport } from './targets.js';
import { renderText } from './text.js';
import { printableDeep } from './printable.js';

import { FORMATS, type Format } from './formats.js';

export { FORMATS, type Format };

export interface ReportOptions {
  format: Format;
  failOn: FailOn;
  redact: boolean;
  transcript: boolean;
  colour: boolean;
  width: number;
  /** ASCII marks instead of symbols: Windows' legacy console cannot show them. */
  ascii?: boolean;
  /** Write the chosen format here; the terminal gets the text report. */
  output?: string;
}

export type { CommandName };

/** One format of a probe's or a check's reports. */
export function render(
  format: Format,
  given: TargetReport[],
  options: ReportOptions & { command: CommandName },
  checkJson?: () => unknown,
): string {
  if (format === 'json') return `${JSON.stringify(checkJson ? checkJson() : given[0]?.document, null, 2)}\n`;
  // Text from servers and files is shown escaped in every format but JSON, which keeps it exact.
  const reports = printableDeep(given);
  switch (format) {
    case 'junit':
      return renderJunit(reports);
    case 'markdown':
      return renderMarkdown(reports, options.command);
    case 'github':
      return renderGithub(reports);
    case 'html':
      return renderHtml(reports, { command: options.command, failOn: options.failOn });
    case 'nagios':
      return renderNagios(reports);
    case 'text':
      return reports
        .map((r) =>
          renderText(r.document, {
            colour: options.colour,
            width: options.width,
            transcript: options.transcript,
            failOn: options.failOn,
            demo: options.command === 'demo',
            ...(options.ascii ? { ascii: true } : {}),
          }),
        )
        .join('\n');
  }
}
