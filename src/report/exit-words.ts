import { EXIT_WORDS } from '../diagnose/catalogue.js';
import type { ExitDecision } from '../diagnose/exit-code.js';
import { fill } from '../diagnose/template.js';

/** "Exit code 1 (findings at or above --fail-on=error)": the decision as it arrived, in the catalogue's words. */
export function exitWords(exit: ExitDecision, failOn: string): string {
  return `Exit code ${exit.code} (${fill(EXIT_WORDS[exit.reason], { failOn })})`;
}
