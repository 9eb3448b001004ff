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
  /** Every SYN the client sent: more than one is a retransmission, the server's silence. */
  synTimes: number[];
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
  /** Asked with a connection's first bytes each way, at each new segment, until it says yes or no. */
  wants(connection: TcpConnection, fromClient: Uint8Array, fromServer: Uint8Array): 'yes' | 'no' | 'undecided';
  data(connection: TcpConnection, fromClient: boolean, bytes: Uint8Array, t: number): void;
  gap(connection: TcpConnection, fromClient: boolean, gap: StreamGap): void;
}

/** Bytes held back out of order, per direction, before the earliest is given up as a gap. */
const MAX_HELD = 1024 * 1024;
/** Bytes kept while a sink is undecided about a connection. */
const MAX_UNDECIDED = 8 * 1024;
/** Connections followed at once; beyond this a capture's further connections are counted, not kept. */
export const MAX_CONNECTIONS = 500_000;

interface StreamState {
  next?: number;
  held: Array<{ seq: number; bytes: Uint8Array; t: number }>;
  heldBytes: number;
  /** Bytes delivered while the sink was undecided, with their times. */
  early: Array<{ bytes: Uint8Array; t: number }>;
  earlyBytes: number;
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
      if (!connection.synTimes.includes(segment.t)) connection.synTimes.push(segment.t);
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
        while (stream.held.length > 0) this.skipToHeld(tracked, fromClient, stream);
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
      firstT: segment.t,
      lastT: segment.t,
      midstream: !isSyn,
      toServer: { payloadBytes: 0, lineEnds: 0, gaps: [] },
      toClient: { payloadBytes: 0, lineEnds: 0, gaps: [] },
    };
    this.connections.push(connection);
    const stream = (): StreamState => ({ held: [], heldBytes: 0, early: [], earlyBytes: 0 });
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
      stream.held.push({ seq: segment.seq, bytes: new Uint8Array(segment.payload), t: segment.t });
      stream.heldBytes += segment.payload.length;
      if (stream.heldBytes > MAX_HELD) this.skipToHeld(tracked, fromClient, stream);
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

  private drainHeld(tracked: Tracked, fromClient: boolean, stream: StreamState): void {
    for (let progress = true; progress && stream.held.length > 0;) {
      progress = false;
      for (let i = 0; i < stream.held.length; i += 1) {
        const held = stream.held[i]!;
        const offset = (held.seq - stream.next!) | 0;
        if (offset > 0) continue;
        stream.held.splice(i, 1);
        stream.heldBytes -= held.bytes.length;
        const end = (held.seq + held.bytes.length) >>> 0;
        if (((end - stream.next!) | 0) > 0) {
          this.deliver(tracked, fromClient, held.bytes.subarray(-offset), held.t);
          stream.next = end;
        }
        progress = true;
        break;
      }
    }
  }

  /** Gives up the bytes before the earliest held segment as missing, then delivers on from there. */
  private skipToHeld(tracked: Tracked, fromClient: boolean, stream: StreamState): void {
    const earliest = stream.held.reduce((a, b) => (((b.seq - a.seq) | 0) < 0 ? b : a));
    const missing = (earliest.seq - stream.next!) | 0;
    if (missing > 0) this.gap(tracked, fromClient, { t: earliest.t, bytes: missing });
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
    const [toServer, toClient] = tracked.streams.map((s) => joined(s.early.map((e) => e.bytes)));
    tracked.decision = this.sink.wants(tracked.connection, toServer!, toClient!);
    if (
      tracked.decision === 'undecided' &&
      stream.earlyBytes + tracked.streams[fromClient ? 1 : 0].earlyBytes > MAX_UNDECIDED
    )
      tracked.decision = 'no';
    if (tracked.decision === 'no') {
      tracked.streams.forEach((s) => ((s.early = []), (s.held = []), (s.heldBytes = 0)));
      return;
    }
    if (tracked.decision === 'yes') {
      // What was held while undecided goes out first, each direction in its order, both by time.
      const early = [
        ...tracked.streams[0].early.map((e) => ({ ...e, fromClient: true })),
        ...tracked.streams[1].early.map((e) => ({ ...e, fromClient: false })),
      ].sort((a, b) => a.t - b.t);
      tracked.streams.forEach((s) => ((s.early = []), (s.earlyBytes = 0)));
      for (const e of early) this.sink.data(tracked.connection, e.fromClient, e.bytes, e.t);
    }
  }
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
