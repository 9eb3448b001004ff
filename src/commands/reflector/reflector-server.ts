import net from 'node:net';
import tls from 'node:tls';
import { plainAddress } from '../../net/address.js';
import { formatReflectorLine } from '../../protocol/reflector-replies.js';
import { HANDLERS } from './reflector-commands.js';
import { DEFAULT_LIMITS, LimitBook, type ReflectorLimits } from './reflector-limits.js';
import { ReflectorSession, type SessionHost } from './reflector-session.js';

/**
 * The reflector: an FTP-speaking server for ftp-doctor clients only. It has no
 * files and no accounts; it tells each client, in `fdr/1` reply lines, what
 * arrived (the control connection's source, PORT/EPRT after any rewriting on
 * the way, the data connection's source) and connects back only to the
 * source address of the same control connection, never to an address a
 * PORT or EPRT names.
 */
export interface ReflectorOptions {
  host: string;
  port: number;
  pasvRange?: { low: number; high: number };
  tls?: { key: string; cert: string };
  /** How long a connect-back, or the wait for a passive data connection, may take. */
  connectTimeoutMs: number;
  limits?: ReflectorLimits;
  version: string;
  /** One line per session and per refusal; never a password or a command argument other than PORT/EPRT's. */
  log: (line: string) => void;
}

export interface Reflector {
  address: net.AddressInfo;
  /** Connections the reflector holds open now, sessions and refused ones alike. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

/** How long a refused connection may take to read its 421 before it is destroyed. */
const REFUSED_LINGER_MS = 2000;

class ReflectorServer implements SessionHost {
  readonly server: net.Server;
  readonly limitBook: LimitBook;
  readonly secureContext: tls.SecureContext | undefined;
  readonly handlers = HANDLERS;
  private readonly sessions = new Set<ReflectorSession>();
  /** Refused connections still closing, by source: counted so that holding them open cannot exhaust descriptors. */
  private readonly closing = new Map<string, number>();
  private nextPassive = 0;

  constructor(readonly options: ReflectorOptions) {
    this.limitBook = new LimitBook(options.limits ?? DEFAULT_LIMITS);
    this.secureContext = options.tls
      ? tls.createSecureContext({ key: options.tls.key, cert: options.tls.cert })
      : undefined;
    this.server = net.createServer((socket) => this.onConnection(socket));
  }

  get limits(): ReflectorLimits {
    return this.limitBook.limits;
  }

  get pasvRangeText(): string {
    const range = this.options.pasvRange;
    return range ? `${range.low}-${range.high}` : 'any';
  }

  private onConnection(socket: net.Socket): void {
    socket.on('error', () => undefined);
    const source = plainAddress(socket.remoteAddress ?? '');
    const entered = this.limitBook.enter(source);
    if (entered !== 'ok') return this.refuse(socket, source, entered);
    const session = new ReflectorSession(this, socket);
    this.sessions.add(session);
    const expire = (): void => {
      session.reply(
        `421-${formatReflectorLine('limit', { kind: 'lifetime', 'max-ms': this.limits.sessionLifetimeMs })}\n421 Session time is up`,
      );
      session.close();
    };
    let lifetime = setTimeout(expire, this.limits.sessionLifetimeMs);
    // One budget a session: the usual lifetime plus one slow transfer (RETR idle-N) at most, however many it asks for.
    const hardEnd = Date.now() + this.limits.sessionLifetimeMs + this.limits.idleTransferMaxMs;
    session.budgetLeftMs = () => Math.max(0, hardEnd - Date.now());
    session.extendLifetime = (ms) => {
      clearTimeout(lifetime);
      lifetime = setTimeout(expire, Math.min(ms, session.budgetLeftMs()));
    };
    socket.once('close', () => clearTimeout(lifetime));
    session.start();
  }

  /**
   * Over a cap: one 421 and the socket is destroyed within REFUSED_LINGER_MS,
   * whether or not the peer reads it. A source already holding that many
   * refused sockets gets no reply at all.
   */
  private refuse(socket: net.Socket, source: string, cap: 'sessions' | 'per-source'): void {
    const closing = this.closing.get(source) ?? 0;
    if (closing >= this.limits.sessionsPerSource) {
      socket.destroy();
      return;
    }
    this.closing.set(source, closing + 1);
    socket.once('close', () => {
      const left = (this.closing.get(source) ?? 1) - 1;
      if (left > 0) this.closing.set(source, left);
      else this.closing.delete(source);
    });
    const timer = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
    if (closing === 0)
      this.options.log(
        `refused a session from ${source}: the ${cap === 'sessions' ? 'total' : 'per-address'} session cap is full`,
      );
    socket.end(`421-${formatReflectorLine('limit', { kind: cap })}\r\n421 Too many sessions; try again later\r\n`);
  }

  ended(session: ReflectorSession): void {
    if (!this.sessions.delete(session)) return;
    this.limitBook.leave(session.source);
    this.options.log(
      `session from ${session.source} port ${session.sourcePort} ended${session.results.length ? `: ${session.results.join(', ')}` : ''}`,
    );
  }

  /** A listener in the passive range (the next free port, round robin), or any port when no range is set. */
  async listenPassive(host: string): Promise<net.Server | undefined> {
    const range = this.options.pasvRange;
    const candidates = range
      ? Array.from(
          { length: range.high - range.low + 1 },
          (_, i) => range.low + ((this.nextPassive + i) % (range.high - range.low + 1)),
        )
      : [0];
    for (const port of candidates) {
      const server = net.createServer();
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen({ host, port, exclusive: true }, () => resolve(true));
      });
      if (ok) {
        if (range) this.nextPassive = (port - range.low + 1) % (range.high - range.low + 1);
        return server;
      }
    }
    return undefined;
  }

  async close(): Promise<void> {
    for (const session of [...this.sessions]) session.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startReflector(options: ReflectorOptions): Promise<Reflector> {
  const reflector = new ReflectorServer(options);
  await new Promise<void>((resolve, reject) => {
    reflector.server.once('error', reject);
    reflector.server.listen({ host: options.host, port: options.port }, () => {
      reflector.server.off('error', reject);
      resolve();
    });
  });
  return {
    address: reflector.server.address() as net.AddressInfo,
    openConnections: () => new Promise((resolve) => reflector.server.getConnections((_, count) => resolve(count))),
    close: () => reflector.close(),
  };
}
