import { classifyAddress } from '../../../net/address.js';
import type { NotShown, ProbeRecord } from '../../../record/record.js';
import type { LogEvent, ParsedLog } from '../events.js';
import type { CaptureFormat } from './container.js';
import { announcedBy, type AnnouncedData, type ControlSession } from './ftp.js';
import { betweenHosts, toServerPort } from './indexes.js';
import type { TcpConnection } from './tcp.js';

/** A client connects within this long of a 227, or a server of a PORT; later connections to the port are another's. */
const DATA_WINDOW_MS = 120_000;
/** TTLs and hop limits a host starts its packets with: seen unchanged, the packet was sent from the capturing host. */
const INITIAL_TTLS = new Set([32, 64, 128, 255]);

/** Which end of the session the capture was taken at, from the TTLs: the local end's packets have not crossed a router yet. */
export function sideOf(connection: TcpConnection): 'client' | 'server' {
  const client = connection.toServer.ttl;
  const server = connection.toClient.ttl;
  if (server !== undefined && INITIAL_TTLS.has(server) && client !== undefined && !INITIAL_TTLS.has(client))
    return 'server';
  return 'client';
}

/**
 * One FTP session of a capture in the terms every log is read in: the control
 * connection's handshake, its lines with their times (PASS masked), and each
 * data connection the session announced, matched to the TCP connection that
 * followed, or to none.
 */
export interface CaptureSession {
  session: ControlSession;
  side: 'client' | 'server';
  log: ParsedLog & { alsoNotShown: NotShown[] };
  /** Each data channel the session announced, and the connection that carried it (none: it never came). */
  data: Array<{ announced: AnnouncedData; connection?: TcpConnection }>;
}

export function sessionToLog(
  session: ControlSession,
  connections: readonly TcpConnection[],
  format: CaptureFormat,
  captureEnd: number,
): CaptureSession {
  const control = session.connection;
  const side = sideOf(control);
  const events: LogEvent[] = [];
  const at = (t: number): { t: number; line: number } => ({ t, line: events.length + 1 });
  // Seen from a server behind NAT, its own address is not the one clients connect to: that one the capture cannot show.
  const behindNat =
    side === 'server' &&
    classifyAddress(control.server.host).scope !== 'public' &&
    classifyAddress(control.client.host).scope === 'public';
  const host = behindNat ? `this server (${control.server.host}, behind NAT)` : control.server.host;
  events.push({ ...at(control.synTimes[0] ?? control.firstT), kind: 'connect', host, port: control.server.port });
  if (control.synAck !== undefined || control.midstream)
    events.push({ ...at(control.synAck ?? control.firstT), kind: 'connected' });
  events.push({ ...at(control.firstT), kind: 'local-address', host: control.client.host });
  const used = new Set<TcpConnection>();
  const data: CaptureSession['data'] = [];
  const otherSource: NonNullable<ProbeRecord['dataFromOtherSource']> = [];
  for (const line of session.lines) {
    const text = line.fromClient && /^PASS\b/i.test(line.text) ? 'PASS ****' : line.text;
    events.push({ ...at(line.t), kind: line.fromClient ? 'sent' : 'reply', text });
    const announced = announcedBy(line);
    if (!announced) continue;
    const connection = dataConnectionFor(announced, control, connections, used);
    data.push({ announced, ...(connection ? { connection } : {}) });
    if (!connection) continue;
    used.add(connection);
    events.push(...dataEvents(announced, connection, events.length));
    if (announced.passive && connection.client.host !== control.client.host)
      otherSource.push({ control: control.client.host, data: connection.client.host, port: connection.server.port });
  }
  // The last command unanswered while the capture goes on: the client waited at least this long.
  const last = session.lines.at(-1);
  if (last?.fromClient && session.encryptedFrom === undefined && captureEnd - last.t >= 1000)
    events.push({
      ...at(captureEnd),
      kind: 'timeout',
      text: `no reply to ${/^PASS\b/i.test(last.text) ? 'PASS' : last.text} in the ${seconds(captureEnd - last.t)} the capture goes on`,
      waitedMs: captureEnd - last.t,
    });
  const alsoNotShown: NotShown[] = [];
  if (session.encryptedFrom !== undefined) alsoNotShown.push('encrypted-commands');
  if (session.gaps.some((gap) => !gap.heldCap)) alsoNotShown.push('capture-gaps');
  if (session.gaps.some((gap) => gap.heldCap)) alsoNotShown.push('capture-reorder-cap');
  events.sort((a, b) => (a.t ?? 0) - (b.t ?? 0) || a.line - b.line);
  // Whole milliseconds, as every report shows times.
  events.forEach((event, index) => {
    event.line = index + 1;
    if (event.t !== undefined) event.t = Math.round(event.t);
  });
  const encrypted =
    session.encryptedFrom === undefined ? [] : encryptedData(control, session.encryptedFrom, connections);
  const observations = {
    ...(otherSource.length > 0 ? { dataFromOtherSource: otherSource } : {}),
    ...(encrypted.length > 0 ? { encryptedData: encrypted } : {}),
  };
  const log = {
    format,
    sourceKind: 'capture' as const,
    ...(Object.keys(observations).length > 0 ? { observations } : {}),
    client:
      side === 'server'
        ? `a client at ${control.client.host} (seen from the server)`
        : `the client at ${control.client.host}`,
    side,
    events,
    ...(side === 'server' ? { clientAddress: control.client.host } : {}),
    alsoNotShown,
  };
  return { session, side, log, data };
}

/**
 * The TCP connection that carried a data channel: to the announced port
 * (whatever the address: a client may rightly go to the control address
 * instead of a private one), from the control connection's other end, first
 * after the announcement.
 */
function dataConnectionFor(
  announced: AnnouncedData,
  control: TcpConnection,
  connections: readonly TcpConnection[],
  used: ReadonlySet<TcpConnection>,
): TcpConnection | undefined {
  return toServerPort(connections, announced.port).find((c) => {
    if (c === control || used.has(c)) return false;
    const start = c.synTimes[0] ?? c.firstT;
    if (start < announced.t - 1 || start > announced.t + DATA_WINDOW_MS) return false;
    return announced.passive
      ? c.server.port === announced.port && (c.client.host === control.client.host || c.family === control.family)
      : c.server.port === announced.port && (c.client.host === control.server.host || c.server.host === announced.host);
  });
}

/**
 * Under TLS the 227 and PORT cannot be read, but the data connections are
 * still TCP: any connection between the control connection's two hosts (the
 * client to the server, or back for active mode) while the session lasts.
 */
function encryptedData(
  control: TcpConnection,
  from: number,
  connections: readonly TcpConnection[],
): NonNullable<ProbeRecord['encryptedData']> {
  const between = betweenHosts(connections, control.client.host, control.server.host);
  // Sorted by their start: the session's own window is found by a binary search, not a scan.
  let low = 0;
  for (let high = between.length; low < high;) {
    const middle = (low + high) >> 1;
    if (between[middle]!.firstT < from) low = middle + 1;
    else high = middle;
  }
  const within: TcpConnection[] = [];
  for (let i = low; i < between.length && within.length < MAX_ENCRYPTED_DATA; i += 1) {
    const c = between[i]!;
    if (c.firstT > control.lastT + 1000) break;
    if (c !== control) within.push(c);
  }
  return within.map((c) => ({
    host: c.server.host,
    port: c.server.port,
    outcome: c.synAck !== undefined || c.midstream ? 'ok' : c.toClient.rst !== undefined ? 'refused' : 'timeout',
    syns: c.syns,
    bytes: c.toClient.payloadBytes + c.toServer.payloadBytes,
  }));
}

/** Data connections listed for one encrypted session: more is not a session's own. */
const MAX_ENCRYPTED_DATA = 1000;

function dataEvents(announced: AnnouncedData, data: TcpConnection, line: number): LogEvent[] {
  const start = data.synTimes[0] ?? data.firstT;
  const events: LogEvent[] = [];
  if (!announced.passive) {
    if (data.synAck !== undefined || data.midstream)
      events.push({ t: data.synAck ?? start, line, kind: 'accepted', host: data.client.host });
  } else {
    events.push({ t: start, line, kind: 'connect', host: data.server.host, port: data.server.port, data: true });
    if (data.synAck !== undefined || data.midstream)
      events.push({ t: data.synAck ?? start, line, kind: 'connected', data: true });
    else if (data.toClient.rst !== undefined)
      events.push({
        t: data.toClient.rst,
        line,
        kind: 'connect-failed',
        outcome: 'refused',
        text: 'the SYN was answered with a reset (refused)',
        data: true,
      });
    else
      events.push({
        t: data.lastT,
        line,
        kind: 'connect-failed',
        outcome: 'timeout',
        text: `${data.syns} SYN${data.syns === 1 ? '' : 's'} at ${data.synTimes.map((t) => seconds(t - start)).join(', ')}${data.syns > data.synTimes.length ? ', …' : ''}, none answered (dropped silently)`,
        data: true,
      });
  }
  const bytes = data.toClient.payloadBytes + data.toServer.payloadBytes;
  const lines = data.toClient.lineEnds + data.toServer.lineEnds;
  if (bytes > 0) events.push({ t: data.lastT, line, kind: 'bytes', bytes, lines });
  return events;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
