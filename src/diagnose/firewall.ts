import type { ProbeRecord } from '../record/record.js';
import { passivePortsSeen } from './rules/samples.js';

/** What each side's firewall must let in, from what the probe saw. */
export interface FirewallSummary {
  server: {
    address: string;
    controlPort: number;
    /** The passive ports seen, and how many distinct ones. */
    passivePorts?: { min: number; max: number; distinct: number; seen: number[] };
    /** The expected range, and how many of its ports were seen. */
    expectedRange?: { low: number; high: number; size: number; seenInRange: number };
  };
  client: {
    /** Active mode: the server connects from here ... */
    from: string[];
    /** ... to these ports of this machine. */
    ports: { low: number; high: number } | 'any';
    announcedAddress?: string;
  };
}

export function firewallSummary(record: ProbeRecord): FirewallSummary {
  const ports = [...new Set(passivePortsSeen(record).map((s) => s.port))].sort((a, b) => a - b);
  const summary: FirewallSummary = {
    server: { address: record.control.address, controlPort: record.control.port },
    client: {
      from: [...new Set([record.control.address, ...record.modes.flatMap((m) => (m.accept?.remoteAddress ? [m.accept.remoteAddress] : []))])],
      ports: record.settings.activePorts ?? 'any',
    },
  };
  const announced = record.settings.externalIp ?? record.control.localAddress;
  if (announced) summary.client.announcedAddress = announced;
  if (ports.length > 0) summary.server.passivePorts = { min: ports[0]!, max: ports[ports.length - 1]!, distinct: ports.length, seen: ports };
  const range = record.settings.expectPasvRange;
  if (range) {
    summary.server.expectedRange = { ...range, size: range.high - range.low + 1, seenInRange: ports.filter((p) => p >= range.low && p <= range.high).length };
  }
  return summary;
}
