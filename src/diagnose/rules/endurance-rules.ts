import type { ModeObservation, ProbeRecord } from '../../record/record.js';
import { replyText } from '../../protocol/reply.js';
import type { Finding } from '../finding.js';
import { MODE_LABELS, modeStatus } from '../status.js';
import { OUTCOME_WORDS } from '../words/report-lines.js';
import { PHRASES } from '../words/rule-phrases.js';
import { evidenceOf, finding } from './helpers.js';

/** --transfers N: all worked, the first that failed, or too few ran to say. */
export function enduranceRules(record: ProbeRecord): Finding[] {
  const run = record.endurance;
  if (!run) return [];
  const values = {
    modeName: MODE_LABELS[run.mode],
    command: run.command,
    asked: String(run.asked),
    worked: String(run.worked),
  };
  if (run.failed) {
    return [
      finding(
        'TRANSFERS_FAILED_AT',
        { ...values, index: String(run.worked + 1), ending: ending(run.failed) },
        evidenceOf(run.failed.command?.reply, ...run.failed.listReplies),
        run.mode,
      ),
    ];
  }
  if (run.worked < run.asked)
    return [
      finding('TRANSFERS_NOT_FINISHED', {
        ...values,
        why: run.stopped === 'interrupted' ? PHRASES.transfersInterrupted : PHRASES.transfersDeadline,
      }),
    ];
  const perSecond = run.ms > 0 ? (run.worked * 1000) / run.ms : 0;
  const pace = perSecond > 0 ? PHRASES.transfersPace.replace('{pace}', perSecond.toFixed(1)) : PHRASES.rateUnknown;
  return [finding('TRANSFERS_OK', { ...values, pace })];
}

/** How the failing transfer ended, in a few words: the server's refusal, or the phase that failed and how. */
function ending(observation: ModeObservation): string {
  const refusal = [observation.command?.reply, observation.list?.reply, observation.completion?.reply].find(
    (reply) => reply !== undefined && reply.code >= 400,
  );
  if (refusal) return `"${replyText(refusal).replace(/\n/g, ' / ')}"`;
  return OUTCOME_WORDS.failed
    .replace('{status}', modeStatus(observation))
    .replace('{phaseWords}', OUTCOME_WORDS.phases[observation.phase]);
}
