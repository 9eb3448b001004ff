import { EXIT_LEAD, EXIT_WORDS, FAILED_EXIT_WORDS } from '../diagnose/words/exit-words.js';
import type { ExitDecision } from '../diagnose/exit-code.js';
import { fill } from '../diagnose/template.js';

/** "Exit code 1 (findings at or above --fail-on=error)": the decision as it arrived, in the catalogue's words. */
export function exitWords(
  exit: ExitDecision,
  failOn: string,
  lead: keyof typeof EXIT_LEAD = 'own',
  command?: keyof typeof FAILED_EXIT_WORDS,
): string {
  const words =
    exit.reason === 'failed' && command ? FAILED_EXIT_WORDS[command] : fill(EXIT_WORDS[exit.reason], { failOn });
  return `${fill(EXIT_LEAD[lead], { code: String(exit.code) })} (${words})`;
}
