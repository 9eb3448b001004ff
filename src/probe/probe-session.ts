import { isCompletion } from '../protocol/reply.js';
import { sniffProtocol } from '../protocol/sniff.js';
import type { ProbeContext } from './context.js';
import { ControlChannel } from './control-connection.js';
import type net from 'node:net';
import type {
  ConnectObservation,
  ControlTlsObservation,
  GreetingObservation,
  LoginObservation,
  TlsHandshakeObservation,
} from '../record/record.js';
import { certificateVerified, startTls, tlsOptionsFor } from './tls-probe.js';
import { connectWithTimeout } from './wait.js';

export interface Session {
  channel?: ControlChannel;
  connect: ConnectObservation;
  /** This machine's address on the connection, known as soon as it is made. */
  localAddress?: string;
  greeting?: GreetingObservation;
  login?: LoginObservation;
  tls?: ControlTlsObservation;
  ok: boolean;
}

const NUDGE_MS = 1500;

export interface SessionOptions {
  /** Plain FTP even when FTPS is asked for (the plain-vs-TLS comparison). */
  plain?: boolean;
  /** Send PASS only once this resolves true: the first connection's login, so that a wrong password is tried once. */
  passAfter?: Promise<boolean>;
  /** Told as soon as the login ends, before PBSZ/PROT, so that the other connections can go on. */
  onLogin?: (loggedIn: boolean) => void;
  /** Told once the TCP connection is made (or failed), so that the other connections open after it and the server counts it first. */
  onConnected?: (made: boolean) => void;
}

/** Connects, reads the greeting, secures the connection when FTPS is asked for, and logs in. */
export async function openSession(
  context: ProbeContext,
  channelName: string,
  options: SessionOptions = {},
): Promise<Session> {
  const { transport, lifetime, recorder, settings } = context;
  const tlsMode = options.plain ? 'none' : (settings.tls ?? 'none');
  recorder.event(channelName, `connecting to ${context.address} port ${context.target.port}`);
  const connected = await connectWithTimeout(
    transport,
    lifetime,
    { host: context.address, port: context.target.port },
    settings.timeoutMs,
  );
  const { socket, ...connect } = connected;
  options.onConnected?.(socket !== undefined);
  if (!socket) {
    recorder.event(
      channelName,
      `connect ${connect.outcome}${connect.error ? ` (${connect.error})` : ''} after ${connect.ms} ms`,
    );
    return { connect, ok: false };
  }
  recorder.event(
    channelName,
    `connected from ${socket.localAddress ?? '?'} port ${socket.localPort ?? '?'} in ${connect.ms} ms`,
  );
  const local = socket.localAddress ? { localAddress: socket.localAddress } : {};
  let tlsObservation: ControlTlsObservation | undefined;
  let first: net.Socket = socket;
  if (tlsMode === 'implicit') {
    const secured = await startTls(
      socket,
      lifetime,
      settings.timeoutMs,
      tlsOptionsFor(context.target.host, settings.tlsVersion),
    );
    tlsObservation = { mode: 'implicit', handshake: secured.observation };
    recorder.event(channelName, `TLS handshake: ${describeHandshake(secured.observation)}`);
    if (!secured.socket) return { connect, ...local, tls: tlsObservation, ok: false };
    first = secured.socket;
  }
  const channel = new ControlChannel(first, channelName, recorder, lifetime);
  const greeting = await readGreeting(channel, context);
  // Any 2yz greeting opens the session (RFC 959; curl does the same): "230" means no login is needed.
  if (greeting.outcome !== 'ok' || !isCompletion(greeting.replies.at(-1)?.code)) {
    channel.destroy();
    return { connect, ...local, greeting, ...(tlsObservation ? { tls: tlsObservation } : {}), ok: false };
  }
  if (tlsMode === 'explicit' || tlsMode === 'auto') {
    const auth = await channel.command('AUTH TLS', settings.timeoutMs);
    tlsObservation = { mode: 'explicit', auth };
    if (auth.reply?.code === 234) {
      const secured = await startTls(
        channel.socket,
        lifetime,
        settings.timeoutMs,
        tlsOptionsFor(context.target.host, settings.tlsVersion),
      );
      tlsObservation.handshake = secured.observation;
      recorder.event(channelName, `TLS handshake: ${describeHandshake(secured.observation)}`);
      if (!secured.socket) {
        channel.destroy();
        return { connect, ...local, greeting, tls: tlsObservation, ok: false };
      }
      channel.upgrade(secured.socket);
    } else if (tlsMode === 'explicit') {
      channel.destroy();
      return { connect, ...local, greeting, tls: tlsObservation, ok: false };
    }
  }
  const handshake = tlsObservation?.handshake;
  if (tlsObservation && handshake?.outcome === 'ok' && !certificateVerified(handshake) && !settings.insecure) {
    // Never send a password to a server whose certificate does not verify, unless told to.
    tlsObservation.stoppedAtCertificate = true;
    recorder.event(channelName, 'stopping before the login: the certificate does not verify (--insecure goes on)');
    channel.destroy();
    return { connect, ...local, greeting, tls: tlsObservation, ok: false };
  }
  const login = await logIn(channel, context, options.passAfter);
  options.onLogin?.(login.loggedIn);
  if (tlsObservation && handshake?.outcome === 'ok' && login.loggedIn) {
    tlsObservation.pbsz = await channel.command('PBSZ 0', settings.timeoutMs);
    tlsObservation.prot = await channel.command('PROT P', settings.timeoutMs);
    channel.dataProtected = tlsObservation.prot.reply?.code === 200;
  }
  return { channel, connect, greeting, login, ...(tlsObservation ? { tls: tlsObservation } : {}), ok: login.loggedIn };
}

function describeHandshake(handshake: TlsHandshakeObservation): string {
  if (handshake.outcome !== 'ok')
    return `${handshake.outcome}${handshake.error ? ` (${handshake.error})` : ''} after ${handshake.ms} ms`;
  const trust = handshake.authorized
    ? 'certificate verified'
    : `certificate not verified: ${handshake.authorizationError ?? 'unknown reason'}`;
  return `${handshake.protocol ?? '?'} ${handshake.cipher ?? ''} in ${handshake.ms} ms${handshake.resumed ? ', session resumed' : ''}; ${trust}`;
}

async function readGreeting(channel: ControlChannel, context: ProbeContext): Promise<GreetingObservation> {
  const timeoutMs = context.settings.greetingTimeoutMs;
  const started = context.lifetime.elapsed();
  const ms = (): number => Math.round(context.lifetime.elapsed() - started);
  const replies = [];
  for (;;) {
    const waited = await channel.nextReply(timeoutMs);
    if (waited.outcome === 'ok') {
      replies.push(waited.reply);
      // 120: "ready in n minutes"; the real greeting may follow.
      if (waited.reply.code === 120 && replies.length < 3) continue;
      return { outcome: 'ok', ms: ms(), replies };
    }
    // Cut short by the deadline or Ctrl-C: half a greeting says nothing about the protocol.
    if (waited.outcome === 'deadline' || waited.outcome === 'interrupted')
      return { outcome: waited.outcome, ms: ms(), replies };
    if (waited.outcome === 'timeout' && channel.firstBytes.length === 0 && channel.alive) {
      // Silence: an implicit-TLS or HTTP server waits for the client to speak first; a nudge tells which.
      await nudge(channel, context);
    }
    const protocol = sniffProtocol(channel.firstBytes);
    if (channel.firstBytes.length > 0 && protocol !== 'ftp') {
      const firstLine =
        channel.firstBytes
          .toString('latin1')
          .split(/\r?\n/)[0]
          ?.replace(/[^\x20-\x7e]/g, '.') ?? '';
      return { outcome: 'not-ftp', ms: ms(), replies, protocol, firstLine };
    }
    return {
      outcome: waited.outcome === 'garbage' ? 'garbage' : waited.outcome,
      ms: ms(),
      replies,
      ...(waited.line ? { firstLine: waited.line } : {}),
    };
  }
}

async function nudge(channel: ControlChannel, context: ProbeContext): Promise<void> {
  channel.send('HELP');
  await channel.nextReply(Math.min(NUDGE_MS, context.settings.timeoutMs));
}

async function logIn(
  channel: ControlChannel,
  context: ProbeContext,
  passAfter?: Promise<boolean>,
): Promise<LoginObservation> {
  const { target, settings } = context;
  const login: LoginObservation = { user: target.user, anonymous: target.anonymous, steps: [], loggedIn: false };
  // Servers delay logins on purpose (vsftpd waits a second or more before refusing one): the greeting's patience applies.
  const timeoutMs = Math.max(settings.timeoutMs, settings.greetingTimeoutMs);
  const user = await channel.command(`USER ${target.user}`, timeoutMs);
  login.steps.push(user);
  // By reply class: any 2yz logs in (230, or a deviant 200, as curl takes it); 331 asks for the password.
  if (isCompletion(user.reply?.code)) {
    login.loggedIn = true;
    return login;
  }
  if (user.reply?.code !== 331) return login;
  if (passAfter && !(await passAfter)) {
    login.passwordWithheld = true;
    return login;
  }
  const pass = await channel.command(`PASS ${context.password}`, timeoutMs);
  login.steps.push(pass);
  login.loggedIn = isCompletion(pass.reply?.code);
  return login;
}
