import Table from 'cli-table3';
import type { ExitDecision } from '../diagnose/exit-code.js';
import { exitWords } from './exit-words.js';
import type { TargetReport } from './targets.js';
import { BORDERLESS_TABLE, createStyle } from './style.js';

/** The summary table of a check: one row per target. */
export function renderCheckSummary(reports: TargetReport[], colour: boolean, failOn: string, exit: ExitDecision): string {
  const style = createStyle(colour);
  const table = new Table({
    head: ['Target', 'Verdict', 'Modes', 'Result'],
    ...BORDERLESS_TABLE,
  });
  for (const { name, document, gate } of reports) {
    const modes = document.modes.filter((m) => m.reasonCode !== 'not-requested').map((m) => `${m.label} ${m.status === 'ok' ? 'ok' : m.status.replace('_', ' ')}`).join(', ');
    const result = gate.passed ? style.green('pass') : style.red(`FAIL: ${[...new Set(gate.failures.map((f) => f.code))].join(', ')}`);
    table.push([name, document.verdict.label, modes, result]);
  }
  const failed = reports.filter((r) => !r.gate.passed).length;
  const line = `${reports.length - failed} of ${reports.length} targets pass (expectations, and --fail-on=${failOn}). ${exitWords(exit, failOn)}.`;
  return `${table.toString()}\n\n${failed ? style.red(line) : style.green(line)}\n`;
}
