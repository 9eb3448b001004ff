import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { IdleObservation, IdleOutcome } from '../../src/record/record.js';
import { healthyRecord } from '../support/records.js';

/** Waits of 2.5 to 14 s (as --idle 14 makes them), each with its outcome, and the keepalive one at 14 s. */
function idle(outcomes: IdleOutcome[], keepalive: IdleOutcome, atMs?: number): IdleObservation {
  const waits = [2500, 3500, 4900, 7000, 9900, 14000];
  return {
    maxMs: 14000,
    connections: [
      ...waits.map((idleMs, i) => ({
        idleMs,
        outcome: outcomes[i]!,
        ...(outcomes[i] === 'server-closed' ? { atMs: atMs ?? idleMs, reply: '421 Timeout.' } : {}),
      })),
      { idleMs: 14000, keepalive: { afterMs: 1250 }, outcome: keepalive },
    ],
  };
}

const diagnosed = (observation: IdleObservation) => diagnose({ ...healthyRecord(), idle: observation });
const codes = (observation: IdleObservation) =>
  diagnosed(observation)
    .findings.map((f) => f.code)
    .filter((code) => code.startsWith('CONTROL_IDLE'))
    .sort();

describe('idle control connections', () => {
  const S: IdleOutcome = 'survived';
  it('silence without a 421 after 7 s, keepalive through: the path, with its bounds; keepalive helps', () => {
    const observation = idle([S, S, S, S, 'path-silent', 'path-silent'], 'survived');
    assert.deepEqual(codes(observation), ['CONTROL_IDLE_DROPPED_BY_PATH', 'CONTROL_IDLE_KEEPALIVE_HELPS']);
    const d = diagnosed(observation);
    assert.deepEqual([d.idle?.whose, d.idle?.survivedS, d.idle?.droppedS], ['path', 7, 10]);
    const dropped = d.findings.find((f) => f.code === 'CONTROL_IDLE_DROPPED_BY_PATH')!;
    assert.equal(dropped.severity, 'error');
    assert.match(dropped.title, /between 7 s and 10 s/);
    assert.match(dropped.fix, /every 5 s or less/);
  });
  it('a reset without a 421 is the path too; a keepalive dropped as well is not enough', () => {
    assert.deepEqual(codes(idle([S, S, 'path-reset', 'path-reset', 'path-reset', 'path-reset'], 'path-silent')), [
      'CONTROL_IDLE_DROPPED_BY_PATH',
      'CONTROL_IDLE_KEEPALIVE_NOT_ENOUGH',
    ]);
  });
  it("a 421 is the server's own timer, timed from when it came, with its directive", () => {
    const observation = idle([S, S, S, 'server-closed', 'server-closed', 'server-closed'], 'server-closed', 6000);
    assert.deepEqual(codes(observation), ['CONTROL_IDLE_SERVER_TIMEOUT']);
    const d = diagnosed(observation);
    assert.deepEqual([d.idle?.whose, d.idle?.survivedS, d.idle?.droppedS], ['server', 5, 6]);
  });
  it('both timers: the shorter one is named (the path at 7 s, before the server at 10 s)', () => {
    const observation = idle([S, S, S, 'path-silent', 'path-silent', 'path-silent'], 'server-closed');
    assert.deepEqual(codes(observation), ['CONTROL_IDLE_DROPPED_BY_PATH', 'CONTROL_IDLE_KEEPALIVE_HELPS']);
  });
  it('all held: CONTROL_IDLE_HELD; nothing made: CONTROL_IDLE_NOT_MEASURED, never a failure', () => {
    assert.deepEqual(codes(idle([S, S, S, S, S, S], S)), ['CONTROL_IDLE_HELD']);
    const none = idle(
      ['not-opened', 'not-opened', 'not-opened', 'not-opened', 'not-opened', 'not-opened'],
      'not-opened',
    );
    assert.deepEqual(codes(none), ['CONTROL_IDLE_NOT_MEASURED']);
    assert.equal(diagnosed(none).idle?.whose, 'unknown');
  });
});
