/**
 * Property-based: the probe against a server misbehaving at every phase.
 * A quick run here; `npm run fuzz` runs many thousands (FUZZ_RUNS).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { systemClock } from '../../src/record/clock.js';
import { ALL_MODES } from '../../src/record/record.js';
import { probe } from '../../src/probe/runner.js';
import { nodeTransport } from '../../src/probe/transport.js';
import { buildDocument } from '../../src/report/document.js';
import { renderText } from '../../src/report/text.js';
import { violations } from '../support/net-guard.js';
import { behaviour, scriptFor } from '../fuzz/behaviours.js';
import net from 'node:net';
import { diagnoseNetwork } from '../../src/diagnose/network-diagnosis.js';
import { testNetwork } from '../../src/probe/network-probe.js';
import { startReflector } from '../../src/commands/reflector/reflector-server.js';
import { startTestExporter } from '../support/exporter.js';

/** A smoke run in `npm test`; `npm run fuzz` runs thousands. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** `npm run fuzz:long` raises these, so that floods and dribbles last long enough to matter. */
const TIMEOUT_MS = Number(process.env.FUZZ_TIMEOUT_MS ?? 150);
const DEADLINE_MS = TIMEOUT_MS * 6;
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
  it(
    `${RUNS} scripted misbehaviours: always a report, within the deadline, bounded, loopback only, no password`,
    { timeout: RUNS * 5000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(behaviour, async (b) => {
          const server = await new FtpTestServer(scriptFor(b)).start();
          try {
            const started = performance.now();
            const records = await probe(
              {
                target: { input: server.address, host: server.host, port: server.port, user: 'fuzz', anonymous: false },
                password: b.password,
                settings: {
                  modes: [...ALL_MODES],
                  timeoutMs: TIMEOUT_MS,
                  greetingTimeoutMs: TIMEOUT_MS,
                  deadlineMs: DEADLINE_MS,
                  tryAdvertised: false,
                  listingCapBytes: 256 * 1024,
                },
                allAddresses: false,
              },
              { transport: nodeTransport, clock: systemClock, toolVersion: 'fuzz' },
            );
            const elapsed = performance.now() - started;
            assert.equal(records.length, 1);
            const record = records[0]!;
            const document = buildDocument(record, diagnose(record));
            const outputs = [
              JSON.stringify(document),
              renderText(document, { colour: false, width: 100, transcript: true, failOn: 'error' }),
            ];
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
    },
  );

  it(
    `${RUNS} misbehaving reflectors: network always reports, within its deadline, loopback only`,
    { timeout: RUNS * 5000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(behaviour, async (b) => {
          // A reflector's hello in the default greeting, so that the hostile replies come later, where network reads them.
          const script = {
            ...scriptFor(b),
            greeting: '220-fdr/1 hello source=127.0.0.1 connect-timeout-ms=100 tls=no pasv-range=any\n220 fuzz',
          };
          const server = await new FtpTestServer(script).start();
          try {
            const started = performance.now();
            const record = await testNetwork(
              {
                host: server.host,
                port: server.port,
                timeoutMs: TIMEOUT_MS,
                deadlineMs: DEADLINE_MS,
                tls: 'auto',
                insecure: false,
                startedAt: new Date(0).toISOString(),
                toolVersion: 'fuzz',
              },
              { transport: nodeTransport, clock: systemClock },
            );
            const elapsed = performance.now() - started;
            const diagnosis = diagnoseNetwork(record);
            assert.ok(['ok', 'degraded', 'failed', 'inconclusive'].includes(diagnosis.verdict.verdict));
            assert.ok(elapsed <= DEADLINE_MS + MARGIN_MS, `took ${Math.round(elapsed)} ms`);
            assert.ok(record.transcript.length <= 2001);
            assert.deepEqual(violations, [], 'a connection outside loopback was attempted');
            assert.deepEqual(unexpected, [], 'an uncaught exception or unhandled rejection');
          } finally {
            await server.stop();
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    },
  );

  it(
    `${RUNS} hostile clients of the reflector: it never falls over, and serves the next one`,
    { timeout: RUNS * 2000 },
    async () => {
      const reflector = await startReflector({
        host: '127.0.0.1',
        port: 0,
        connectTimeoutMs: 100,
        version: 'fuzz',
        log: () => undefined,
        limits: {
          sessions: 64,
          sessionsPerSource: 64,
          sessionLifetimeMs: 2000,
          commandsPerSession: 100,
          connectBacksPerSourcePerMinute: 1000,
          connectBacksPerMinute: 1000,
          idleTransferMaxMs: 2000,
        },
      });
      const line = fc.oneof(
        fc.constantFrom(
          'PORT 127,0,0,1,0,1',
          'EPRT |2|::1|1|',
          'EPRT |1|127.0.0.2|9|',
          'PASV',
          'EPSV',
          'EPSV ALL',
          'LIST',
          'AUTH TLS',
          'PROT P',
          'PBSZ 0',
          'QUIT',
          'USER x',
          'PASS y',
        ),
        fc.string({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      );
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(line, { maxLength: 12 }), async (lines) => {
            const socket = net.connect({ host: '127.0.0.1', port: reflector.address.port });
            socket.on('error', () => undefined);
            socket.on('data', () => undefined);
            await new Promise((resolve) => socket.once('connect', resolve));
            socket.write(lines.map((l) => `${l}\r\n`).join(''));
            await new Promise((resolve) => setTimeout(resolve, 20));
            socket.destroy();
            const next = net.connect({ host: '127.0.0.1', port: reflector.address.port });
            next.on('error', () => undefined);
            const greeting = await new Promise<string>((resolve) =>
              next.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))),
            );
            next.destroy();
            assert.match(greeting, /^220-fdr\/1 hello /);
            assert.deepEqual(violations, [], 'a connection outside loopback was attempted');
            assert.deepEqual(unexpected, [], 'an uncaught exception or unhandled rejection');
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
      } finally {
        await reflector.close();
      }
    },
  );
});

describe('fuzz: the exporter under arbitrary requests', () => {
  it(
    `${Math.max(20, Math.round(RUNS / 4))} requests of any shape: an answer that is not 500, and the exporter goes on`,
    { timeout: RUNS * 2000 },
    async () => {
      const exporter = await startTestExporter('allow: [127.0.0.1/32]\nmodules:\n');
      try {
        const text = fc.string({
          maxLength: 60,
          unit: fc.oneof(
            fc.constantFrom('%', '0', 'D', 'A', '&', '=', '/', '?', ':', '@', '[', ']', '#'),
            fc.string({ minLength: 1, maxLength: 1 }),
            fc.constantFrom('\u0000', '\r', '\n', '\u001b'),
          ),
        });
        const query = fc.oneof(
          text.map((t) => `/probe?target=${encodeURIComponent(t)}`),
          text.map((t) => `/probe?target=ftp://127.0.0.1:9/${encodeURIComponent(t)}&module=${encodeURIComponent(t)}`),
          text.map((t) => `/probe?target=ftp://127.0.0.1:9&${t}`),
          text.map((t) => `/${encodeURIComponent(t)}`),
        );
        await fc.assert(
          fc.asyncProperty(query, fc.oneof(fc.constant('2'), fc.string({ maxLength: 8 })), async (path, timeout) => {
            const response = await fetch(`http://127.0.0.1:${exporter.port}${path}`, {
              headers: { 'X-Prometheus-Scrape-Timeout-Seconds': timeout.replace(/[^\x20-\x7e]/g, '') },
            }).catch(() => undefined);
            if (response) {
              await response.text();
              assert.notEqual(response.status, 500, path);
            }
          }),
          { numRuns: Math.max(20, Math.round(RUNS / 4)) },
        );
        assert.equal((await exporter.get('/metrics')).status, 200);
        assert.ok(!exporter.log.some((line) => /internal error/.test(line)), exporter.log.join(''));
        assert.deepEqual(violations, []);
      } finally {
        await exporter.stop();
      }
    },
  );
});
