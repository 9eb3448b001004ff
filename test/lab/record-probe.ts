/** Runs inside a lab namespace: probes one target and prints its raw records as a JSON array (for fixtures/lab/). */
import { ANONYMOUS_PASSWORD } from '../../src/input/credentials.js';
import { systemClock } from '../../src/record/clock.js';
import { ALL_MODES, type ProbeSettings } from '../../src/record/record.js';
import { probe } from '../../src/probe/runner.js';
import { nodeTransport } from '../../src/probe/transport.js';

const [host = '', port = '21', timeoutS = '2', greetingS = '5', deadlineS = '20', overrides = '{}'] =
  process.argv.slice(2);
const records = await probe(
  {
    target: {
      input: `ftp://${host.includes(':') ? `[${host}]` : host}:${port}`,
      host,
      port: Number(port),
      user: 'anonymous',
      anonymous: true,
    },
    password: ANONYMOUS_PASSWORD,
    settings: {
      modes: [...ALL_MODES],
      timeoutMs: Number(timeoutS) * 1000,
      greetingTimeoutMs: Number(greetingS) * 1000,
      deadlineMs: Number(deadlineS) * 1000,
      tryAdvertised: false,
      listingCapBytes: 1024 * 1024,
      ...(JSON.parse(overrides) as Partial<ProbeSettings>),
    },
    allAddresses: false,
  },
  { transport: nodeTransport, clock: systemClock, toolVersion: 'lab' },
);
process.stdout.write(`${JSON.stringify(records)}\n`);
