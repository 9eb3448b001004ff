import type { FailOn } from '../diagnose/exit-code.js';
import type { ParsedCommandLine } from '../input/command-line.js';
import type { Format, ReportOptions } from '../report/render.js';
import type { CliIO } from './io.js';

/** Colour only on a terminal; NO_COLOR and FORCE_COLOR are honoured (no-color.org, force-color.org). */
export function useColour(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

/** How and where to write the report, from the command line and the terminal. */
export function reportOptions(line: ParsedCommandLine, io: CliIO): ReportOptions {
  return {
    format: line.json ? 'json' : (line.format as Format),
    failOn: line['fail-on'] as FailOn,
    redact: line.redact,
    transcript: line.transcript,
    colour: useColour(io.env, Boolean(io.stdout.isTTY)),
    width: Math.max(60, Math.min(io.stdout.columns ?? 100, 120)),
    // Windows' legacy console (conhost) cannot show ✖ ▲ ℹ; Windows Terminal (WT_SESSION) and VS Code can.
    ...(io.platform === 'win32' && !io.env.WT_SESSION && !io.env.TERM_PROGRAM ? { ascii: true } : {}),
    ...(line.output !== undefined ? { output: line.output } : {}),
  };
}
