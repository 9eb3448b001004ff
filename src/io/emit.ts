import { UsageError } from '../input/usage-error.js';
import type { Format, ReportOptions } from '../report/render.js';
import type { CliIO } from './io.js';

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
      io.stderr.write(
        `ftp-doctor: cannot write the job summary to ${summary}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
      );
    }
  }
}
