import net from 'node:net';
import tls from 'node:tls';
import { plainAddress } from '../../net/address.js';
import { formatReflectorLine } from '../../protocol/reflector-replies.js';
import type { LimitBook, ReflectorLimits } from './reflector-limits.js';
import { onlyAddresses, policedTransport } from '../../probe/policy.js';
import { nodeTransport } from '../../probe/transport.js';

/** What a session needs of the reflector that accepted it. */
export interface SessionHost {
  readonly options: { connectTimeoutMs: number; version: string };
  readonly limits: ReflectorLimits;
  readonly limitBook: LimitBook;
  readonly secureContext: tls.SecureContext | undefined;
  readonly pasvRangeText: string;
  readonly handlers: Record<string, Handler>;
  listenPassive(host: string): Promise<net.Server | undefined>;
  ended(session: ReflectorSession): void;
}

export type Handler = (session: ReflectorSession, argument: string) => void | Promise<void>;

const MAX_LINE_BYTES = 1024;

/** One control connection: reads commands a line at a time, one handler each, and holds its data connection. */
export class ReflectorSession {
  readonly source: string;
  readonly sourcePort: number;
  private socket: net.Socket;
  private buffered = '';
  /** Lines received: at most commandsPerSession of at most MAX_LINE_BYTES each ever wait in the queue. */
  private received = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly sockets = new Set<net.Socket>();
  private passive: { server: net.Server; arrived: Promise<net.Socket | undefined> } | undefined;
  active: { port: number } | undefined;
  readonly results: string[] = [];
  closed = false;
  /** Set by the reflector: the session lives this much longer (a slow transfer), within its budget. */
  extendLifetime: (ms: number) => void = () => undefined;
  /** Set by the reflector: how long the session may still live, at most (its one budget). */
  budgetLeftMs: () => number = () => 0;

  constructor(
    readonly reflector: SessionHost,
    raw: net.Socket,
  ) {
    this.socket = raw;
    this.source = plainAddress(raw.remoteAddress ?? '');
    this.sourcePort = raw.remotePort ?? 0;
  }

  get localAddress(): string {
    return plainAddress(this.socket.localAddress ?? '');
  }

  get secure(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  start(): void {
    this.listen(this.socket);
    this.reply(
      `220-${formatReflectorLine('hello', {
        source: this.source,
        'source-port': this.sourcePort,
        'control-port': this.socket.localPort ?? 0,
        'pasv-range': this.reflector.pasvRangeText,
        'connect-timeout-ms': this.reflector.options.connectTimeoutMs,
        tls: this.reflector.secureContext !== undefined,
        version: this.reflector.options.version,
      })}\n220 ftp-doctor reflector: no files, no accounts; it says what arrived`,
    );
  }

  private readonly onDataBound = (chunk: Buffer): void => this.onData(chunk);

  private listen(socket: net.Socket): void {
    socket.on('data', this.onDataBound);
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  private onData(chunk: Buffer): void {
    this.buffered += chunk.toString('latin1');
    let start = 0;
    let newline: number;
    while (!this.closed && (newline = this.buffered.indexOf('\n', start)) >= 0) {
      const line = this.buffered.slice(start, newline).replace(/\r$/, '');
      start = newline + 1;
      // Counted as they arrive, not as they are answered: lines sent while a handler waits (a slow
      // transfer) meet the same cap, so what waits in the queue is bounded in lines and bytes.
      this.received += 1;
      if (this.received > this.reflector.limits.commandsPerSession) return this.tooMany();
      this.queue = this.queue.then(() => this.dispatch(line)).catch(() => this.close());
    }
    this.buffered = this.buffered.slice(start);
    if (this.buffered.length > MAX_LINE_BYTES) {
      this.reply('500 Line too long; closing');
      this.close();
    }
  }

  private tooMany(): void {
    this.reply(
      `421-${formatReflectorLine('limit', { kind: 'commands', max: this.reflector.limits.commandsPerSession })}\n421 Too many commands in one session; closing`,
    );
    this.close();
  }

  private async dispatch(line: string): Promise<void> {
    if (this.closed) return;
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const argument = space < 0 ? '' : line.slice(space + 1).trim();
    const handler = this.reflector.handlers[verb];
    if (!handler)
      return this.reply(`502 ${verb.replace(/[^A-Z]/g, '').slice(0, 8) || 'That'} is not implemented by the reflector`);
    await handler(this, argument);
  }

  reply(text: string): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(`${text.split('\n').join('\r\n')}\r\n`);
  }

  track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }

  /** Carries on over TLS after "234": the command stream moves to the secured socket. */
  async upgrade(context: tls.SecureContext): Promise<void> {
    const raw = this.socket;
    // The raw socket keeps its error and close handlers: when TLS ends, it ends under it.
    raw.off('data', this.onDataBound);
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
    this.socket = secure;
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.reflector.options.connectTimeoutMs);
      secure.once('secure', () => {
        clearTimeout(timer);
        resolve(true);
      });
      secure.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ok) return this.close();
    secure.on('data', this.onDataBound);
    secure.on('error', () => this.close());
  }

  /** A passive listener on this connection's own address, in the range when one is set. */
  async openPassive(): Promise<number | undefined> {
    this.closeData();
    const server = await this.reflector.listenPassive(this.localAddress);
    if (!server) return undefined;
    const arrived = new Promise<net.Socket | undefined>((resolve) => {
      server.once('connection', (socket) => {
        // One data connection per PASV/EPSV: the listener closes on the first.
        server.close();
        resolve(this.track(socket));
      });
      server.once('close', () => resolve(undefined));
    });
    this.passive = { server, arrived };
    return (server.address() as net.AddressInfo).port;
  }

  async waitPassive(): Promise<{ socket?: net.Socket; waitedMs: number } | undefined> {
    const passive = this.passive;
    if (!passive) return undefined;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const socket = await Promise.race([
      passive.arrived,
      new Promise<undefined>(
        (resolve) => (timer = setTimeout(() => resolve(undefined), this.reflector.options.connectTimeoutMs)),
      ),
    ]);
    clearTimeout(timer);
    return { ...(socket ? { socket } : {}), waitedMs: Date.now() - started };
  }

  /** Connects to this control connection's own source address: the only address the reflector ever connects to. */
  connectBack(
    port: number,
  ): Promise<{ result: 'ok' | 'timeout' | 'refused' | 'unreachable' | 'error'; socket?: net.Socket; ms: number }> {
    const started = Date.now();
    return new Promise((resolve) => {
      let socket: net.Socket;
      try {
        // The outbound policy: the caller's own address, nothing else.
        socket = this.track(
          policedTransport(nodeTransport, onlyAddresses([this.source], "the control connection's source")).connect({
            host: this.source,
            port,
            localAddress: this.localAddress,
          }),
        );
      } catch {
        return resolve({ result: 'error', ms: 0 });
      }
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ result: 'timeout', ms: Date.now() - started });
      }, this.reflector.options.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve({ result: 'ok', socket, ms: Date.now() - started });
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const result =
          error.code === 'ECONNREFUSED'
            ? 'refused'
            : error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH'
              ? 'unreachable'
              : 'error';
        resolve({ result, ms: Date.now() - started });
      });
    });
  }

  closeData(): void {
    this.passive?.server.close();
    this.passive = undefined;
    this.active = undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeData();
    for (const socket of this.sockets) socket.destroy();
    this.socket.destroy();
    this.reflector.ended(this);
  }
}
