import { isPassive } from '../record/derive.js';
import type { ProbeRecord } from '../record/record.js';
import { passivePortsSeen } from './rules/sample-rules.js';

/** What each side's firewall must let in, from what the probe saw, and no more than it saw. */
export interface FirewallSummary {
  server: {
    address: string;
    controlPort: number;
    /** The passive ports the server handed out, and from how many replies: a sample of its range, not the range. */
    passivePorts?: { min: number; max: number; distinct: number; seen: number[]; replies: number };
    /** The range the user expects (--expect-pasv-range), and how many of its ports were seen. */
    expectedRange?: { low: number; high: number; size: number; seenInRange: number };
  };
  /** Active mode: only when it was tried and the server accepted PORT/EPRT, so that it would connect back. */
  client?: {
    /** The server connects from here ... */
    from: string[];
    /** ... to these ports of this machine. */
    ports: { low: number; high: number } | 'any';
    announcedAddress?: string;
  };
}

export function firewallSummary(record: ProbeRecord): FirewallSummary {
  const seen = passivePortsSeen(record);
  const ports = [...new Set(seen.map((s) => s.port))].sort((a, b) => a - b);
  const summary: FirewallSummary = { server: { address: record.control.address, controlPort: record.control.port } };
  if (ports.length > 0)
    summary.server.passivePorts = {
      min: ports[0]!,
      max: ports[ports.length - 1]!,
      distinct: ports.length,
      seen: ports,
      replies: seen.length,
    };
  const range = record.settings.expectPasvRange;
  if (range) {
    summary.server.expectedRange = {
      ...range,
      size: range.high - range.low + 1,
      seenInRange: ports.filter((p) => p >= range.low && p <= range.high).length,
    };
  }
  const activeAccepted = record.modes.some(
    (m) => !isPassive(m.mode) && m.command?.reply !== undefined && m.command.reply.code < 400,
  );
  if (activeAccepted) {
    const announced = record.settings.externalIp ?? record.control.localAddress;
    summary.client = {
      from: [
        ...new Set([
          record.control.address,
          ...record.modes.flatMap((m) => (m.accept?.remoteAddress ? [m.accept.remoteAddress] : [])),
        ]),
      ],
      ports: record.settings.activePorts ?? 'any',
      ...(announced ? { announcedAddress: announced } : {}),
    };
  }
  return summary;
}
