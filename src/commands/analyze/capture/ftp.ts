import { parseEprtArgument, parsePortArgument } from '../../../protocol/ftp-commands.js';
import { parsePassiveReply } from '../../../protocol/passive.js';
import { CAPTURE_LIMITS } from '../../../record/capture-limits.js';
import { COMMAND_WORDS } from '../events.js';
import type { StreamGap, StreamSink, TcpConnection } from './tcp.js';

/**
 * FTP control connections, found by what they carry (a 220 greeting, then
 * FTP commands), on any port; their lines each way with the time of the
 * segment that ended them. Bounded as Zeek bounds its FTP analyzer, whatever
 * the capture: lines are cut at CAPTURE_LIMITS.lineBytes, a session keeps its
 * first sessionLines lines or sessionBytes, all sessions together totalBytes,
 * and only the first `sessions` sessions are kept at all. What a cap left
 * out is counted, and the report says so.
 */
export interface ControlLine {
  t: number;
  fromClient: boolean;
  text: string;
}

export interface ControlSession {
  connection: TcpConnection;
  lines: ControlLine[];
  /** AUTH TLS was accepted at this time: what follows is encrypted. */
  encryptedFrom?: number;
  /** Bytes missing from the control stream (lost before the capture, or cut by the snap length). */
  gaps: StreamGap[];
  /** Lines past the session's caps (or the capture's), not kept. */
  linesDropped: number;
  /** Bytes of text kept. */
  bytes: number;
  /** The last command the client sent: what a 234 answers. */
  lastCommand?: string;
}

/** Greetings and commands are ASCII; a control stream's first bytes are checked for these. */
const GREETING = /^220[ -]/;
const REPLY_START = /^\d{3}[ -]/;
const FTP_PORTS = new Set([21, 2121]);

const latin1 = new TextDecoder('latin1');

export class FtpSessions implements StreamSink {
  readonly sessions: ControlSession[] = [];
  /** FTP control connections past the sessions cap: seen, not read. */
  sessionsNotRead = 0;
  private readonly byConnection = new Map<number, ControlSession>();
  private readonly partial = new Map<string, { text: string; t: number }>();
  private totalBytes = 0;

  wants(connection: TcpConnection, fromClient: Uint8Array, fromServer: Uint8Array): 'yes' | 'no' | 'undecided' {
    const decision = this.decide(connection, fromClient, fromServer);
    // Past the sessions cap an FTP connection is counted, and its bytes are neither held nor read.
    if (decision === 'yes' && this.sessions.length >= CAPTURE_LIMITS.sessions) {
      this.sessionsNotRead += 1;
      return 'no';
    }
    return decision;
  }

  private decide(
    connection: TcpConnection,
    fromClient: Uint8Array,
    fromServer: Uint8Array,
  ): 'yes' | 'no' | 'undecided' {
    const server = latin1.decode(fromServer.subarray(0, 512));
    const client = latin1.decode(fromClient.subarray(0, 512));
    const clientWord = firstLine(client);
    // TLS from the first byte (implicit FTPS, HTTPS): not readable as FTP.
    if (fromServer[0] === 0x16 || fromClient[0] === 0x16) return 'no';
    if (server && !REPLY_START.test(server) && server.length >= 4) return 'no';
    if (clientWord !== undefined && !COMMAND_WORDS.test(clientWord)) return 'no';
    if (GREETING.test(server)) {
      // SMTP greets with 220 too: it is told apart by the client's first command (EHLO is no FTP command).
      if (clientWord !== undefined) return 'yes';
      return FTP_PORTS.has(connection.server.port) || /ftp/i.test(firstLine(server) ?? '') ? 'yes' : 'undecided';
    }
    // A capture begun mid-session: FTP commands from the client, replies from the server.
    if (connection.midstream && clientWord !== undefined && (server === '' || REPLY_START.test(server))) return 'yes';
    return server === '' || !server.includes('\n') ? 'undecided' : 'no';
  }

  data(connection: TcpConnection, fromClient: boolean, bytes: Uint8Array, t: number): void {
    const session = this.sessionOf(connection);
    if (session.encryptedFrom !== undefined && t >= session.encryptedFrom) return;
    const key = `${connection.id}|${fromClient}`;
    const text = (this.partial.get(key)?.text ?? '') + latin1.decode(bytes);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.line(session, fromClient, text.slice(start, end).replace(/\r$/, ''), t);
      start = end + 1;
    }
    // A line with no end in sight is cut, as a server's own reader would.
    let rest = text.slice(start);
    if (rest.length > CAPTURE_LIMITS.lineBytes) rest = rest.slice(0, CAPTURE_LIMITS.lineBytes);
    this.partial.set(key, { text: rest, t });
  }

  gap(connection: TcpConnection, _fromClient: boolean, gap: StreamGap): void {
    this.sessionOf(connection).gaps.push(gap);
  }

  /** A connection's session, made at its first bytes: only connections wants() said yes to, which the sessions cap bounds. */
  private sessionOf(connection: TcpConnection): ControlSession {
    let session = this.byConnection.get(connection.id);
    if (!session) {
      session = { connection, lines: [], gaps: [], linesDropped: 0, bytes: 0 };
      this.byConnection.set(connection.id, session);
      this.sessions.push(session);
    }
    return session;
  }

  private line(session: ControlSession, fromClient: boolean, raw: string, t: number): void {
    const text = raw.length > CAPTURE_LIMITS.lineBytes ? raw.slice(0, CAPTURE_LIMITS.lineBytes) : raw;
    if (
      session.lines.length >= CAPTURE_LIMITS.sessionLines ||
      session.bytes + text.length > CAPTURE_LIMITS.sessionBytes ||
      this.totalBytes + text.length > CAPTURE_LIMITS.totalBytes
    ) {
      session.linesDropped += 1;
      return;
    }
    session.bytes += text.length;
    this.totalBytes += text.length;
    session.lines.push({ t, fromClient, text });
    if (fromClient) session.lastCommand = text;
    // AUTH TLS (or SSL) accepted with 234: from the next byte on both ways are TLS.
    else if (/^234[ -]/.test(text) && session.lastCommand !== undefined && /^AUTH\s/i.test(session.lastCommand))
      session.encryptedFrom = t;
  }
}

function firstLine(text: string): string | undefined {
  const end = text.indexOf('\n');
  return end === -1 ? undefined : text.slice(0, end).replace(/\r$/, '');
}

/** A data connection the control connection announced: where, and from which reply or command. */
export interface AnnouncedData {
  t: number;
  passive: boolean;
  host?: string;
  port: number;
}

/** The address and port a 227/229 reply or a PORT/EPRT command names, if the line is one. */
export function announcedBy(line: ControlLine): AnnouncedData | undefined {
  const reply = /^(227|229)[ -]/.exec(line.text);
  if (!line.fromClient && reply) {
    const passive = parsePassiveReply(Number(reply[1]), line.text.slice(4));
    if (!passive?.ok) return undefined;
    return {
      t: line.t,
      passive: true,
      ...(passive.value.host ? { host: passive.value.host } : {}),
      port: passive.value.port,
    };
  }
  if (line.fromClient && /^(PORT|EPRT)\s/i.test(line.text)) {
    const argument = line.text.slice(5);
    const parsed = /^PORT/i.test(line.text) ? parsePortArgument(argument) : parseEprtArgument(argument);
    return parsed.ok ? { t: line.t, passive: false, host: parsed.value.host, port: parsed.value.port } : undefined;
  }
  return undefined;
}
