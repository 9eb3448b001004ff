import ipaddr from 'ipaddr.js';

/** 4 or 6 for an IP address literal (dotted quad, or IPv6 with an optional zone), 0 for anything else; the same answers as node:net's isIP, without the I/O module. */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return 6;
  return 0;
}

export type AddressScope =
  | 'public'
  | 'private'
  | 'carrier-grade-nat'
  | 'link-local'
  | 'loopback'
  | 'unspecified'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  /** Not an address at all: a host name, or one a log does not show or the user redacted. */
  | 'unknown';

export interface ClassifiedAddress {
  address: string;
  family: 4 | 6;
  scope: AddressScope;
  /** For an IPv4-mapped IPv6 address, the IPv4 address inside it. */
  mappedIPv4?: string;
}

// ipaddr.js calls the documentation and benchmarking ranges "reserved"; for NAT
// reasoning they behave like public addresses (the lab uses them as its Internet).
const PUBLIC_LIKE = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '198.18.0.0/15', '2001:db8::/32'].map(
  (cidr) => ipaddr.parseCIDR(cidr),
);

const SCOPE_BY_RANGE: Record<string, AddressScope> = {
  unicast: 'public',
  private: 'private',
  carrierGradeNat: 'carrier-grade-nat',
  linkLocal: 'link-local',
  loopback: 'loopback',
  unspecified: 'unspecified',
  uniqueLocal: 'unique-local',
  multicast: 'multicast',
  broadcast: 'reserved',
  reserved: 'reserved',
  rfc6052: 'public',
  rfc6145: 'public',
  '6to4': 'public',
  teredo: 'public',
  benchmarking: 'public',
  amt: 'public',
  as112: 'public',
  as112v6: 'public',
  orchid2: 'reserved',
  droneRemoteIdProtocolEntityTags: 'reserved',
  deprecated: 'reserved',
};

export function classifyAddress(address: string): ClassifiedAddress {
  const kind = ipFamily(address);
  if (kind === 0) return { address, family: 4, scope: 'unknown' };
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const inner = (parsed as ipaddr.IPv6).toIPv4Address().toString();
    return { ...classifyAddress(inner), address, family: 6, mappedIPv4: inner };
  }
  const family = parsed.kind() === 'ipv4' ? 4 : 6;
  const publicLike = PUBLIC_LIKE.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
  const scope = publicLike ? 'public' : (SCOPE_BY_RANGE[parsed.range()] ?? 'reserved');
  return { address, family, scope };
}

/** Both addresses on the same kind of network, so one can stand in for the other (both public, both private, ...). */
export function sameScope(a: string, b: string): boolean {
  return classifyAddress(a).scope === classifyAddress(b).scope;
}

/** The same host, comparing IPv4-mapped IPv6 addresses with their IPv4 form. */
export function sameAddress(a: string, b: string): boolean {
  if (!ipaddr.isValid(a) || !ipaddr.isValid(b)) return a === b;
  return ipaddr.process(a).toString() === ipaddr.process(b).toString();
}

/** An IPv4-mapped address in its IPv4 form; other addresses as they are. */
export function plainAddress(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}

/** Scopes a client outside the server's own network cannot reach: the inside of a NAT, the host itself. */
export const INSIDE_ONLY_SCOPES: ReadonlySet<AddressScope> = new Set([
  'private',
  'carrier-grade-nat',
  'link-local',
  'unique-local',
  'loopback',
]);

/**
 * The scopes FTP clients themselves call unroutable when they replace a 227 address with the
 * server's (FileZilla, WinSCP, lftp, Go, basic-ftp): their lists hold no carrier-grade NAT
 * (100.64.0.0/10), so such an address is followed, as docs/clients.md says of each.
 */
export const CLIENT_UNROUTABLE_SCOPES: ReadonlySet<AddressScope> = new Set([
  'private',
  'link-local',
  'unique-local',
  'loopback',
]);

export function scopeOf(address: string): AddressScope {
  return classifyAddress(address).scope;
}

/** A non-public address on another kind of network than the server's: handed to a client elsewhere, it leads nowhere. */
export function isForeignTo(address: string, server: string): boolean {
  const scope = scopeOf(address);
  return scope !== 'public' && scope !== scopeOf(server);
}

/** A non-public address that is not the server's own (what a report marks beside a 227's address). */
export function isUnusualFor(address: string, server: string): boolean {
  return scopeOf(address) !== 'public' && !sameAddress(address, server);
}

/** This machine's address is of a narrower kind than the server's (private, CGNAT, link-local while the server is public). */
export function isBehindNat(local: string, server: string): boolean {
  const localScope = scopeOf(local);
  const serverScope = scopeOf(server);
  return (
    localScope !== serverScope &&
    localScope !== 'public' &&
    localScope !== 'unknown' &&
    serverScope !== 'loopback' &&
    serverScope !== 'unknown'
  );
}

export function rangesOverlap(a: string, b: string): boolean {
  const [ra, ba] = ipaddr.parseCIDR(a);
  const [rb, bb] = ipaddr.parseCIDR(b);
  if (ra.kind() !== rb.kind()) return false;
  const bits = Math.min(ba, bb);
  return ra.match(rb, bits);
}

export const SCOPE_WORDS: Record<AddressScope, string> = {
  public: 'public',
  private: 'private (RFC 1918)',
  'carrier-grade-nat': 'carrier-grade NAT (100.64.0.0/10)',
  'link-local': 'link-local',
  loopback: 'loopback',
  unspecified: 'unspecified',
  'unique-local': 'unique-local IPv6 (fc00::/7)',
  multicast: 'multicast',
  reserved: 'reserved',
  unknown: 'unknown',
};
