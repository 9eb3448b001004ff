import type { MiddleboxObservation } from '../../../record/record.js';
import { toServerPort } from './indexes.js';
import type { TcpConnection } from './tcp.js';
import type { CaptureSession } from './to-log.js';

/** A client-side session and the server-side capture of the same session, when there is one. */
export interface PairedSession {
  client: CaptureSession;
  server?: CaptureSession;
}

/** A data connection reaches the server within this long of leaving the client, or it was lost. */
const TRANSIT_MS = 30_000;

/** Candidates a session is compared with when no server-side session has exactly its commands. */
const MAX_CANDIDATES = 64;

/**
 * Pairs each client-side session with the server-side session of the same
 * login: the one whose commands (their verbs and, but for PORT and EPRT, their
 * text) agree best, on the same control port. Clocks of two hosts may differ:
 * times are not compared. A session with exactly the same commands is found
 * by look-up; otherwise the first MAX_CANDIDATES free sessions on the port
 * that begin with the same command are compared, so two captures of many
 * sessions pair in time proportional to their size.
 */
export function pairSessions(clientSide: CaptureSession[], serverSide: CaptureSession[]): PairedSession[] {
  const exact = new Map<string, CaptureSession[]>();
  const byStart = new Map<string, CaptureSession[]>();
  const taken = new Set<CaptureSession>();
  const commands = new Map<CaptureSession, string[]>();
  for (const server of serverSide) {
    const own = commandsOf(server);
    commands.set(server, own);
    listIn(exact, keyOf(server, own)).push(server);
    if (own.length > 0) listIn(byStart, `${server.session.connection.server.port}|${own[0]}`).push(server);
  }
  const firstFree = (list: CaptureSession[] | undefined): CaptureSession | undefined => {
    // Taken sessions are dropped from the front as they are met: each is passed over once.
    while (list && list.length > 0 && taken.has(list[0]!)) list.shift();
    return list?.[0];
  };
  return clientSide.map((client) => {
    const own = commandsOf(client);
    let found = own.length > 0 ? firstFree(exact.get(keyOf(client, own))) : undefined;
    if (!found && own.length > 0) {
      let best: { session: CaptureSession; score: number } | undefined;
      let compared = 0;
      for (const server of byStart.get(`${client.session.connection.server.port}|${own[0]}`) ?? []) {
        if (taken.has(server)) continue;
        if ((compared += 1) > MAX_CANDIDATES) break;
        const score = agreement(own, commands.get(server)!);
        if (!best || score > best.score) best = { session: server, score };
      }
      found = best?.session;
    }
    if (!found) return { client };
    taken.add(found);
    return { client, server: found };
  });
}

function keyOf(session: CaptureSession, commands: string[]): string {
  return `${session.session.connection.server.port}|${commands.join('\n')}`;
}

function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
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
    const arrived = toServerPort(serverConnections, connection.server.port).some(
      (c) => Math.abs((c.synTimes[0] ?? c.firstT) - expected) < TRANSIT_MS,
    );
    if (!arrived)
      lostBetween.push({
        host: connection.server.host,
        port: connection.server.port,
        syns: connection.syns,
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
