/**
 * pcap and pcapng files, read as a stream of chunks into packets. Pure: bytes
 * in, packets out, with every length checked before it is trusted. A file cut
 * mid-packet is read as far as it goes and says so; a length no capture can
 * have stops the reading there, said the same way.
 *
 * pcap: https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/ (both byte
 * orders, micro- and nanosecond magic). pcapng:
 * https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/ (section header,
 * interface description with if_tsresol, enhanced, simple and obsolete packet
 * blocks; several sections and interfaces, either byte order).
 */

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CapturedPacket {
  /** Milliseconds since the epoch (fractional). */
  t: number;
  linkType: number;
  data: Uint8Array;
  /** The packet's length on the wire: more than data.length when the snap length cut it. */
  wireLength: number;
}

/** No link layer frame is longer; a larger length means a corrupt file. */
const MAX_PACKET = 262_144;
/** pcapng blocks other than packets (options, name resolution, statistics) are skipped, but never believed beyond this. */
const MAX_BLOCK = 16 * 1024 * 1024;

const PCAP_MAGIC = { micro: 0xa1b2c3d4, nano: 0xa1b23c4d } as const;
const PCAPNG_SECTION = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;

/** The capture format its first four bytes name, if any. */
export function captureFormatOf(head: Uint8Array): CaptureFormat | undefined {
  if (head.length < 4) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const big = view.getUint32(0, false);
  const little = view.getUint32(0, true);
  if ([big, little].some((magic) => magic === PCAP_MAGIC.micro || magic === PCAP_MAGIC.nano)) return 'pcap';
  if (big === PCAPNG_SECTION) return 'pcapng';
  return undefined;
}

/** Why reading stopped before the end of the file, if it did. */
export interface ReadProblem {
  offset: number;
  what: string;
}

interface Interface {
  linkType: number;
  /** Timestamp units per millisecond. */
  unitsPerMs: number;
}

/**
 * Reads a capture chunk by chunk. `push` returns the packets each chunk
 * completes; `end` says whether the file stopped mid-packet.
 */
export class CaptureReader {
  private buffer: Uint8Array = new Uint8Array(0);
  /** Chunks set aside (copied) while a long record is still incomplete: joined once, when it is whole. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Bytes the record at the front needs in all, when a header said so. */
  private need = 0;
  private offset = 0;
  private format: CaptureFormat | undefined;
  private little = true;
  private pcapLinkType = 1;
  private pcapUnitsPerMs = 1000;
  private interfaces: Interface[] = [];
  private started = false;
  problem: ReadProblem | undefined;
  packets = 0;
  truncatedPackets = 0;

  push(chunk: Uint8Array): CapturedPacket[] {
    if (this.problem) return [];
    if (this.need > 0 && this.buffer.length + this.pendingBytes + chunk.length < this.need) {
      // Joining each chunk to a 16 MiB block as it comes would copy the block once a chunk.
      this.pending.push(new Uint8Array(chunk));
      this.pendingBytes += chunk.length;
      return [];
    }
    this.buffer =
      this.buffer.length === 0 && this.pending.length === 0 ? chunk : joinAll([this.buffer, ...this.pending, chunk]);
    this.pending = [];
    this.pendingBytes = 0;
    this.need = 0;
    const packets: CapturedPacket[] = [];
    let at = 0;
    for (;;) {
      const used = this.next(this.buffer, at, packets);
      if (used === 0 || this.problem) break;
      at += used;
      this.offset += used;
    }
    // What is kept (at most one packet's worth) is copied: the chunk's buffer is refilled for the next one.
    // (A Buffer's slice() is a view, not a copy: the typed array constructor copies.)
    this.buffer = new Uint8Array(this.buffer.subarray(at));
    return packets;
  }

  /** The file ended: anything left over is a packet cut short. */
  end(): void {
    if (this.problem) return;
    if (!this.started) this.problem = { offset: 0, what: 'the file is too short to be a capture' };
    else if (this.buffer.length + this.pendingBytes > 0)
      this.problem = {
        offset: this.offset,
        what: `the file ends in the middle of a packet (${this.buffer.length + this.pendingBytes} bytes left)`,
      };
  }

  get captureFormat(): CaptureFormat | undefined {
    return this.format;
  }

  /** Reads one header or packet at `at`; returns the bytes used, 0 when more are needed. */
  private next(bytes: Uint8Array, at: number, packets: CapturedPacket[]): number {
    const left = bytes.length - at;
    if (!this.started) {
      if (left < 4) return 0;
      this.format = captureFormatOf(bytes.subarray(at, at + 4));
      if (!this.format) {
        this.problem = { offset: 0, what: 'not a pcap or pcapng file' };
        return 0;
      }
      if (this.format === 'pcap') return this.pcapHeader(bytes, at);
      this.started = true;
    }
    return this.format === 'pcap' ? this.pcapRecord(bytes, at, packets) : this.pcapngBlock(bytes, at, packets);
  }

  private pcapHeader(bytes: Uint8Array, at: number): number {
    if (bytes.length - at < 24) return 0;
    const view = viewOf(bytes, at, 24);
    const magic = view.getUint32(0, true);
    this.little = magic === PCAP_MAGIC.micro || magic === PCAP_MAGIC.nano;
    const nano = view.getUint32(0, this.little) === PCAP_MAGIC.nano;
    this.pcapUnitsPerMs = nano ? 1_000_000 : 1000;
    // The upper bits of the link type field carry FCS information.
    this.pcapLinkType = view.getUint32(20, this.little) & 0x0fffffff;
    this.started = true;
    return 24;
  }

  private pcapRecord(bytes: Uint8Array, at: number, packets: CapturedPacket[]): number {
    if (bytes.length - at < 16) return 0;
    const view = viewOf(bytes, at, 16);
    const seconds = view.getUint32(0, this.little);
    const fraction = view.getUint32(4, this.little);
    const captured = view.getUint32(8, this.little);
    const wire = view.getUint32(12, this.little);
    if (captured > MAX_PACKET) {
      this.problem = {
        offset: this.offset,
        what: `a packet claims ${captured} bytes: the file is corrupt from here`,
      };
      return 0;
    }
    if (bytes.length - at < 16 + captured) return this.needs(16 + captured);
    this.emit(packets, {
      t: seconds * 1000 + fraction / this.pcapUnitsPerMs,
      linkType: this.pcapLinkType,
      data: bytes.subarray(at + 16, at + 16 + captured),
      wireLength: Math.max(wire, captured),
    });
    return 16 + captured;
  }

  private pcapngBlock(bytes: Uint8Array, at: number, packets: CapturedPacket[]): number {
    if (bytes.length - at < 12) return 0;
    const head = viewOf(bytes, at, 12);
    const type = head.getUint32(0, this.little);
    if (type === PCAPNG_SECTION || head.getUint32(0, false) === PCAPNG_SECTION) {
      // Each section names its own byte order.
      const order = head.getUint32(8, true);
      if (order !== PCAPNG_BYTE_ORDER && head.getUint32(8, false) !== PCAPNG_BYTE_ORDER) {
        this.problem = { offset: this.offset, what: 'a pcapng section header without its byte-order magic' };
        return 0;
      }
      this.little = order === PCAPNG_BYTE_ORDER;
      this.interfaces = [];
    }
    const length = head.getUint32(4, this.little);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
      this.problem = {
        offset: this.offset,
        what: `a pcapng block claims ${length} bytes: the file is corrupt from here`,
      };
      return 0;
    }
    if (bytes.length - at < length) return this.needs(length);
    const body = bytes.subarray(at + 8, at + length - 4);
    const view = viewOf(body, 0, body.length);
    switch (this.little ? head.getUint32(0, true) : head.getUint32(0, false)) {
      case 1:
        this.interfaceBlock(body, view);
        break;
      case 6:
        this.packetBlock(body, view, 0, packets, 20);
        break;
      case 2:
        // The obsolete packet block: a 16-bit interface id and a drops count where the enhanced block has 32 bits.
        this.packetBlock(body, view, 0, packets, 20, true);
        break;
      case 3:
        this.simpleBlock(body, view, packets);
        break;
    }
    return length;
  }

  private interfaceBlock(body: Uint8Array, view: DataView): void {
    if (body.length < 8) return;
    let unitsPerMs = 1000;
    // Options: code, length, value padded to 4 bytes; if_tsresol (9) sets the timestamp unit.
    for (let at = 8; at + 4 <= body.length;) {
      const code = view.getUint16(at, this.little);
      const length = view.getUint16(at + 2, this.little);
      if (code === 0) break;
      if (code === 9 && length >= 1 && at + 4 < body.length) {
        const resolution = body[at + 4]!;
        const exponent = resolution & 0x7f;
        const perSecond = resolution & 0x80 ? 2 ** exponent : 10 ** exponent;
        if (Number.isFinite(perSecond) && perSecond >= 1) unitsPerMs = perSecond / 1000;
      }
      at += 4 + Math.ceil(length / 4) * 4;
    }
    this.interfaces.push({ linkType: view.getUint16(0, this.little), unitsPerMs });
  }

  private packetBlock(
    body: Uint8Array,
    view: DataView,
    at: number,
    packets: CapturedPacket[],
    headerLength: number,
    obsolete = false,
  ): void {
    if (body.length < headerLength) return;
    const id = obsolete ? view.getUint16(0, this.little) : view.getUint32(0, this.little);
    const face = this.interfaces[id];
    if (!face) return;
    const high = view.getUint32(4, this.little);
    const low = view.getUint32(8, this.little);
    const captured = view.getUint32(12, this.little);
    const wire = view.getUint32(16, this.little);
    if (captured > body.length - headerLength || captured > MAX_PACKET) return;
    this.emit(packets, {
      t: (high * 4294967296 + low) / face.unitsPerMs,
      linkType: face.linkType,
      data: body.subarray(at + headerLength, at + headerLength + captured),
      wireLength: Math.max(wire, captured),
    });
  }

  private simpleBlock(body: Uint8Array, view: DataView, packets: CapturedPacket[]): void {
    const face = this.interfaces[0];
    if (!face || body.length < 4) return;
    const wire = view.getUint32(0, this.little);
    const captured = Math.min(wire, body.length - 4);
    // A simple packet block has no timestamp: it is placed at the time of the packet before it.
    this.emit(packets, {
      t: Number.NaN,
      linkType: face.linkType,
      data: body.subarray(4, 4 + captured),
      wireLength: wire,
    });
  }

  /** More bytes are needed for the record at the front: this many in all. */
  private needs(bytes: number): 0 {
    this.need = bytes;
    return 0;
  }

  private emit(packets: CapturedPacket[], packet: CapturedPacket): void {
    this.packets += 1;
    if (packet.wireLength > packet.data.length) this.truncatedPackets += 1;
    packets.push(packet);
  }
}

function viewOf(bytes: Uint8Array, at: number, length: number): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset + at, length);
}

function joinAll(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
