import type { FirewallVerdict } from '../../../record/audit-record.js';

/** A new inbound TCP connection to a port of this host, as a firewall's input path sees it. */
export interface Packet {
  family: 4 | 6;
  port: number;
  /** NEW: a client's connection; RELATED: one the conntrack FTP helper expects (plain FTP only). */
  state: 'new' | 'related';
}

/** A host firewall that can say what happens to a packet, and whether it attaches the FTP helper. */
export interface Ruleset {
  /** Where it was read from: a tool's name or a file. */
  source: string;
  families: ReadonlyArray<4 | 6>;
  evaluate(packet: Packet): FirewallVerdict;
  /** A rule attaching the conntrack FTP helper (iptables -j CT --helper ftp, nftables ct helper) to this control port. */
  attachesFtpHelper(port: number): boolean;
  /** A DNAT rule that forwards this port elsewhere (a container, say), as the ruleset prints it. */
  forwardsPort(port: number): string | undefined;
  /** Every port where a rule's port match starts or ends (the port after its end): between two, all ports meet the same rules. */
  portBreakpoints(): number[];
}

/** The range cut where some rule's port match begins or ends: one port of each stretch decides for all of it. */
export function stretches(low: number, high: number, rulesets: Ruleset[]): Array<{ low: number; high: number }> {
  const cuts = [
    ...new Set([low, ...rulesets.flatMap((r) => r.portBreakpoints()).filter((p) => p > low && p <= high)]),
  ].sort((a, b) => a - b);
  return cuts.map((start, i) => ({ low: start, high: (cuts[i + 1] ?? high + 1) - 1 }));
}

/** Several tables in one family (iptables-nft and native nftables side by side): a packet must pass each. */
export function combine(rulesets: Ruleset[], packet: Packet): FirewallVerdict | undefined {
  const applicable = rulesets.filter((ruleset) => ruleset.families.includes(packet.family));
  if (applicable.length === 0) return undefined;
  const verdicts = applicable.map((ruleset) => ruleset.evaluate(packet));
  return verdicts.find((verdict) => verdict.verdict !== 'accept') ?? verdicts[0];
}
