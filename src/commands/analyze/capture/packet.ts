/**
 * From a captured frame to its TCP segment: the link layers tcpdump and
 * Wireshark write (Ethernet with 802.1Q/802.1ad tags, Linux cooked SLL and
 * SLL2, raw IP, BSD null and loopback), then IPv4 or IPv6, then TCP. Every
 * length is checked against the bytes there are; anything else is not TCP
 * over IP and is skipped. IP fragments are counted, not reassembled: an FTP
 * control or data segment is never fragmented on a path with a sane MTU.
 */
export interface TcpSegment {
  t: number;
  family: 4 | 6;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  /** The IP TTL or hop limit: an initial value (64, 128, 255) marks a packet sent from the capturing host. */
  ttl: number;
  payload: Uint8Array;
  /** The payload was cut by the snap length: this many bytes of it are missing. */
  missing: number;
}

export const TCP_FLAGS = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10 } as const;

/** What could not be read as TCP, counted for the report. */
export interface SkipCounts {
  fragments: number;
  otherLinkTypes: number;
}

const ETHERTYPE = { ipv4: 0x0800, ipv6: 0x86dd, vlan: 0x8100, qinq: 0x88a8 } as const;
const LINKTYPE = { null: 0, ethernet: 1, raw: 101, rawOld: 12, loop: 108, sll: 113, ipv4: 228, ipv6: 229, sll2: 276 };

export function segmentOf(
  packet: { t: number; linkType: number; data: Uint8Array; wireLength: number },
  skipped: SkipCounts,
): TcpSegment | undefined {
  const ip = ipOf(packet.linkType, packet.data, skipped);
  if (!ip) return undefined;
  return ip.family === 4 ? ipv4(packet, ip.at, skipped) : ipv6(packet, ip.at, skipped);
}

/** Where the IP header starts, by the link layer's own header. */
function ipOf(linkType: number, data: Uint8Array, skipped: SkipCounts): { family: 4 | 6; at: number } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const byVersion = (at: number): { family: 4 | 6; at: number } | undefined => {
    const version = (data[at] ?? 0) >> 4;
    return version === 4 ? { family: 4, at } : version === 6 ? { family: 6, at } : undefined;
  };
  const byEthertype = (type: number, at: number): { family: 4 | 6; at: number } | undefined =>
    type === ETHERTYPE.ipv4 ? { family: 4, at } : type === ETHERTYPE.ipv6 ? { family: 6, at } : undefined;
  switch (linkType) {
    case LINKTYPE.ethernet: {
      let at = 12;
      // VLAN tags, stacked or not: each adds four bytes before the real EtherType.
      for (let tags = 0; tags < 4 && at + 2 <= data.length; tags += 1) {
        const type = view.getUint16(at);
        if (type !== ETHERTYPE.vlan && type !== ETHERTYPE.qinq) return byEthertype(type, at + 2);
        at += 4;
      }
      return undefined;
    }
    case LINKTYPE.sll:
      return data.length >= 16 ? byEthertype(view.getUint16(14), 16) : undefined;
    case LINKTYPE.sll2:
      return data.length >= 20 ? byEthertype(view.getUint16(0), 20) : undefined;
    case LINKTYPE.raw:
    case LINKTYPE.rawOld:
    case LINKTYPE.ipv4:
    case LINKTYPE.ipv6:
      return byVersion(0);
    case LINKTYPE.null:
    case LINKTYPE.loop:
      // A 4-byte address family (host order for null, network order for loop); the version nibble says the same.
      return data.length > 4 ? byVersion(4) : undefined;
    default:
      skipped.otherLinkTypes += 1;
      return undefined;
  }
}

function ipv4(packet: { t: number; data: Uint8Array; wireLength: number }, at: number, skipped: SkipCounts) {
  const data = packet.data;
  if (data.length < at + 20) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = (data[at]! & 0x0f) * 4;
  const totalLength = view.getUint16(at + 2);
  const fragment = view.getUint16(at + 6);
  if (headerLength < 20 || totalLength < headerLength) return undefined;
  if (data[at + 9] !== 6) return undefined;
  if ((fragment & 0x2000) !== 0 || (fragment & 0x1fff) !== 0) {
    skipped.fragments += 1;
    return undefined;
  }
  const src = Array.from(data.subarray(at + 12, at + 16)).join('.');
  const dst = Array.from(data.subarray(at + 16, at + 20)).join('.');
  return tcp(packet, 4, src, dst, data[at + 8]!, at + headerLength, at + totalLength);
}

function ipv6(packet: { t: number; data: Uint8Array; wireLength: number }, at: number, skipped: SkipCounts) {
  const data = packet.data;
  if (data.length < at + 40) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = at + 40 + view.getUint16(at + 4);
  let next = data[at + 6]!;
  let header = at + 40;
  // Extension headers before TCP: hop-by-hop, routing, destination options; a fragment header is counted and left.
  for (let hops = 0; hops < 8 && next !== 6; hops += 1) {
    if (next === 44) {
      skipped.fragments += 1;
      return undefined;
    }
    if (![0, 43, 60].includes(next) || data.length < header + 8) return undefined;
    next = data[header]!;
    header += (data[header + 1]! + 1) * 8;
  }
  if (next !== 6) return undefined;
  return tcp(
    packet,
    6,
    ipv6Text(data.subarray(at + 8, at + 24)),
    ipv6Text(data.subarray(at + 24, at + 40)),
    data[at + 7]!,
    header,
    end,
  );
}

function tcp(
  packet: { t: number; data: Uint8Array; wireLength: number },
  family: 4 | 6,
  src: string,
  dst: string,
  ttl: number,
  at: number,
  ipEnd: number,
): TcpSegment | undefined {
  const data = packet.data;
  if (data.length < at + 20) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const offset = (data[at + 12]! >> 4) * 4;
  if (offset < 20) return undefined;
  // The IP length says where the segment ends; Ethernet padding after it is not payload.
  const wireEnd = ipEnd;
  const start = at + offset;
  const end = Math.min(wireEnd, data.length);
  return {
    t: packet.t,
    family,
    src,
    dst,
    srcPort: view.getUint16(at),
    dstPort: view.getUint16(at + 2),
    seq: view.getUint32(at + 4),
    ack: view.getUint32(at + 8),
    flags: data[at + 13]!,
    ttl,
    payload: start < end ? data.subarray(start, end) : new Uint8Array(0),
    missing: Math.max(0, wireEnd - Math.max(start, data.length)),
  };
}

/** An IPv6 address as RFC 5952 writes it: lower case, the longest run of zero groups as "::". */
function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
