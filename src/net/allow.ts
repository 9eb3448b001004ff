import ipaddr from 'ipaddr.js';

/**
 * What targets an exporter may probe: host patterns (`ftp.example.com`, `*.example.net`) and CIDRs (`198.51.100.0/24`).
 * A name pattern allows the name; the addresses a probe may then connect to are those the name resolved to, once
 * (see the probe's outbound policy), and, when CIDRs are given too, only those inside them.
 */
export interface AllowList {
  patterns: string[];
  /** The target as typed (a name or an address) may be probed. */
  allowsName(host: string): boolean;
  /** An address the target resolved to may be connected to. */
  allowsAddress(address: string): boolean;
  /** The address lies in one of the CIDRs (a name pattern allows no address by itself). */
  inRanges(address: string): boolean;
}

/** A pattern that is neither a CIDR, an address nor a host pattern. */
export class AllowPatternError extends Error {}

export function allowList(patterns: string[]): AllowList {
  const cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  const names: RegExp[] = [];
  for (const pattern of patterns.map((p) => p.trim()).filter(Boolean)) {
    if (pattern.includes('/')) {
      try {
        cidrs.push(ipaddr.parseCIDR(pattern));
      } catch {
        throw new AllowPatternError(`"${pattern}" is not a CIDR like 198.51.100.0/24`);
      }
    } else if (ipaddr.isValid(pattern)) {
      const address = ipaddr.parse(pattern);
      cidrs.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else {
      if (!/^[a-z0-9*.-]+$/i.test(pattern))
        throw new AllowPatternError(`"${pattern}" is not a host pattern like *.example.net`);
      names.push(new RegExp(`^${pattern.toLowerCase().replace(/\./g, '\\.').replace(/\*/g, '[a-z0-9-]+')}$`));
    }
  }
  const inRanges = (address: string): boolean => {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address);
    return cidrs.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
  };
  return {
    patterns,
    allowsName: (host) =>
      patterns.length === 0 || names.some((name) => name.test(host.toLowerCase())) || inRanges(host),
    // With CIDRs, every address a name resolves to must lie inside them, so that a name cannot point the exporter elsewhere.
    allowsAddress: (address) => patterns.length === 0 || inRanges(address) || (names.length > 0 && cidrs.length === 0),
    inRanges,
  };
}
