import type { ProbeRecord } from '../../record/record.js';
import type { Finding } from '../finding.js';
import { finding } from './helpers.js';

interface SeenPort {
  port: number;
  host?: string;
}

/** Every passive port the server handed out: in the modes and in the samples. */
export function passivePortsSeen(record: ProbeRecord): SeenPort[] {
  const fromModes = record.modes.flatMap((m) =>
    m.advertised ? [{ port: m.advertised.port, ...(m.advertised.host ? { host: m.advertised.host } : {}) }] : [],
  );
  const fromSamples = (record.pasvSamples ?? []).flatMap((s) =>
    s.advertised ? [{ port: s.advertised.port, ...(s.advertised.host ? { host: s.advertised.host } : {}) }] : [],
  );
  return [...fromModes, ...fromSamples];
}

const list = (values: Array<string | number>): string => [...new Set(values)].join(', ');

/** The operator's intended configuration against what the server does. */
export function expectationRules(record: ProbeRecord): Finding[] {
  const found: Finding[] = [];
  const seen = passivePortsSeen(record);
  const range = record.settings.expectPasvRange;
  if (range) {
    const outside = seen.filter((s) => s.port < range.low || s.port > range.high).map((s) => s.port);
    if (outside.length > 0) {
      const expectedRange = `${range.low}-${range.high}`;
      found.push(
        finding('PASV_PORT_OUTSIDE_EXPECTED_RANGE', {
          expectedRange,
          low: String(range.low),
          high: String(range.high),
          outside: list(outside),
        }),
      );
    }
  }
  const expected = record.settings.expectAddress;
  if (expected) {
    const wrong = seen.filter((s) => s.host !== undefined && s.host !== expected).map((s) => s.host ?? '');
    if (wrong.length > 0) found.push(finding('PASV_ADDRESS_UNEXPECTED', { expected, seen: list(wrong) }));
  }
  return found;
}

/** What the connect-tested samples show about the range as a whole. */
export function sampleRules(record: ProbeRecord): Finding[] {
  const samples = record.pasvSamples ?? [];
  const found: Finding[] = [];
  const tested = samples.filter(
    (s) => s.connect && s.connect.outcome !== 'deadline' && s.connect.outcome !== 'interrupted',
  );
  const open = tested.filter((s) => s.connect?.outcome === 'ok').map((s) => s.connect?.port ?? 0);
  const blocked = tested
    .filter((s) => s.connect?.outcome !== 'ok')
    .map((s) => `${s.connect?.port} (${s.connect?.outcome})`);
  if (open.length > 0 && blocked.length > 0)
    found.push(finding('PASV_RANGE_PARTLY_BLOCKED', { open: list(open), blocked: list(blocked) }));
  const addresses = [...new Set(samples.flatMap((s) => (s.advertised?.host ? [s.advertised.host] : [])))];
  if (addresses.length > 1) found.push(finding('PASV_ADDRESS_VARIES', { addresses: addresses.join(', ') }));
  return found;
}
