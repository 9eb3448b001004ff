import type { IdleObservation, ProbeRecord } from '../../record/record.js';
import type { Finding } from '../finding.js';
import { PHRASES } from '../words/rule-phrases.js';
import { finding, seconds } from './helpers.js';

/** Whose timer forgets an idle control connection, with the bounds the waits found. */
export interface IdleSummary {
  maxS: number;
  /** The longest wait that was made and asked: less than maxS when connections could not be opened. */
  measuredS?: number;
  /** The longest wait the connection survived, and the shortest after which it was gone. */
  survivedS?: number;
  droppedS?: number;
  whose: 'path' | 'server' | 'none' | 'unknown';
  /** TCP keepalive kept the connection through the longest wait (undefined: not shown). */
  keepaliveHelps?: boolean;
}

const PATH = new Set(['path-reset', 'path-silent']);
const SERVER = new Set(['server-closed', 'closed']);

export function idleSummary(idle: IdleObservation): IdleSummary {
  const plain = idle.connections.filter((c) => !c.keepalive);
  const measured = plain.filter((c) => c.outcome !== 'not-opened' && c.outcome !== 'stopped');
  const survived = measured.filter((c) => c.outcome === 'survived').map((c) => c.idleMs);
  const gone = measured.filter((c) => c.outcome !== 'survived');
  const survivedMs = survived.length > 0 ? Math.max(...survived) : undefined;
  // Gone before its wait was over (a 421 at the server's timer) counts from when it went; gone at the NOOP, from its wait.
  const goneAt = (c: (typeof gone)[number]): number => Math.min(c.idleMs, c.atMs ?? c.idleMs);
  const first = [...gone].sort((a, b) => goneAt(a) - goneAt(b))[0];
  const keepalive = idle.connections.find((c) => c.keepalive);
  const maxS = Math.round(idle.maxMs / 1000);
  const summary: IdleSummary = {
    maxS,
    ...(measured.length > 0 ? { measuredS: Math.round(Math.max(...measured.map((c) => c.idleMs)) / 1000) } : {}),
    ...(survivedMs !== undefined ? { survivedS: Math.round(survivedMs / 1000) } : {}),
    whose: measured.length === 0 ? 'unknown' : !first ? 'none' : PATH.has(first.outcome) ? 'path' : 'server',
  };
  if (first) summary.droppedS = Math.round(goneAt(first) / 1000);
  if (
    first &&
    PATH.has(first.outcome) &&
    keepalive &&
    keepalive.outcome !== 'not-opened' &&
    keepalive.outcome !== 'stopped'
  )
    // Kept past the path's timer: still answering NOOP, or closed later by the server's own timer (its 421 got through).
    summary.keepaliveHelps = !PATH.has(keepalive.outcome);
  return summary;
}

/** --idle: who forgot the idle control connection, and what keeps it. */
export function idleRules(record: ProbeRecord, software: string): Finding[] {
  const idle = record.idle;
  if (!idle) return [];
  const summary = idleSummary(idle);
  const found: Finding[] = [];
  const max = `${summary.maxS} s`;
  if (summary.whose === 'unknown') {
    const why = idle.connections.some((c) => c.outcome === 'stopped') ? PHRASES.idleStopped : PHRASES.idleNotOpened;
    return [finding('CONTROL_IDLE_NOT_MEASURED', { max, why })];
  }
  if (summary.whose === 'none') {
    const notOpened = idle.connections.filter((c) => c.outcome === 'not-opened').length;
    const partly = notOpened > 0 ? PHRASES.idlePartly.replace('{count}', String(notOpened)) : '';
    return [finding('CONTROL_IDLE_HELD', { max: `${summary.measuredS ?? summary.maxS} s`, partly })];
  }
  const survived = summary.survivedS !== undefined ? `${summary.survivedS} s` : PHRASES.idleNothingSurvived;
  const dropped = `${summary.droppedS} s`;
  const evidence = idle.connections
    .filter((c) => !c.keepalive)
    .map((c) => `${seconds(c.idleMs)} s idle: ${PHRASES.idleOutcome[c.outcome]}${c.reply ? ` (${c.reply})` : ''}`);
  if (summary.whose === 'server') {
    const closed = idle.connections.find((c) => SERVER.has(c.outcome));
    found.push(
      finding(
        'CONTROL_IDLE_SERVER_TIMEOUT',
        { software, survived, dropped, how: closed?.reply ? `"${closed.reply}"` : PHRASES.idleClosedWithout421 },
        evidence,
      ),
    );
    return found;
  }
  const how = PHRASES.idleOutcome[idle.connections.find((c) => PATH.has(c.outcome))?.outcome ?? 'path-silent'];
  const half = `${Math.max(1, Math.floor((summary.droppedS ?? 2) / 2))} s`;
  found.push(finding('CONTROL_IDLE_DROPPED_BY_PATH', { survived, dropped, how, half }, evidence));
  const keepalive = idle.connections.find((c) => c.keepalive);
  if (summary.keepaliveHelps !== undefined && keepalive?.keepalive) {
    const every = `${seconds(keepalive.keepalive.afterMs)} s`;
    found.push(
      summary.keepaliveHelps
        ? finding('CONTROL_IDLE_KEEPALIVE_HELPS', { every, dropped })
        : finding('CONTROL_IDLE_KEEPALIVE_NOT_ENOUGH', { every, max }),
    );
  }
  return found;
}
