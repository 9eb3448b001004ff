import net from 'node:net';
import tls from 'node:tls';
import { ipFamily, plainAddress, sameAddress } from '../net/address.js';
import { parseEprtArgument, parsePortArgument } from '../protocol/commands.js';
import { formatReflectorLine, REFLECTOR_FORMAT } from '../protocol/reflector.js';
import { DEFAULT_LIMITS, LimitBook, type ReflectorLimits } from './limits.js';

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
  close(): Promise<void>;
}

const MAX_LINE_BYTES = 1024;
const DATA_LINE = `${REFLECTOR_FORMAT} data\r\n`;

type Handler = (session: ReflectorSession, argument: string) => void | Promise<void>;

class ReflectorSession {
  readonly source: string;
  readonly sourcePort: number;
  private socket: net.Socket;
  private buffered = '';
  private commands = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly sockets = new Set<net.Socket>();
  private passive: { server: net.Server; arrived: Promise<net.Socket | undefined> } | undefined;
  active: { port: number } | undefined;
  readonly results: string[] = [];
  closed = false;

  constructor(
    readonly reflector: ReflectorServer,
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
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline).replace(/\r$/, '');
      this.buffered = this.buffered.slice(newline + 1);
      this.queue = this.queue.then(() => this.dispatch(line)).catch(() => this.close());
    }
    if (this.buffered.length > MAX_LINE_BYTES) {
      this.reply('500 Line too long; closing');
      this.close();
    }
  }

  private async dispatch(line: string): Promise<void> {
    if (this.closed) return;
    this.commands += 1;
    if (this.commands > this.reflector.limits.commandsPerSession) {
      this.reply(`421-${formatReflectorLine('limit', { kind: 'commands', max: this.reflector.limits.commandsPerSession })}\n421 Too many commands in one session; closing`);
      return this.close();
    }
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const argument = space < 0 ? '' : line.slice(space + 1).trim();
    const handler = HANDLERS[verb];
    if (!handler) return this.reply(`502 ${verb.replace(/[^A-Z]/g, '').slice(0, 8) || 'That'} is not implemented by the reflector`);
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
    const socket = await Promise.race([passive.arrived, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.reflector.options.connectTimeoutMs)))]);
    clearTimeout(timer);
    return { ...(socket ? { socket } : {}), waitedMs: Date.now() - started };
  }

  /** Connects to this control connection's own source address: the only address the reflector ever connects to. */
  connectBack(port: number): Promise<{ result: 'ok' | 'timeout' | 'refused' | 'unreachable' | 'error'; socket?: net.Socket; ms: number }> {
    const started = Date.now();
    return new Promise((resolve) => {
      const socket = this.track(net.connect({ host: this.source, port, localAddress: this.localAddress }));
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
        const result = error.code === 'ECONNREFUSED' ? 'refused' : error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH' ? 'unreachable' : 'error';
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

/** Sends the one data line and waits for the connection to close, within the connect timeout. */
function sendDataLine(socket: net.Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end(DATA_LINE);
  });
}

function activeCommand(name: 'PORT' | 'EPRT'): Handler {
  return (s, argument) => {
    const parsed = name === 'PORT' ? parsePortArgument(argument) : parseEprtArgument(argument);
    if (!parsed.ok) return s.reply(`501 ${name} not understood: ${parsed.error}`);
    s.closeData();
    const named = plainAddress(parsed.value.host);
    const foreign = !sameAddress(named, s.source);
    s.active = { port: parsed.value.port };
    const line = formatReflectorLine('arrived', {
      command: name,
      address: named,
      port: parsed.value.port,
      source: s.source,
      tls: s.secure,
      'connect-to-address': s.source,
      'connect-to-port': parsed.value.port,
      'named-address-refused': foreign,
    });
    const refusal = foreign ? `\n200-The reflector connects only to this control connection's source address (${s.source}), never to ${named}.` : '';
    s.reply(`200-${line}${refusal}\n200 ${name} recorded: LIST makes the reflector connect to ${s.source} port ${parsed.value.port}`);
  };
}

function passiveCommand(name: 'PASV' | 'EPSV'): Handler {
  return async (s, argument) => {
    if (name === 'EPSV' && argument.toUpperCase() === 'ALL') return s.reply('200 EPSV ALL accepted');
    if (name === 'PASV' && ipFamily(s.localAddress) !== 4) return s.reply('425 PASV names IPv4 addresses only: use EPSV');
    const port = await s.openPassive();
    if (port === undefined) return s.reply('425 No passive port free in the range; try again shortly');
    if (name === 'EPSV') return s.reply(`229 Entering Extended Passive Mode (|||${port}|)`);
    return s.reply(`227 Entering Passive Mode (${s.localAddress.split('.').join(',')},${port >> 8},${port & 255})`);
  };
}

/** LIST (and NLST, RETR): the data connection, and what the reflector learned from it. */
const transfer: Handler = async (s) => {
  const timeoutMs = s.reflector.options.connectTimeoutMs;
  if (s.active) {
    const { port } = s.active;
    s.active = undefined;
    const budget = s.reflector.limitBook.connectBack(s.source);
    if (budget !== 'ok') return s.reply(`425-${formatReflectorLine('limit', { kind: budget })}\n425 Too many connect-backs in the last minute; wait and try again`);
    const made = await s.connectBack(port);
    const line = formatReflectorLine('connect-back', { result: made.result, 'to-address': s.source, 'to-port': port, ms: made.ms, tls: s.secure });
    s.results.push(`connect-back ${made.result}`);
    if (!made.socket) return s.reply(`425-${line}\n425 Could not connect to ${s.source} port ${port}`);
    s.reply(`150-${line}\n150 Connected back; here is one line`);
    await sendDataLine(made.socket, timeoutMs);
    return s.reply('226 Done');
  }
  const waited = await s.waitPassive();
  if (!waited) return s.reply('425 Send PORT, EPRT, PASV or EPSV first');
  if (!waited.socket) {
    s.closeData();
    s.results.push('data none');
    return s.reply(`425-${formatReflectorLine('data-arrived', { result: 'none', 'waited-ms': waited.waitedMs, tls: s.secure })}\n425 No data connection arrived`);
  }
  const from = plainAddress(waited.socket.remoteAddress ?? '');
  const same = sameAddress(from, s.source);
  s.results.push(`data from ${same ? 'the control address' : from}`);
  s.reply(`150-${formatReflectorLine('data-arrived', { result: 'ok', source: from, 'source-port': waited.socket.remotePort ?? 0, 'same-as-control': same, tls: s.secure })}\n150 Here is one line`);
  await sendDataLine(waited.socket, timeoutMs);
  s.closeData();
  return s.reply('226 Done');
};

const HANDLERS: Record<string, Handler> = {
  // No accounts: any login is accepted, and nothing typed is kept.
  USER: (s) => s.reply('230 No login needed: the reflector has no files and no accounts'),
  PASS: (s) => s.reply('230 No login needed'),
  SYST: (s) => s.reply('215 UNIX Type: L8'),
  FEAT: (s) => s.reply(`211-Features:\n${s.reflector.secureContext ? ' AUTH TLS\n PBSZ\n PROT\n' : ''} EPRT\n EPSV\n211 End`),
  NOOP: (s) => s.reply('200 OK'),
  TYPE: (s) => s.reply('200 OK'),
  PWD: (s) => s.reply('257 "/" has nothing in it'),
  AUTH: async (s, argument) => {
    const context = s.reflector.secureContext;
    if (!context) return s.reply('502 TLS is not set up on this reflector');
    if (!['TLS', 'SSL', 'TLS-C'].includes(argument.toUpperCase())) return s.reply('504 Only AUTH TLS');
    if (s.secure) return s.reply('503 Already under TLS');
    s.reply('234 Proceed with TLS');
    await s.upgrade(context);
  },
  PBSZ: (s) => s.reply('200 PBSZ=0'),
  // The reflector tests whether connections get through, not what they carry: data stays clear.
  PROT: (s, level) => (level.toUpperCase() === 'C' ? s.reply('200 PROT C') : s.reply('536 Only PROT C: the reflector tests connections, not data protection')),
  PORT: activeCommand('PORT'),
  EPRT: activeCommand('EPRT'),
  PASV: passiveCommand('PASV'),
  EPSV: passiveCommand('EPSV'),
  LIST: transfer,
  NLST: transfer,
  RETR: transfer,
  QUIT: (s) => {
    s.reply('221 Goodbye');
    s.close();
  },
};

class ReflectorServer {
  readonly server: net.Server;
  readonly limitBook: LimitBook;
  readonly secureContext: tls.SecureContext | undefined;
  private readonly sessions = new Set<ReflectorSession>();
  private nextPassive = 0;

  constructor(readonly options: ReflectorOptions) {
    this.limitBook = new LimitBook(options.limits ?? DEFAULT_LIMITS);
    this.secureContext = options.tls ? tls.createSecureContext({ key: options.tls.key, cert: options.tls.cert }) : undefined;
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
    if (entered !== 'ok') {
      this.options.log(`refused a session from ${source}: the ${entered === 'sessions' ? 'total' : 'per-address'} session cap is full`);
      socket.end(`421-${formatReflectorLine('limit', { kind: entered })}\r\n421 Too many sessions; try again later\r\n`);
      return;
    }
    const session = new ReflectorSession(this, socket);
    this.sessions.add(session);
    const lifetime = setTimeout(() => {
      session.reply(`421-${formatReflectorLine('limit', { kind: 'lifetime', 'max-ms': this.limits.sessionLifetimeMs })}\n421 Session time is up`);
      session.close();
    }, this.limits.sessionLifetimeMs);
    socket.once('close', () => clearTimeout(lifetime));
    session.start();
  }

  ended(session: ReflectorSession): void {
    if (!this.sessions.delete(session)) return;
    this.limitBook.leave(session.source);
    this.options.log(`session from ${session.source} port ${session.sourcePort} ended${session.results.length ? `: ${session.results.join(', ')}` : ''}`);
  }

  /** A listener in the passive range (the next free port, round robin), or any port when no range is set. */
  async listenPassive(host: string): Promise<net.Server | undefined> {
    const range = this.options.pasvRange;
    const candidates = range ? Array.from({ length: range.high - range.low + 1 }, (_, i) => range.low + ((this.nextPassive + i) % (range.high - range.low + 1))) : [0];
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
  return { address: reflector.server.address() as net.AddressInfo, close: () => reflector.close() };
}
