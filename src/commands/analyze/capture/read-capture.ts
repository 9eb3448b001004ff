import { CAPTURE_LIMITS } from '../../../record/capture-limits.js';
import { CaptureReader, type CaptureFormat, type ReadProblem } from './container.js';
import { FtpSessions } from './ftp.js';
import { segmentOf, type SkipCounts } from './packet.js';
import { TcpTracker, type TcpConnection } from './tcp.js';
import { sessionToLog, type CaptureSession } from './to-log.js';

/** A capture read: its FTP sessions as logs, and what could not be read. */
export interface ReadCapture {
  format: CaptureFormat;
  sessions: CaptureSession[];
  connections: TcpConnection[];
  packets: number;
  tcpConnections: number;
  /** Why the reading stopped before the end, if it did. */
  problem?: ReadProblem;
  truncatedPackets: number;
  skipped: SkipCounts & { untrackedConnections: number };
  /** FTP sessions past the sessions cap: seen, not read. */
  sessionsNotRead: number;
  /** The reading stopped at its time budget. */
  outOfTime: boolean;
}

/** A capture being read, chunk by chunk: packets, TCP segments, connections and FTP sessions, in one pass. */
class CaptureReading {
  private readonly reader = new CaptureReader();
  private readonly ftp = new FtpSessions();
  private readonly tcp = new TcpTracker(this.ftp);
  private readonly skipped: SkipCounts = { fragments: 0, otherLinkTypes: 0 };
  private lastT = 0;
  outOfTime = false;

  /** Reads one chunk; false once the file is corrupt from there (nothing after is read). */
  push(chunk: Uint8Array): boolean {
    for (const packet of this.reader.push(chunk)) {
      // A simple packet block has no time of its own: it takes the one before it.
      if (Number.isNaN(packet.t)) packet.t = this.lastT;
      this.lastT = Math.max(this.lastT, packet.t);
      const segment = segmentOf(packet, this.skipped);
      if (segment) this.tcp.add(segment);
    }
    return !this.reader.problem;
  }

  finish(): ReadCapture {
    const { reader, tcp, ftp, skipped } = this;
    reader.end();
    tcp.finish();
    const format = reader.captureFormat ?? 'pcap';
    const sessions = ftp.sessions
      .filter((session) => session.lines.length > 0)
      .map((session) => sessionToLog(session, tcp.connections, format, this.lastT));
    for (const session of sessions) {
      // A file cut short (or corrupt from some point) is read as far as it goes, and every report says so.
      if (reader.problem) session.log.alsoNotShown.push('capture-end');
      // IP fragments are counted, not reassembled: a session that had some says they were not read.
      if (skipped.fragments > 0) session.log.alsoNotShown.push('capture-fragments');
      if (session.session.linesDropped > 0) session.log.alsoNotShown.push('capture-session-cap');
      if (ftp.sessionsNotRead > 0) session.log.alsoNotShown.push('capture-sessions-cap');
      if (this.outOfTime) session.log.alsoNotShown.push('capture-budget');
    }
    return {
      format,
      sessions,
      connections: tcp.connections,
      packets: reader.packets,
      tcpConnections: tcp.connections.length,
      ...(reader.problem ? { problem: reader.problem } : {}),
      truncatedPackets: reader.truncatedPackets,
      skipped: { ...skipped, untrackedConnections: tcp.untracked },
      sessionsNotRead: ftp.sessionsNotRead,
      outOfTime: this.outOfTime,
    };
  }
}

/**
 * Reads a capture from its chunks, in one pass: packets, TCP segments, the
 * connections they make, and the FTP sessions among them. Only FTP control
 * streams are kept whole; every other connection is a handful of numbers.
 */
export async function readCapture(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  budget: { now: () => number; ms: number } = { now: () => performance.now(), ms: CAPTURE_LIMITS.readingMs },
): Promise<ReadCapture> {
  const reading = new CaptureReading();
  // A small file that expands (a gzip of repeated packets) or is slow to read cannot hold a CI job for minutes.
  const ends = budget.now() + budget.ms;
  for await (const chunk of chunks) {
    if (budget.now() > ends) {
      reading.outOfTime = true;
      break;
    }
    if (!reading.push(chunk)) break;
  }
  return reading.finish();
}

/** The same, from chunks already at hand. */
export function readCaptureSync(chunks: Iterable<Uint8Array>): ReadCapture {
  const reading = new CaptureReading();
  for (const chunk of chunks) if (!reading.push(chunk)) break;
  return reading.finish();
}
