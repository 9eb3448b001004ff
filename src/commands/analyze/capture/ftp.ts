import { parseEprtArgument, parsePortArgument } from '../../../protocol/commands.js';
import { parsePassiveReply } from '../../../protocol/passive.js';
import { COMMAND_WORDS } from '../events.js';
import type { StreamGap, StreamSink, TcpConnection } from './tcp.js';

/**
 * FTP control connections, found by what they carry (a 220 greeting, then
 * FTP commands), on any port; their lines each way with the time of the
 * segment that ended them. Bounded as Zeek bounds its FTP analyzer: lines
 * are cut at MAX_LINE, and a session keeps at most MAX_LINES of them.
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
  linesDropped: number;
}

const MAX_LINE = 8 * 1024;
const MAX_LINES = 50_000;
/** Greetings and commands are ASCII; a control stream's first bytes are checked for these. */
const GREETING = /^220[ -]/;
const REPLY_START = /^\d{3}[ -]/;
const FTP_PORTS = new Set([21, 2121]);

const latin1 = new TextDecoder('latin1');

export class FtpSessions implements StreamSink {
  readonly sessions: ControlSession[] = [];
  private readonly byConnection = new Map<number, ControlSession>();
  private readonly partial = new Map<string, { text: string; t: number }>();

  wants(connection: TcpConnection, fromClient: Uint8Array, fromServer: Uint8Array): 'yes' | 'no' | 'undecided' {
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
    let text = (this.partial.get(key)?.text ?? '') + latin1.decode(bytes);
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n')) {
      this.line(session, fromClient, text.slice(0, end).replace(/\r$/, ''), t);
      text = text.slice(end + 1);
    }
    // A line with no end in sight is cut, as a server's own reader would.
    if (text.length > MAX_LINE) text = text.slice(0, MAX_LINE);
    this.partial.set(key, { text, t });
  }

  gap(connection: TcpConnection, _fromClient: boolean, gap: StreamGap): void {
    this.sessionOf(connection).gaps.push(gap);
  }

  private sessionOf(connection: TcpConnection): ControlSession {
    let session = this.byConnection.get(connection.id);
    if (!session) {
      session = { connection, lines: [], gaps: [], linesDropped: 0 };
      this.byConnection.set(connection.id, session);
      this.sessions.push(session);
    }
    return session;
  }

  private line(session: ControlSession, fromClient: boolean, text: string, t: number): void {
    if (session.lines.length >= MAX_LINES) {
      session.linesDropped += 1;
      return;
    }
    session.lines.push({ t, fromClient, text: text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text });
    // AUTH TLS (or SSL) accepted with 234: from the next byte on both ways are TLS.
    if (!fromClient && /^234[ -]/.test(text)) {
      const asked = [...session.lines].reverse().find((line) => line.fromClient);
      if (asked && /^AUTH\s/i.test(asked.text)) session.encryptedFrom = t;
    }
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
