import Table from 'cli-table3';
import type { ExitDecision } from '../diagnose/exit-code.js';
import { CHECK_WORDS } from '../diagnose/words/command-words.js';
import { EXIT_LEAD } from '../diagnose/words/exit-words.js';
import { fill } from '../diagnose/template.js';
import { exitWords } from './exit-line.js';
import type { TargetReport } from './targets.js';
import { BORDERLESS_TABLE, createStyle, wrapText } from './style.js';

/** The summary table of a check: one row per target, as wide as the terminal; the closing line speaks of targets. */
export function renderCheckSummary(
  reports: TargetReport[],
  colour: boolean,
  failOn: string,
  exit: ExitDecision,
  width = 100,
): string {
  const style = createStyle(colour);
  const rows = reports.map(({ name, document, gate }) => {
    const modes = document.modes
      .filter((m) => m.reasonCode !== 'not-requested')
      .map((m) => `${m.label} ${m.status === 'ok' ? 'ok' : m.status.replace('_', ' ')}`)
      .join(', ');
    const result = gate.passed
      ? CHECK_WORDS.pass
      : fill(CHECK_WORDS.fail, { codes: [...new Set(gate.failures.map((f) => f.code))].join(', ') });
    return { name, verdict: document.verdict.label, modes, result, passed: gate.passed };
  });
  // Columns share the width: names and verdicts as they are (up to a limit), modes and results wrap.
  const gaps = 8;
  const nameWidth = Math.min(Math.max(8, ...rows.map((r) => r.name.length)) + 2, 32);
  const verdictWidth = 15;
  const rest = Math.max(30, width - gaps - nameWidth - verdictWidth);
  const resultWidth = Math.min(Math.max(8, ...rows.map((r) => r.result.length)) + 2, Math.floor(rest / 2));
  const table = new Table({
    head: [...CHECK_WORDS.headers],
    ...BORDERLESS_TABLE,
    colWidths: [nameWidth, verdictWidth, rest - resultWidth, resultWidth],
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  for (const row of rows)
    table.push([row.name, row.verdict, row.modes, row.passed ? style.green(row.result) : style.red(row.result)]);
  const failed = rows.filter((r) => !r.passed).length;
  const total = String(reports.length);
  const closing = fill(CHECK_WORDS.closing, { passed: String(reports.length - failed), total, failOn });
  const exitLine =
    exit.code === 1 && failed > 0
      ? `${fill(EXIT_LEAD.own, { code: '1' })} (${fill(CHECK_WORDS.failedGates, { failed: String(failed), total })})`
      : exitWords(exit, failOn);
  const line = wrapText(`${closing} ${exitLine}.`, width, '');
  return `${table.toString()}\n\n${failed ? style.red(line) : style.green(line)}\n`;
}
