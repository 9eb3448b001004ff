/**
 * Property-based: the probe against a server misbehaving at every phase.
 * A quick run here; `npm run fuzz` runs many thousands (FUZZ_RUNS).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { FtpTestServer } from '../../src/demo/ftp-server.js';
import { systemClock } from '../../src/probe/clock.js';
import { ALL_MODES } from '../../src/record/record.js';
import { probe } from '../../src/probe/runner.js';
import { nodeTransport } from '../../src/probe/transport.js';
import { buildDocument } from '../../src/report/document.js';
import { renderText } from '../../src/report/text.js';
import { violations } from '../support/net-guard.js';
import { behaviour, scriptFor } from '../fuzz/behaviours.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const TIMEOUT_MS = 150;
const DEADLINE_MS = 900;
// Timers fire a little late on a loaded machine; past this the probe has overrun.
const MARGIN_MS = 400;
const HEAP_CAP_BYTES = 256 * 1024 * 1024;

const unexpected: unknown[] = [];
const onError = (error: unknown): void => void unexpected.push(error);
process.on('unhandledRejection', onError);
process.on('uncaughtException', onError);
after(() => {
  process.off('unhandledRejection', onError);
  process.off('uncaughtException', onError);
});

describe('fuzz: hostile and broken servers', () => {
  it(`${RUNS} scripted misbehaviours: always a report, within the deadline, bounded, loopback only, no password`, { timeout: RUNS * 5000 }, async () => {
    await fc.assert(
      fc.asyncProperty(behaviour, async (b) => {
        const server = await new FtpTestServer(scriptFor(b)).start();
        try {
          const started = performance.now();
          const records = await probe(
            {
              target: { input: server.address, host: server.host, port: server.port, user: 'fuzz', anonymous: false },
              password: b.password,
              settings: { modes: [...ALL_MODES], timeoutMs: TIMEOUT_MS, greetingTimeoutMs: TIMEOUT_MS, deadlineMs: DEADLINE_MS, tryAdvertised: false, listingCapBytes: 256 * 1024 },
              allAddresses: false,
            },
            { transport: nodeTransport, clock: systemClock, toolVersion: 'fuzz' },
          );
          const elapsed = performance.now() - started;
          assert.equal(records.length, 1);
          const record = records[0]!;
          const document = buildDocument(record, diagnose(record));
          const outputs = [JSON.stringify(document), renderText(document, { colour: false, width: 100, transcript: true, failOn: 'error' })];
          assert.ok(elapsed <= DEADLINE_MS + MARGIN_MS, `took ${Math.round(elapsed)} ms`);
          for (const output of outputs) assert.ok(!output.includes(b.password), 'the password appears in the report');
          assert.ok(record.transcript.length <= 2001);
          assert.ok(process.memoryUsage().heapUsed < HEAP_CAP_BYTES, 'heap above its cap');
          assert.deepEqual(violations, [], 'a connection outside loopback was attempted');
          assert.deepEqual(unexpected, [], 'an uncaught exception or unhandled rejection');
        } finally {
          await server.stop();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});
