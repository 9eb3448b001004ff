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
}

/**
 * Reads a capture from its chunks, in one pass: packets, TCP segments, the
 * connections they make, and the FTP sessions among them. Only FTP control
 * streams are kept whole; every other connection is a handful of numbers.
 */
export function readCapture(chunks: Iterable<Uint8Array>): ReadCapture {
  const reader = new CaptureReader();
  const ftp = new FtpSessions();
  const tcp = new TcpTracker(ftp);
  const skipped: SkipCounts = { fragments: 0, otherLinkTypes: 0 };
  let lastT = 0;
  for (const chunk of chunks) {
    for (const packet of reader.push(chunk)) {
      // A simple packet block has no time of its own: it takes the one before it.
      if (Number.isNaN(packet.t)) packet.t = lastT;
      lastT = Math.max(lastT, packet.t);
      const segment = segmentOf(packet, skipped);
      if (segment) tcp.add(segment);
    }
    if (reader.problem) break;
  }
  reader.end();
  tcp.finish();
  const sessions = ftp.sessions
    .filter((session) => session.lines.length > 0)
    .map((session) => sessionToLog(session, tcp.connections, reader.captureFormat ?? 'pcap', lastT));
  // A file cut short (or corrupt from some point) is read as far as it goes, and every report says so.
  if (reader.problem) for (const session of sessions) session.log.alsoNotShown.push('capture-end');
  return {
    format: reader.captureFormat ?? 'pcap',
    sessions,
    connections: tcp.connections,
    packets: reader.packets,
    tcpConnections: tcp.connections.length,
    ...(reader.problem ? { problem: reader.problem } : {}),
    truncatedPackets: reader.truncatedPackets,
    skipped: { ...skipped, untrackedConnections: tcp.untracked },
  };
}
