import net from 'node:net';
import tls from 'node:tls';
import { parseEprtArgument, parsePortArgument } from '../../protocol/ftp-commands.js';
import { classifyAddress, plainAddress } from '../../net/address.js';

/**
 * A small scriptable FTP server for the demo and the tests: one handler per
 * command, each replaceable by a script to act out a broken setup. In active
 * mode it connects only to loopback addresses, whatever PORT or EPRT names.
 */

export type Handler = (session: FtpSession, argument: string) => void | Promise<void>;

export interface ServerScript {
  /** Sent on connect; null sends nothing. Defaults to "220 ftp-doctor test server". */
  greeting?: string | null;
  /** Raw bytes sent on connect instead of an FTP greeting (SSH banners, HTTP, ...). */
  rawGreeting?: string | Buffer;
  greetingDelayMs?: number;
  /** Acts on connect instead of the greeting (anything a broken server might send). */
  onConnect?: (session: FtpSession) => void | Promise<void>;
  /** Delay before every reply, and before accepting a data connection (benchmarks). */
  replyDelayMs?: number;
  /** Users allowed in; "anonymous" logs in with any password. */
  users?: Record<string, string>;
  anonymous?: boolean;
  /** Address named in 227 replies; defaults to the address the data listener is on. */
  pasvAddress?: string;
  /** Where the data listener listens. */
  dataHost?: string;
  listing?: string;
  /**
   * Files RETR sends and SIZE measures (the default listing's, by default): their size, and how a broken
   * path or server would treat them: stop sending after N bytes and hold the connection open, or close it
   * after N bytes and still say 226.
   */
  files?: Record<string, { bytes: number; stallAfter?: number; closeAfter?: number }>;
  /** FTPS: a certificate and key (PEM); implicit TLS from the first byte; data connections must resume the session. */
  tls?: { key: string; cert: string; implicit?: boolean; requireReuse?: boolean; maxVersion?: 'TLSv1.2' | 'TLSv1.3' };
  /** More simultaneous control connections are greeted with 421 and closed. */
  maxConnections?: number;
  /** One control connection at a time, as on many devices: a further one is accepted but not greeted until the earlier ones close. */
  oneAtATime?: boolean;
  /** A control connection without a command for this long gets "421 Timeout." and is closed, as vsftpd's idle_session_timeout does. */
  idleTimeoutMs?: number;
  /** PORT/EPRT naming another address than the control peer are refused, as vsftpd does. */
  checkPortAddress?: boolean;
  /** The reply to an accepted PORT or EPRT ({command} stands for which); vsftpd's by default. */
  portAccepted?: string;
  handlers?: Record<string, Handler>;
}

const DEFAULT_LISTING =
  [
    'drwxr-xr-x    2 0        0            4096 Nov 23 20:14 pub',
    '-rw-r--r--    1 0        0             689 Nov 23 20:14 readme.txt',
    '-rw-r--r--    1 0        0           12288 Nov 23 20:14 release.tar.gz',
  ].join('\r\n') + '\r\n';

const DEFAULT_FILES: NonNullable<ServerScript['files']> = {
  'readme.txt': { bytes: 689 },
  'release.tar.gz': { bytes: 12288 },
};

/** A file's bytes: the same pattern every time, so a test can count them. */
function fileBytes(length: number): Buffer {
  const pattern = Buffer.from('ftp-doctor test data 0123456789\n');
  const out = Buffer.alloc(length);
  for (let at = 0; at < length; at += pattern.length) pattern.copy(out, at, 0, Math.min(pattern.length, length - at));
  return out;
}

export class FtpSession {
  user = '';
  loggedIn = false;
  /** PROT P: data connections speak TLS. */
  protectData = false;
  /** Reads the command stream; moves to the TLS socket on AUTH TLS. */
  feed: ((chunk: Buffer) => void) | undefined;
  passive: net.Server | undefined;
  private passiveConnection: Promise<net.Socket> | undefined;
  activeTarget: { host: string; port: number } | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly server: FtpTestServer,
    private current: net.Socket,
  ) {}

  get socket(): net.Socket {
    return this.current;
  }

  /** Carries on over TLS (after "234", or at once for implicit TLS). */
  upgrade(secure: net.Socket): void {
    if (this.feed) {
      this.current.off('data', this.feed);
      secure.on('data', this.feed);
    }
    secure.on('error', () => undefined);
    this.current = secure;
  }

  get script(): ServerScript {
    return this.server.script;
  }

  async reply(text: string): Promise<void> {
    if (this.script.replyDelayMs) await delay(this.script.replyDelayMs);
    if (!this.socket.destroyed) this.socket.write(`${text.split('\n').join('\r\n')}\r\n`);
  }

  track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }

  /** Opens the passive listener and returns its port. */
  async openPassive(): Promise<number> {
    this.closeData();
    const host = this.script.dataHost ?? this.server.host;
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen({ host, port: 0 }, resolve));
    this.passive = listener;
    // The client may connect before it sends LIST: keep the first connection until asked for.
    this.passiveConnection = new Promise((resolve) =>
      listener.once('connection', (socket) => resolve(this.track(socket))),
    );
    return (listener.address() as net.AddressInfo).port;
  }

  /** The data connection: the client's, in passive mode, or one made to the PORT address. */
  async dataConnection(timeoutMs = 5000, localAddress?: string): Promise<net.Socket | undefined> {
    const passive = this.passiveConnection;
    if (passive) {
      let timer: NodeJS.Timeout | undefined;
      const socket = await Promise.race([
        passive,
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (socket && this.script.replyDelayMs) await delay(this.script.replyDelayMs);
      return socket;
    }
    const target = this.activeTarget;
    if (!target || !isLoopback(target.host)) return undefined;
    return new Promise((resolve) => {
      const socket = this.track(
        net.connect({ host: target.host, port: target.port, ...(localAddress ? { localAddress } : {}) }),
      );
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(undefined);
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }

  closeData(): void {
    this.passive?.close();
    this.passive = undefined;
    this.passiveConnection = undefined;
  }

  close(): void {
    this.closeData();
    for (const socket of this.sockets) socket.destroy();
    this.current.destroy();
  }
}

function isLoopback(host: string): boolean {
  return classifyAddress(host).scope === 'loopback';
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const DEFAULT_HANDLERS: Record<string, Handler> = {
  USER: (s, user) => {
    s.user = user;
    return s.reply('331 Please specify the password.');
  },
  PASS: (s, password) => {
    const anonymous = (s.script.anonymous ?? true) && ['anonymous', 'ftp'].includes(s.user);
    if (anonymous || (s.script.users && s.script.users[s.user] === password)) {
      s.loggedIn = true;
      return s.reply('230 Login successful.');
    }
    return s.reply('530 Login incorrect.');
  },
  FEAT: (s) => s.reply('211-Features:\n EPRT\n EPSV\n PASV\n UTF8\n211 End'),
  SYST: (s) => s.reply('215 UNIX Type: L8'),
  PWD: (s) => s.reply('257 "/" is the current directory'),
  NOOP: (s) => s.reply('200 NOOP ok.'),
  TYPE: (s, type) => s.reply(`200 Switching to ${type.toUpperCase() === 'I' ? 'Binary' : 'ASCII'} mode.`),
  PASV: async (s) => {
    const port = await s.openPassive();
    const host = s.script.pasvAddress ?? s.script.dataHost ?? s.server.host;
    return s.reply(`227 Entering Passive Mode (${host.split('.').join(',')},${port >> 8},${port & 255}).`);
  },
  EPSV: async (s) => {
    const port = await s.openPassive();
    return s.reply(`229 Entering Extended Passive Mode (|||${port}|)`);
  },
  PORT: (s, argument) => acceptActive(s, parsePortArgument(argument), 'PORT'),
  EPRT: (s, argument) => acceptActive(s, parseEprtArgument(argument), 'EPRT'),
  LIST: async (s) => {
    const connection = await s.dataConnection();
    if (!connection) return s.reply('425 Failed to establish connection.');
    await s.reply('150 Here comes the directory listing.');
    const data = s.protectData ? await secureData(s, connection) : connection;
    if (!data) return;
    data.end(s.script.listing ?? DEFAULT_LISTING);
    await new Promise((resolve) => data.once('close', resolve));
    s.closeData();
    return s.reply('226 Directory send OK.');
  },
  SIZE: (s, name) => {
    const file = (s.script.files ?? DEFAULT_FILES)[name.replace(/^\//, '')];
    return s.reply(file ? `213 ${file.bytes}` : '550 Could not get file size.');
  },
  RETR: async (s, name) => {
    const file = (s.script.files ?? DEFAULT_FILES)[name.replace(/^\//, '')];
    if (!file) return s.reply('550 Failed to open file.');
    const connection = await s.dataConnection();
    if (!connection) return s.reply('425 Failed to establish connection.');
    await s.reply(`150 Opening BINARY mode data connection for ${name} (${file.bytes} bytes).`);
    const data = s.protectData ? await secureData(s, connection) : connection;
    if (!data) return;
    if (file.stallAfter !== undefined) {
      // A black hole or a stuck server: some bytes, then silence on an open connection until the client gives up.
      data.write(fileBytes(file.stallAfter));
      await new Promise((resolve) => data.once('close', resolve));
      s.closeData();
      return s.reply('426 Failure writing network stream.');
    }
    data.end(fileBytes(file.closeAfter ?? file.bytes));
    await new Promise((resolve) => data.once('close', resolve));
    s.closeData();
    return s.reply('226 Transfer complete.');
  },
  AUTH: (s, argument) => startTls(s, argument),
  PBSZ: (s) => s.reply('200 PBSZ set to 0.'),
  PROT: (s, level) => {
    s.protectData = level.toUpperCase() === 'P';
    return s.reply(`200 PROT now ${s.protectData ? 'Private' : 'Clear'}.`);
  },
  CCC: (s) => s.reply('533 Command channel protection is required.'),
  QUIT: async (s) => {
    await s.reply('221 Goodbye.');
    s.close();
  },
};

function acceptActive(s: FtpSession, parsed: ReturnType<typeof parsePortArgument>, name: string): Promise<void> {
  if (!parsed.ok) return s.reply(`501 Illegal ${name} command.`);
  const peer = plainAddress(s.socket.remoteAddress ?? '');
  if ((s.script.checkPortAddress ?? true) && plainAddress(parsed.value.host) !== peer) {
    return s.reply(`500 Illegal ${name} command.`);
  }
  s.closeData();
  s.activeTarget = parsed.value;
  return s.reply(
    (s.script.portAccepted ?? '200 {command} command successful. Consider using PASV.').replace('{command}', name),
  );
}

export class FtpTestServer {
  private readonly server = net.createServer((socket) => void this.onConnection(socket));
  private readonly sessions = new Set<FtpSession>();
  /** With oneAtATime: settles when every connection before the newest has closed. */
  private turn: Promise<void> = Promise.resolve();
  port = 0;

  constructor(
    readonly script: ServerScript = {},
    readonly host = '127.0.0.1',
  ) {}

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.host, port }, () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) session.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onConnection(socket: net.Socket): Promise<void> {
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    const session = new FtpSession(this, socket);
    this.sessions.add(session);
    socket.once('close', () => {
      session.close();
      this.sessions.delete(session);
    });
    const { script } = this;
    if (script.oneAtATime) {
      const earlier = this.turn;
      let release: () => void = () => undefined;
      this.turn = new Promise((resolve) => (release = resolve));
      socket.once('close', () => release());
      await earlier;
      if (socket.destroyed) return;
    }
    if (script.maxConnections !== undefined && this.sessions.size > script.maxConnections) {
      await session.reply(`421 There are too many connections from your internet address.`);
      return session.close();
    }
    if (script.tls?.implicit) {
      const secure = await serverTls(this, socket);
      if (!secure) return session.close();
      session.upgrade(secure);
    }
    if (script.greetingDelayMs) await delay(script.greetingDelayMs);
    if (script.onConnect) void Promise.resolve(script.onConnect(session)).catch(() => session.close());
    else if (script.rawGreeting !== undefined) socket.write(script.rawGreeting);
    else if (script.greeting !== null) await session.reply(script.greeting ?? '220 (ftp-doctor test server)');
    let buffered = '';
    let queue = Promise.resolve();
    let idle: NodeJS.Timeout | undefined;
    const restartIdle = (): void => {
      if (script.idleTimeoutMs === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => void session.reply('421 Timeout.').then(() => session.close()), script.idleTimeoutMs);
    };
    socket.once('close', () => clearTimeout(idle));
    restartIdle();
    session.feed = (chunk: Buffer) => {
      restartIdle();
      buffered += chunk.toString('utf8');
      if (buffered.length > 64 * 1024) return session.close();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).replace(/\r$/, '');
        buffered = buffered.slice(newline + 1);
        queue = queue.then(() => this.dispatch(session, line)).catch(() => session.close());
      }
    };
    session.socket.on('data', session.feed);
  }

  /** One TLS context for every connection, so that data connections can resume the control connection's session. */
  secureContext: tls.SecureContext | undefined;

  private async dispatch(session: FtpSession, line: string): Promise<void> {
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const argument = space < 0 ? '' : line.slice(space + 1);
    const handler = this.script.handlers?.[verb] ?? DEFAULT_HANDLERS[verb];
    if (!handler) return session.reply('500 Unknown command.');
    const open = ['USER', 'PASS', 'QUIT', 'FEAT', 'SYST', 'HELP', 'AUTH', 'PBSZ', 'PROT'];
    if (!session.loggedIn && !open.includes(verb) && !this.script.handlers?.[verb]) {
      return session.reply('530 Please login with USER and PASS.');
    }
    await handler(session, argument);
  }
}

/** Server side of TLS on a connection; undefined when the handshake fails. */
function serverTls(server: FtpTestServer, socket: net.Socket): Promise<tls.TLSSocket | undefined> {
  const options = server.script.tls;
  if (!options) throw new Error('no TLS configured');
  server.secureContext ??= tls.createSecureContext({
    key: options.key,
    cert: options.cert,
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
  });
  const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: server.secureContext });
  secure.on('error', () => undefined);
  return new Promise((resolve) => {
    secure.once('secure', () => resolve(secure));
    secure.once('error', () => resolve(undefined));
    secure.once('close', () => resolve(undefined));
  });
}

async function startTls(s: FtpSession, argument: string): Promise<void> {
  if (!s.script.tls || !/^(TLS|SSL|TLS-C)$/i.test(argument.trim())) return s.reply('502 AUTH not supported.');
  await s.reply('234 Proceed with negotiation.');
  const secure = await serverTls(s.server, s.socket);
  if (!secure) return s.close();
  s.upgrade(secure);
}

/** TLS on a data connection, after the 150; refuses one that did not resume the session when so configured. */
async function secureData(s: FtpSession, connection: net.Socket): Promise<net.Socket | undefined> {
  const secure = await serverTls(s.server, connection);
  if (!secure) {
    await s.reply('425 TLS handshake on the data connection failed.');
    return undefined;
  }
  if (s.script.tls?.requireReuse && !secure.isSessionReused()) {
    secure.destroy();
    await s.reply(
      '522 SSL connection failed; session reuse required: see require_ssl_reuse option in vsftpd.conf man page',
    );
    return undefined;
  }
  return secure;
}
