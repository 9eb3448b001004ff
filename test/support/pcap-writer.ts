/**
 * Writes packet captures for tests: pcap (either byte order, micro- or
 * nanoseconds) and pcapng (either byte order, a chosen timestamp resolution,
 * enhanced or simple packet blocks), with frames for each link layer the
 * reader knows, carrying IPv4 or IPv6 TCP segments. What real captures cannot
 * be made to show on demand (out-of-order segments, gaps, odd link layers).
 */
export interface Segment {
  t: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  flags: 'S' | 'SA' | 'A' | 'PA' | 'FA' | 'R' | 'RA';
  payload?: string | Uint8Array;
  ttl?: number;
}

export type Link = 'ethernet' | 'vlan' | 'sll' | 'sll2' | 'raw' | 'null';
export const LINK_TYPES: Record<Link, number> = { ethernet: 1, vlan: 1, sll: 113, sll2: 276, raw: 101, null: 0 };

const FLAG_BITS: Record<Segment['flags'], number> = {
  S: 0x02,
  SA: 0x12,
  A: 0x10,
  PA: 0x18,
  FA: 0x11,
  R: 0x04,
  RA: 0x14,
};

function bytesOf(payload: Segment['payload']): Uint8Array {
  if (payload === undefined) return new Uint8Array(0);
  return typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string): number[] => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = address.includes('::')
    ? [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
    : left;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

export function tcpBytes(segment: Segment): Uint8Array {
  const payload = bytesOf(segment.payload);
  const out = Buffer.alloc(20 + payload.length);
  out.writeUInt16BE(segment.sport, 0);
  out.writeUInt16BE(segment.dport, 2);
  out.writeUInt32BE(segment.seq >>> 0, 4);
  out.writeUInt32BE((segment.ack ?? 0) >>> 0, 8);
  out[12] = 5 << 4;
  out[13] = FLAG_BITS[segment.flags];
  out.writeUInt16BE(65535, 14);
  out.set(payload, 20);
  return out;
}

export function ipBytes(segment: Segment): Uint8Array {
  const tcp = tcpBytes(segment);
  if (segment.src.includes(':')) {
    const out = Buffer.alloc(40 + tcp.length);
    out[0] = 0x60;
    out.writeUInt16BE(tcp.length, 4);
    out[6] = 6;
    out[7] = segment.ttl ?? 64;
    out.set(ipv6Bytes(segment.src), 8);
    out.set(ipv6Bytes(segment.dst), 24);
    out.set(tcp, 40);
    return out;
  }
  const out = Buffer.alloc(20 + tcp.length);
  out[0] = 0x45;
  out.writeUInt16BE(20 + tcp.length, 2);
  out[6] = 0x40;
  out[8] = segment.ttl ?? 64;
  out[9] = 6;
  out.set(ipv4Bytes(segment.src), 12);
  out.set(ipv4Bytes(segment.dst), 16);
  out.set(tcp, 20);
  return out;
}

export function frameBytes(segment: Segment, link: Link): Uint8Array {
  const ip = ipBytes(segment);
  const ethertype = segment.src.includes(':') ? 0x86dd : 0x0800;
  switch (link) {
    case 'raw':
      return ip;
    case 'null': {
      const out = Buffer.alloc(4 + ip.length);
      out.writeUInt32LE(segment.src.includes(':') ? 30 : 2, 0);
      out.set(ip, 4);
      return out;
    }
    case 'ethernet':
    case 'vlan': {
      const tag = link === 'vlan' ? 4 : 0;
      const out = Buffer.alloc(14 + tag + ip.length);
      out.fill(0x02, 0, 12);
      if (tag) {
        out.writeUInt16BE(0x8100, 12);
        out.writeUInt16BE(42, 14);
      }
      out.writeUInt16BE(ethertype, 12 + tag);
      out.set(ip, 14 + tag);
      return out;
    }
    case 'sll': {
      const out = Buffer.alloc(16 + ip.length);
      out.writeUInt16BE(0, 0);
      out.writeUInt16BE(1, 2);
      out.writeUInt16BE(6, 4);
      out.writeUInt16BE(ethertype, 14);
      out.set(ip, 16);
      return out;
    }
    case 'sll2': {
      const out = Buffer.alloc(20 + ip.length);
      out.writeUInt16BE(ethertype, 0);
      out.writeUInt32BE(2, 4);
      out.writeUInt16BE(1, 8);
      out.set(ip, 20);
      return out;
    }
  }
}

export interface PcapOptions {
  link?: Link;
  bigEndian?: boolean;
  nanoseconds?: boolean;
  /** Cut every frame to this many bytes, as tcpdump -s does. */
  snapLength?: number;
}

/** Writers of 32- and 16-bit integers in the capture's byte order. */
function integers(bigEndian: boolean): { u32: (value: number) => Buffer; u16: (value: number) => Buffer } {
  return {
    u32: (value) => {
      const b = Buffer.alloc(4);
      if (bigEndian) b.writeUInt32BE(value >>> 0);
      else b.writeUInt32LE(value >>> 0);
      return b;
    },
    u16: (value) => {
      const b = Buffer.alloc(2);
      if (bigEndian) b.writeUInt16BE(value);
      else b.writeUInt16LE(value);
      return b;
    },
  };
}

export function pcapFile(segments: Segment[], options: PcapOptions = {}): Buffer {
  const link = options.link ?? 'ethernet';
  const be = options.bigEndian === true;
  const { u32, u16 } = integers(be);
  const parts: Buffer[] = [
    u32(options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4),
    u16(2),
    u16(4),
    u32(0),
    u32(0),
    u32(262144),
    u32(LINK_TYPES[link]),
  ];
  for (const segment of segments) {
    const frame = frameBytes(segment, link);
    const kept = options.snapLength ? frame.subarray(0, options.snapLength) : frame;
    const seconds = Math.floor(segment.t / 1000);
    const fraction = options.nanoseconds
      ? Math.round((segment.t - seconds * 1000) * 1_000_000)
      : Math.round((segment.t - seconds * 1000) * 1000);
    parts.push(u32(seconds), u32(fraction), u32(kept.length), u32(frame.length), Buffer.from(kept));
  }
  return Buffer.concat(parts);
}

export interface PcapngOptions {
  link?: Link;
  bigEndian?: boolean;
  /** if_tsresol: 6 (microseconds, the default) or 9 (nanoseconds). */
  resolution?: 6 | 9;
  /** Write each packet as a simple packet block (no timestamp). */
  simple?: boolean;
}

export function pcapngFile(segments: Segment[], options: PcapngOptions = {}): Buffer {
  const link = options.link ?? 'ethernet';
  const be = options.bigEndian === true;
  const block = (type: number, body: Buffer): Buffer => {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const length = 12 + padded.length;
    const head = Buffer.alloc(8);
    const tail = Buffer.alloc(4);
    if (be) {
      head.writeUInt32BE(type, 0);
      head.writeUInt32BE(length, 4);
      tail.writeUInt32BE(length, 0);
    } else {
      head.writeUInt32LE(type, 0);
      head.writeUInt32LE(length, 4);
      tail.writeUInt32LE(length, 0);
    }
    return Buffer.concat([head, padded, tail]);
  };
  const { u32, u16 } = integers(be);
  const resolution = options.resolution ?? 6;
  const section = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]));
  const tsresol = Buffer.concat([u16(9), u16(1), Buffer.from([resolution, 0, 0, 0])]);
  const face = block(1, Buffer.concat([u16(LINK_TYPES[link]), u16(0), u32(0), tsresol, u32(0)]));
  const packets = segments.map((segment) => {
    const frame = Buffer.from(frameBytes(segment, link));
    if (options.simple) return block(3, Buffer.concat([u32(frame.length), frame]));
    const units = BigInt(Math.round(segment.t * 10 ** (resolution - 3)));
    return block(
      6,
      Buffer.concat([
        u32(0),
        u32(Number(units >> 32n)),
        u32(Number(units & 0xffffffffn)),
        u32(frame.length),
        u32(frame.length),
        frame,
      ]),
    );
  });
  return Buffer.concat([section, face, ...packets]);
}

/**
 * An FTP session, packet by packet: the control connection's handshake, each
 * line as its own segment, and a data connection per `data` entry.
 */
export class SessionScript {
  readonly segments: Segment[] = [];
  private clientSeq = 1000;
  private serverSeq = 5000;
  t = 1_700_000_000_000;

  constructor(
    readonly client: { host: string; port: number },
    readonly server: { host: string; port: number },
    private readonly ttls: { client: number; server: number } = { client: 64, server: 60 },
  ) {}

  handshake(): this {
    const { client, server } = this;
    this.push({
      src: client.host,
      dst: server.host,
      sport: client.port,
      dport: server.port,
      seq: this.clientSeq - 1,
      flags: 'S',
      ttl: this.ttls.client,
    });
    this.push({
      src: server.host,
      dst: client.host,
      sport: server.port,
      dport: client.port,
      seq: this.serverSeq - 1,
      ack: this.clientSeq,
      flags: 'SA',
      ttl: this.ttls.server,
    });
    this.push({
      src: client.host,
      dst: server.host,
      sport: client.port,
      dport: server.port,
      seq: this.clientSeq,
      ack: this.serverSeq,
      flags: 'A',
      ttl: this.ttls.client,
    });
    return this;
  }

  /** The segment of one line, without sending it: for reordering and gaps. */
  line(fromClient: boolean, text: string): Segment {
    const payload = `${text}\r\n`;
    const { client, server } = this;
    this.t += 5;
    const segment: Segment = fromClient
      ? {
          t: this.t,
          src: client.host,
          dst: server.host,
          sport: client.port,
          dport: server.port,
          seq: this.clientSeq,
          ack: this.serverSeq,
          flags: 'PA',
          payload,
          ttl: this.ttls.client,
        }
      : {
          t: this.t,
          src: server.host,
          dst: client.host,
          sport: server.port,
          dport: client.port,
          seq: this.serverSeq,
          ack: this.clientSeq,
          flags: 'PA',
          payload,
          ttl: this.ttls.server,
        };
    if (fromClient) this.clientSeq += payload.length;
    else this.serverSeq += payload.length;
    return segment;
  }

  send(text: string): this {
    this.segments.push(this.line(true, text));
    return this;
  }

  reply(text: string): this {
    this.segments.push(this.line(false, text));
    return this;
  }

  /** A passive data connection from the client to `port`: answered with data, refused, or dropped (SYNs only). */
  dataConnection(
    port: number,
    outcome: 'ok' | 'refused' | 'dropped',
    listing = 'drwxr-xr-x 2 ftp ftp 4096 pub\r\n',
    host = this.server.host,
  ): this {
    const client = { host: this.client.host, port: this.client.port + 1 };
    const base = { src: client.host, dst: host, sport: client.port, dport: port };
    if (outcome === 'dropped') {
      for (const delay of [0, 1000, 3000, 7000])
        this.segments.push({ ...base, t: this.t + delay, seq: 99, flags: 'S', ttl: this.ttls.client });
      this.t += 7000;
      return this;
    }
    this.push({ ...base, seq: 99, flags: 'S', ttl: this.ttls.client });
    if (outcome === 'refused') {
      this.push({
        src: host,
        dst: client.host,
        sport: port,
        dport: client.port,
        seq: 0,
        ack: 100,
        flags: 'RA',
        ttl: this.ttls.server,
      });
      return this;
    }
    this.push({
      src: host,
      dst: client.host,
      sport: port,
      dport: client.port,
      seq: 7000,
      ack: 100,
      flags: 'SA',
      ttl: this.ttls.server,
    });
    this.push({ ...base, seq: 100, ack: 7001, flags: 'A', ttl: this.ttls.client });
    this.push({
      src: host,
      dst: client.host,
      sport: port,
      dport: client.port,
      seq: 7001,
      ack: 100,
      flags: 'PA',
      payload: listing,
      ttl: this.ttls.server,
    });
    this.push({
      src: host,
      dst: client.host,
      sport: port,
      dport: client.port,
      seq: 7001 + listing.length,
      ack: 100,
      flags: 'FA',
      ttl: this.ttls.server,
    });
    return this;
  }

  private push(segment: Omit<Segment, 't'>): void {
    this.t += 1;
    this.segments.push({ ...segment, t: this.t });
  }
}
