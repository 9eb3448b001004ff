import { CAPTURE_LIMITS } from '../../../record/capture-limits.js';
import { TCP_FLAGS, type TcpSegment } from './packet.js';

/**
 * TCP connections as a capture shows them: each one's handshake (SYNs and
 * their retransmissions, the SYN-ACK, RST and FIN and from which side), its
 * bytes each way, and, for the connections a `StreamSink` asks for, each
 * direction's byte stream in order: retransmissions dropped, out-of-order
 * segments held back (bounded), and what is missing said as a gap, never
 * guessed.
 */
export interface Endpoint {
  host: string;
  port: number;
}

/** A gap in one direction's stream: bytes the capture does not hold (lost before the capture, or cut by the snap length). */
export interface StreamGap {
  t: number;
  bytes: number;
  /** The bytes may have come later, out of order, past what is held back: given up, not missing. */
  heldCap?: true;
}

export interface Direction {
  /** The first packet's TTL or hop limit this way. */
  ttl?: number;
  payloadBytes: number;
  /** Line ends in the payload: a listing's entries. */
  lineEnds: number;
  gaps: StreamGap[];
  fin?: number;
  rst?: number;
}

export interface TcpConnection {
  id: number;
  family: 4 | 6;
  /** The side that sent the SYN (or, without one, the first packet not from a well-known FTP port). */
  client: Endpoint;
  server: Endpoint;
  /** The times of the client's first SYNs (at most MAX_SYN_TIMES): more than one is a retransmission, the server's silence. */
  synTimes: number[];
  /** Every SYN the client sent, counted. */
  syns: number;
  synAck?: number;
  /** The client's ACK of the SYN-ACK. */
  established?: number;
  firstT: number;
  lastT: number;
  /** The handshake was not in the capture: the connection began before it. */
  midstream: boolean;
  toServer: Direction;
  toClient: Direction;
}

/** Receives the in-order bytes of the connections it wants. */
export interface StreamSink {
  /** Asked with a connection's first bytes each way (up to SINK_HEAD_BYTES), as they grow, until it says yes or no. */
  wants(connection: TcpConnection, fromClient: Uint8Array, fromServer: Uint8Array): 'yes' | 'no' | 'undecided';
  data(connection: TcpConnection, fromClient: boolean, bytes: Uint8Array, t: number): void;
  gap(connection: TcpConnection, fromClient: boolean, gap: StreamGap): void;
}

/** Bytes held back out of order, per direction, before the earliest is given up as a gap; and over every connection. */
const MAX_HELD = CAPTURE_LIMITS.heldBytes;
const MAX_HELD_TOTAL = CAPTURE_LIMITS.heldTotalBytes;
/** Bytes kept while a sink is undecided about a connection. */
const MAX_UNDECIDED = 8 * 1024;
/** The same over every connection. */
const MAX_UNDECIDED_TOTAL = 16 * 1024 * 1024;
/** How much of each direction's first bytes a sink is shown to decide on. */
export const SINK_HEAD_BYTES = 512;
/** SYN times kept a connection: enough to show a retransmission's backoff; the rest are counted. */
const MAX_SYN_TIMES = 16;
/** Connections followed at once; beyond this a capture's further connections are counted, not kept. */
export const MAX_CONNECTIONS = 500_000;

interface HeldSegment {
  seq: number;
  bytes: Uint8Array;
  t: number;
}

interface StreamState {
  next?: number;
  /** Out-of-order segments, earliest first (a heap by their offset from `base`). */
  held: SegmentHeap;
  heldBytes: number;
  /** Bytes delivered while the sink was undecided, with their times. */
  early: Array<{ bytes: Uint8Array; t: number }>;
  earlyBytes: number;
  /** The first SINK_HEAD_BYTES of them: what the sink decides on. */
  head: Uint8Array;
}

interface Tracked {
  connection: TcpConnection;
  decision: 'yes' | 'no' | 'undecided';
  streams: [StreamState, StreamState];
}

const WELL_KNOWN_SERVER_PORTS = new Set([20, 21, 990, 2121]);

export class TcpTracker {
  private readonly byKey = new Map<string, Tracked>();
  readonly connections: TcpConnection[] = [];
  untracked = 0;
  private heldTotal = 0;
  private undecidedTotal = 0;

  constructor(private readonly sink: StreamSink) {}

  add(segment: TcpSegment): void {
    const forward = `${segment.src}|${segment.srcPort}|${segment.dst}|${segment.dstPort}`;
    const backward = `${segment.dst}|${segment.dstPort}|${segment.src}|${segment.srcPort}`;
    const syn = (segment.flags & TCP_FLAGS.syn) !== 0;
    const ack = (segment.flags & TCP_FLAGS.ack) !== 0;
    let tracked = this.byKey.get(forward) ?? this.byKey.get(backward);
    // A new SYN on a finished connection's ports starts another connection.
    if (tracked && syn && !ack && tracked.connection.synAck !== undefined && this.ended(tracked.connection))
      tracked = undefined;
    if (!tracked) {
      if (this.connections.length >= MAX_CONNECTIONS) {
        this.untracked += 1;
        return;
      }
      tracked = this.start(segment, syn && !ack);
      this.byKey.set(forward, tracked);
    }
    const connection = tracked.connection;
    const fromClient = segment.src === connection.client.host && segment.srcPort === connection.client.port;
    connection.lastT = segment.t;
    const direction = fromClient ? connection.toServer : connection.toClient;
    direction.ttl ??= segment.ttl;
    if (syn && !ack && fromClient) {
      // The same SYN seen twice at once (a capture on "any" sees it on two interfaces) is one SYN; they arrive in time order.
      if (connection.synTimes.at(-1) !== segment.t) {
        connection.syns += 1;
        if (connection.synTimes.length < MAX_SYN_TIMES) connection.synTimes.push(segment.t);
      }
      tracked.streams[0].next = (segment.seq + 1) >>> 0;
    }
    if (syn && ack && !fromClient) {
      connection.synAck ??= segment.t;
      tracked.streams[1].next = (segment.seq + 1) >>> 0;
    }
    if (!syn && ack && fromClient && connection.synAck !== undefined) connection.established ??= segment.t;
    if (segment.flags & TCP_FLAGS.rst) direction.rst ??= segment.t;
    if (segment.payload.length > 0 || segment.missing > 0) this.payload(tracked, fromClient, segment);
    if (segment.flags & TCP_FLAGS.fin) direction.fin ??= segment.t;
  }

  /** The capture ended: what is still held back is given up as gaps, in order. */
  finish(): void {
    for (const tracked of this.byKey.values())
      for (const fromClient of [true, false]) {
        const stream = tracked.streams[fromClient ? 0 : 1];
        while (stream.held.size > 0) this.skipToHeld(tracked, fromClient, stream);
      }
  }

  private ended(connection: TcpConnection): boolean {
    const { toServer, toClient } = connection;
    return (
      toServer.rst !== undefined ||
      toClient.rst !== undefined ||
      (toServer.fin !== undefined && toClient.fin !== undefined)
    );
  }

  private start(segment: TcpSegment, isSyn: boolean): Tracked {
    const from = { host: segment.src, port: segment.srcPort };
    const to = { host: segment.dst, port: segment.dstPort };
    // Without a SYN, the side on a well-known FTP port is the server.
    const clientIsSource =
      isSyn || !WELL_KNOWN_SERVER_PORTS.has(segment.srcPort) || WELL_KNOWN_SERVER_PORTS.has(segment.dstPort);
    const connection: TcpConnection = {
      id: this.connections.length + 1,
      family: segment.family,
      client: clientIsSource ? from : to,
      server: clientIsSource ? to : from,
      synTimes: [],
      syns: 0,
      firstT: segment.t,
      lastT: segment.t,
      midstream: !isSyn,
      toServer: { payloadBytes: 0, lineEnds: 0, gaps: [] },
      toClient: { payloadBytes: 0, lineEnds: 0, gaps: [] },
    };
    this.connections.push(connection);
    const stream = (): StreamState => ({
      held: new SegmentHeap(),
      heldBytes: 0,
      early: [],
      earlyBytes: 0,
      head: new Uint8Array(0),
    });
    return { connection, decision: 'undecided', streams: [stream(), stream()] };
  }

  private payload(tracked: Tracked, fromClient: boolean, segment: TcpSegment): void {
    const direction = fromClient ? tracked.connection.toServer : tracked.connection.toClient;
    direction.payloadBytes += segment.payload.length + segment.missing;
    for (let at = segment.payload.indexOf(0x0a); at !== -1; at = segment.payload.indexOf(0x0a, at + 1))
      direction.lineEnds += 1;
    if (tracked.decision === 'no') return;
    const stream = tracked.streams[fromClient ? 0 : 1];
    stream.next ??= segment.seq;
    const offset = (segment.seq - stream.next) | 0;
    if (offset > 0) {
      // Out of order: held until the bytes before it come, or given up as a gap.
      // Copied: the capture's buffer is refilled (a Buffer's slice() would be a view).
      stream.held.push({ seq: segment.seq, bytes: new Uint8Array(segment.payload), t: segment.t }, stream.next);
      stream.heldBytes += heldCost(segment.payload.length);
      this.heldTotal += heldCost(segment.payload.length);
      if (stream.heldBytes > MAX_HELD || this.heldTotal > MAX_HELD_TOTAL)
        this.skipToHeld(tracked, fromClient, stream, true);
      return;
    }
    this.deliver(tracked, fromClient, segment.payload.subarray(-offset), segment.t);
    stream.next = (segment.seq + segment.payload.length) >>> 0;
    if (segment.missing > 0 && -offset <= segment.payload.length) {
      this.gap(tracked, fromClient, { t: segment.t, bytes: segment.missing });
      stream.next = (stream.next + segment.missing) >>> 0;
    }
    this.drainHeld(tracked, fromClient, stream);
  }

  /** Delivers the held segments that now come next, earliest first: each is looked at once. */
  private drainHeld(tracked: Tracked, fromClient: boolean, stream: StreamState): void {
    for (let held = stream.held.peek(); held !== undefined; held = stream.held.peek()) {
      const offset = (held.seq - stream.next!) | 0;
      if (offset > 0) return;
      stream.held.pop();
      this.release(stream, heldCost(held.bytes.length));
      const end = (held.seq + held.bytes.length) >>> 0;
      if (((end - stream.next!) | 0) > 0) {
        this.deliver(tracked, fromClient, held.bytes.subarray(-offset), held.t);
        stream.next = end;
      }
    }
  }

  private release(stream: StreamState, bytes: number): void {
    stream.heldBytes -= bytes;
    this.heldTotal -= bytes;
  }

  /** Gives up the bytes before the earliest held segment as missing, then delivers on from there. */
  private skipToHeld(tracked: Tracked, fromClient: boolean, stream: StreamState, heldCap = false): void {
    const earliest = stream.held.peek();
    if (!earliest) return;
    const missing = (earliest.seq - stream.next!) | 0;
    if (missing > 0)
      this.gap(tracked, fromClient, { t: earliest.t, bytes: missing, ...(heldCap ? { heldCap: true as const } : {}) });
    stream.next = earliest.seq;
    this.drainHeld(tracked, fromClient, stream);
  }

  private gap(tracked: Tracked, fromClient: boolean, gap: StreamGap): void {
    (fromClient ? tracked.connection.toServer : tracked.connection.toClient).gaps.push(gap);
    if (tracked.decision === 'yes') this.sink.gap(tracked.connection, fromClient, gap);
  }

  private deliver(tracked: Tracked, fromClient: boolean, bytes: Uint8Array, t: number): void {
    if (bytes.length === 0 || tracked.decision === 'no') return;
    if (tracked.decision === 'yes') return this.sink.data(tracked.connection, fromClient, bytes, t);
    const stream = tracked.streams[fromClient ? 0 : 1];
    stream.early.push({ bytes: new Uint8Array(bytes), t });
    stream.earlyBytes += bytes.length;
    this.undecidedTotal += bytes.length;
    // The sink is asked again only when what it decides on has grown: each byte is looked at a bounded number of times.
    if (stream.head.length < SINK_HEAD_BYTES) {
      stream.head = joined([stream.head, bytes.subarray(0, SINK_HEAD_BYTES - stream.head.length)]);
      tracked.decision = this.sink.wants(tracked.connection, tracked.streams[0].head, tracked.streams[1].head);
    }
    if (
      tracked.decision === 'undecided' &&
      (stream.earlyBytes + tracked.streams[fromClient ? 1 : 0].earlyBytes > MAX_UNDECIDED ||
        this.undecidedTotal > MAX_UNDECIDED_TOTAL)
    )
      tracked.decision = 'no';
    if (tracked.decision === 'undecided') return;
    for (const s of tracked.streams) this.undecidedTotal -= s.earlyBytes;
    if (tracked.decision === 'no') {
      for (const s of tracked.streams) {
        this.heldTotal -= s.heldBytes;
        s.early = [];
        s.earlyBytes = 0;
        s.head = new Uint8Array(0);
        s.held = new SegmentHeap();
        s.heldBytes = 0;
      }
      return;
    }
    // What was held while undecided goes out first, each direction in its order, both by time.
    const early = [
      ...tracked.streams[0].early.map((e) => ({ ...e, fromClient: true })),
      ...tracked.streams[1].early.map((e) => ({ ...e, fromClient: false })),
    ].sort((a, b) => a.t - b.t);
    tracked.streams.forEach((s) => ((s.early = []), (s.earlyBytes = 0), (s.head = new Uint8Array(0))));
    for (const e of early) this.sink.data(tracked.connection, e.fromClient, e.bytes, e.t);
  }
}

/**
 * Held segments, earliest first: a binary heap ordered by each one's
 * distance from the point the stream had reached when the first was held,
 * so that sequence numbers that wrap around 2^32 still sort.
 */
class SegmentHeap {
  private readonly items: Array<{ key: number; segment: HeldSegment }> = [];
  private base: number | undefined;

  get size(): number {
    return this.items.length;
  }

  push(segment: HeldSegment, next: number): void {
    if (this.items.length === 0) this.base = next;
    const key = (segment.seq - this.base!) | 0;
    const items = this.items;
    items.push({ key, segment });
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.key <= items[i]!.key) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  peek(): HeldSegment | undefined {
    return this.items[0]?.segment;
  }

  pop(): HeldSegment | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last || items.length === 0) return top?.segment;
    items[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && items[left]!.key < items[smallest]!.key) smallest = left;
      if (right < items.length && items[right]!.key < items[smallest]!.key) smallest = right;
      if (smallest === i) break;
      [items[smallest], items[i]] = [items[i]!, items[smallest]!];
      i = smallest;
    }
    return top.segment;
  }
}

/** What a held segment costs against the caps: its bytes and what keeping it costs besides, so a flood of one-byte segments is bounded too. */
function heldCost(bytes: number): number {
  return bytes + 64;
}

function joined(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return new Uint8Array(0);
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
