import { EXIT_LEAD, EXIT_WORDS } from '../diagnose/catalogue.js';
import type { ExitDecision } from '../diagnose/exit-code.js';
import { fill } from '../diagnose/template.js';

/** "Exit code 1 (findings at or above --fail-on=error)": the decision as it arrived, in the catalogue's words. */
export function exitWords(exit: ExitDecision, failOn: string, lead: keyof typeof EXIT_LEAD = 'own'): string {
  return `${fill(EXIT_LEAD[lead], { code: String(exit.code) })} (${fill(EXIT_WORDS[exit.reason], { failOn })})`;
}
