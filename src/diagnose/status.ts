import { isPassive } from '../record/derive.js';
import type { ModeObservation, WaitOutcome } from '../record/record.js';
import { replyMessage, type Reply } from '../protocol/reply.js';
import type { NotTestedReason } from './vocabulary.js';

/** The documented set of mode statuses. */
export type ModeStatus = 'ok' | 'refused' | 'timeout' | 'rejected' | 'unsupported' | 'error' | 'not_tested';

/** Reasons that leave the question open: the probe was asked to test the mode and ran out of time. */
export const INCONCLUSIVE_REASONS: readonly NotTestedReason[] = ['deadline', 'interrupted'];
/** Modes nobody asked about, that cannot apply, or that a log's client never tried: they do not count towards the verdict. */
export const UNCOUNTED_REASONS: readonly NotTestedReason[] = ['not-requested', 'not-applicable', 'not-shown-in-log'];

export const MODE_LABELS = { passive: 'PASV', epsv: 'EPSV', active: 'PORT', eprt: 'EPRT' } as const;

const NOT_UNDERSTOOD =
  /not understood|not implemented|unknown command|unrecognized|not recognized|invalid command|command not|unsupported|not supported/i;

/** EPSV/EPRT answered in a way that means the server does not implement the command. */
export function meansUnsupported(reply: Reply): boolean {
  return (
    reply.code === 502 ||
    reply.code === 504 ||
    reply.code === 522 ||
    ((reply.code === 500 || reply.code === 501) && NOT_UNDERSTOOD.test(replyMessage(reply)))
  );
}

/** A wait the probe's own deadline or Ctrl-C ended: nothing was learned about the server from it. */
function cutShort(outcome: string | undefined): boolean {
  return outcome === 'deadline' || outcome === 'interrupted';
}

export function waitStatus(outcome: WaitOutcome | 'garbage'): ModeStatus {
  if (outcome === 'timeout') return 'timeout';
  if (outcome === 'refused') return 'refused';
  if (cutShort(outcome)) return 'not_tested';
  return 'error';
}

export function modeStatus(observation: ModeObservation): ModeStatus {
  const { mode, command } = observation;
  if (observation.notTested || !command) return 'not_tested';
  if (!command.reply) return waitStatus(command.outcome);
  if (command.reply.code >= 400) {
    return (mode === 'epsv' || mode === 'eprt') && meansUnsupported(command.reply) ? 'unsupported' : 'rejected';
  }
  if (observation.malformed) return 'error';
  if (isPassive(mode) && observation.dataConnect && observation.dataConnect.outcome !== 'ok') {
    return waitStatus(observation.dataConnect.outcome);
  }
  const list = observation.list;
  if (!list) return 'error';
  if (!list.reply) return waitStatus(list.outcome);
  if (list.reply.code >= 400) return list.reply.code === 426 ? 'error' : 'rejected';
  if (observation.accept && observation.accept.outcome !== 'ok') return waitStatus(observation.accept.outcome);
  const transfer = observation.transfer;
  if (transfer && cutShort(transfer.end)) return 'not_tested';
  if (transfer?.end === 'timeout') return 'timeout';
  if (transfer?.end === 'reset') return 'error';
  const completion = observation.completion;
  if (!completion) return 'error';
  if (!completion.reply) return waitStatus(completion.outcome);
  return completion.reply.code < 400 ? 'ok' : 'error';
}

/** Why a mode was not tested, as a code; undefined when it was tested. */
export function notTestedReason(observation: ModeObservation, fromLog: boolean): NotTestedReason | undefined {
  const marked = observation.notTested?.reason;
  if (marked === 'deadline' || marked === 'interrupted') return marked;
  if (marked === 'family') return 'not-applicable';
  if (marked) return 'stopped-earlier';
  if (!observation.command) return fromLog ? 'not-shown-in-log' : 'stopped-earlier';
  if (modeStatus(observation) !== 'not_tested') return undefined;
  const waits = [
    observation.command.outcome,
    observation.dataConnect?.outcome,
    observation.list?.outcome,
    observation.accept?.outcome,
    observation.transfer?.end,
    observation.completion?.outcome,
  ];
  return waits.includes('interrupted') ? 'interrupted' : 'deadline';
}
