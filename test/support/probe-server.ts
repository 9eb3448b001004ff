import { diagnose, type Diagnosis } from '../../src/diagnose/diagnose.js';
import { FtpTestServer, type ServerScript } from '../../src/commands/demo/ftp-server.js';
import { systemClock } from '../../src/record/clock.js';
import { ALL_MODES, type ProbeRecord, type ProbeRequest, type ProbeSettings } from '../../src/record/record.js';
import { probe } from '../../src/probe/runner.js';
import { nodeTransport } from '../../src/probe/transport.js';

export interface Probed {
  record: ProbeRecord;
  diagnosis: Diagnosis;
  codes: string[];
  elapsedMs: number;
}

export const FAST: Partial<ProbeSettings> = { timeoutMs: 1000, greetingTimeoutMs: 1000, deadlineMs: 8000 };

/** A probe request for an anonymous login to host:port with the fast test settings. */
export function probeRequest(
  host: string,
  port: number,
  settings: Partial<ProbeSettings> = {},
  login = { user: 'anonymous', password: 'ftp-doctor@example.com' },
): ProbeRequest {
  return {
    target: { input: `ftp://${host}:${port}`, host, port, user: login.user, anonymous: login.user === 'anonymous' },
    password: login.password,
    settings: {
      modes: [...ALL_MODES],
      tryAdvertised: false,
      listingCapBytes: 1024 * 1024,
      ...FAST,
      ...settings,
    } as ProbeSettings,
    allAddresses: false,
  };
}

/** Starts the scriptable server on 127.0.0.1, probes it, stops it. */
export async function probeScript(
  script: ServerScript,
  settings: Partial<ProbeSettings> = {},
  login = { user: 'anonymous', password: 'ftp-doctor@example.com' },
): Promise<Probed> {
  const server = await new FtpTestServer(script).start();
  try {
    const started = performance.now();
    const [record] = await probe(probeRequest(server.host, server.port, settings, login), {
      transport: nodeTransport,
      clock: systemClock,
      toolVersion: 'test',
    });
    const elapsedMs = performance.now() - started;
    if (!record) throw new Error('no record');
    const diagnosis = diagnose(record);
    return { record, diagnosis, codes: diagnosis.findings.map((f) => f.code).sort(), elapsedMs };
  } finally {
    await server.stop();
  }
}
