import type { MiddleboxObservation } from '../../../record/record.js';
import type { TcpConnection } from './tcp.js';
import type { CaptureSession } from './to-log.js';

/** A client-side session and the server-side capture of the same session, when there is one. */
export interface PairedSession {
  client: CaptureSession;
  server?: CaptureSession;
}

/** A data connection reaches the server within this long of leaving the client, or it was lost. */
const TRANSIT_MS = 30_000;

/**
 * Pairs each client-side session with the server-side session of the same
 * login: the one whose commands (their verbs and, but for PORT and EPRT, their
 * text) agree best, on the same control port. Clocks of two hosts may differ:
 * times are not compared.
 */
export function pairSessions(clientSide: CaptureSession[], serverSide: CaptureSession[]): PairedSession[] {
  const free = new Set(serverSide);
  return clientSide.map((client) => {
    let best: { session: CaptureSession; score: number } | undefined;
    for (const server of free) {
      if (server.session.connection.server.port !== client.session.connection.server.port) continue;
      const score = agreement(commandsOf(client), commandsOf(server));
      if (score > 0 && (!best || score > best.score)) best = { session: server, score };
    }
    if (best) free.delete(best.session);
    return best ? { client, server: best.session } : { client };
  });
}

function commandsOf(capture: CaptureSession): string[] {
  return capture.session.lines
    .filter((line) => line.fromClient)
    .map((line) => (/^(PORT|EPRT)\s/i.test(line.text) ? line.text.slice(0, 4).toUpperCase() : line.text));
}

/** How many commands agree, in order, from the start. */
function agreement(a: string[], b: string[]): number {
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same += 1;
  return same;
}

/**
 * What the two captures show together: the control connection's addresses
 * at each end, each PORT, EPRT, 227 or 229 line that differs between them
 * (compared in order, line by line), and each data connection the client
 * tried that never reached the server.
 */
export function compareSides(
  pair: Required<PairedSession>,
  serverConnections: readonly TcpConnection[],
): MiddleboxObservation {
  const { client, server } = pair;
  const rewrites: MiddleboxObservation['rewrites'] = [];
  const clientLines = client.session.lines;
  const serverLines = server.session.lines;
  for (let i = 0; i < Math.min(clientLines.length, serverLines.length); i += 1) {
    const atClient = clientLines[i]!;
    const atServer = serverLines[i]!;
    if (atClient.fromClient !== atServer.fromClient) break;
    const line = rewritable(atClient.text, atClient.fromClient);
    if (!line || atClient.text === atServer.text) continue;
    rewrites.push(
      atClient.fromClient
        ? { line, sent: atClient.text, received: atServer.text, from: 'client' }
        : { line, sent: atServer.text, received: atClient.text, from: 'server' },
    );
  }
  const lostBetween: MiddleboxObservation['lostBetween'] = [];
  for (const { announced, connection } of client.data) {
    if (!announced.passive || !connection || connection.synAck !== undefined || connection.midstream) continue;
    // The server's capture has its own clock: shifted by the control connection's start, any connection to the port near it counts as arrived.
    const offset = server.session.connection.firstT - client.session.connection.firstT;
    const expected = (connection.synTimes[0] ?? connection.firstT) + offset;
    const arrived = serverConnections.some(
      (c) => c.server.port === connection.server.port && Math.abs((c.synTimes[0] ?? c.firstT) - expected) < TRANSIT_MS,
    );
    if (!arrived)
      lostBetween.push({
        host: connection.server.host,
        port: connection.server.port,
        syns: connection.synTimes.length,
      });
  }
  const side = (capture: CaptureSession): { client: string; server: string } => ({
    client: capture.session.connection.client.host,
    server: capture.session.connection.server.host,
  });
  return { clientSide: side(client), serverSide: side(server), rewrites, lostBetween };
}

function rewritable(text: string, fromClient: boolean): MiddleboxObservation['rewrites'][number]['line'] | undefined {
  if (fromClient) return /^PORT\s/i.test(text) ? 'PORT' : /^EPRT\s/i.test(text) ? 'EPRT' : undefined;
  return /^227[ -]/.test(text) ? '227' : /^229[ -]/.test(text) ? '229' : undefined;
}
