import ipaddr from 'ipaddr.js';
import { UsageError } from '../input/errors.js';

/** What targets an exporter may probe: host patterns (`ftp.example.com`, `*.example.net`) and CIDRs (`198.51.100.0/24`). */
export interface AllowList {
  patterns: string[];
  allowsName(host: string): boolean;
  allowsAddress(address: string): boolean;
}

export function allowList(patterns: string[]): AllowList {
  const cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  const names: RegExp[] = [];
  for (const pattern of patterns.map((p) => p.trim()).filter(Boolean)) {
    if (pattern.includes('/')) {
      try {
        cidrs.push(ipaddr.parseCIDR(pattern));
      } catch {
        throw new UsageError(`--allow: "${pattern}" is not a CIDR like 198.51.100.0/24`);
      }
    } else if (ipaddr.isValid(pattern)) {
      const address = ipaddr.parse(pattern);
      cidrs.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else {
      if (!/^[a-z0-9*.-]+$/i.test(pattern)) throw new UsageError(`--allow: "${pattern}" is not a host pattern like *.example.net`);
      names.push(new RegExp(`^${pattern.toLowerCase().replace(/\./g, '\\.').replace(/\*/g, '[a-z0-9-]+')}$`));
    }
  }
  const inCidr = (address: string): boolean => {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address);
    return cidrs.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
  };
  return {
    patterns,
    allowsName: (host) => patterns.length === 0 || names.some((name) => name.test(host.toLowerCase())) || inCidr(host),
    // Every address a name resolves to must be allowed too, so that a name cannot point the exporter elsewhere.
    allowsAddress: (address) => patterns.length === 0 || inCidr(address) || names.length > 0 && cidrs.length === 0,
  };
}
