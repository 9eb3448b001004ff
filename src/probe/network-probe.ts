import type net from 'node:net';
import { ipFamily, plainAddress } from '../net/address.js';
import { formatEprt, formatPort } from '../protocol/ftp-commands.js';
import { parsePassiveReply } from '../protocol/passive.js';
import { addressField, millisecondsField, portField, reflectorEvent } from '../protocol/reflector-replies.js';
import type {
  ActiveTest,
  NetworkIdleTest,
  NetworkCommand,
  NetworkRecord,
  NetworkSecurity,
  NetworkSession,
  NetworkTest,
  PassiveTest,
  ReflectorHello,
} from '../record/network-record.js';
import type { Reply } from '../protocol/reply.js';
import type { Clock } from '../record/clock.js';
import { ControlChannel, type ReplyWait } from './control-connection.js';
import { ProbeLifetime } from './lifetime.js';
import { Recorder } from './recorder.js';
import { certificateVerified, startTls, tlsOptionsFor } from './tls-probe.js';
import type { Transport } from './transport.js';
import { onlyAddresses, policedTransport } from './policy.js';
import { connectWithTimeout, waitFor } from './wait.js';

export interface NetworkRequest {
  host: string;
  port: number;
  family?: 4 | 6;
  timeoutMs: number;
  deadlineMs: number;
  /** off: plain FTP only; auto: TLS too, when the reflector offers it. */
  tls: 'auto' | 'off';
  /** The reflector certificate's SHA-256 fingerprint, as it printed it. */
  fingerprint?: string;
  insecure: boolean;
  startedAt: string;
  toolVersion: string;
  /** --idle: one more session with a slow transfer this long while its control connection idles (ms). */
  idleMs?: number;
}

export interface NetworkDependencies {
  transport: Transport;
  clock: Clock;
  signal?: AbortSignal;
}

/** The reflector's own wait is added to ours, but a hostile one cannot stretch it past this. */
const MAX_REFLECTOR_WAIT_MS = 30_000;
const MAX_SOCKETS = 40;

interface Context {
  request: NetworkRequest;
  deps: NetworkDependencies;
  lifetime: ProbeLifetime;
  recorder: Recorder;
  address: string;
}

/**
 * Talks to a reflector: one plain session and one under TLS, each trying
 * PORT, EPRT, PASV and EPSV (EPRT and EPSV only over IPv6), and records what
 * this machine and the reflector each saw. Passive data connections go to
 * the reflector's own address, whatever a 227 names.
 */
export async function testNetwork(request: NetworkRequest, deps: NetworkDependencies): Promise<NetworkRecord> {
  // --idle adds its transfer to the deadline: the test still ends within both.
  const lifetime = new ProbeLifetime(deps.clock, request.deadlineMs + (request.idleMs ?? 0), MAX_SOCKETS, deps.signal);
  const recorder = new Recorder(() => lifetime.elapsed());
  const record: NetworkRecord = {
    kind: 'network',
    tool: { name: 'ftp-doctor', version: request.toolVersion },
    startedAt: request.startedAt,
    via: {
      host: request.host,
      port: request.port,
      ...(request.fingerprint ? { fingerprint: request.fingerprint } : {}),
    },
    sessions: [],
    durationMs: 0,
    transcript: [],
  };
  try {
    const address = await resolve(request, deps.transport);
    if (!address) {
      record.sessions.push({
        security: 'plain',
        control: {
          outcome: 'error',
          ms: 0,
          error: `no ${request.family ? `IPv${request.family} ` : ''}address found for ${request.host}`,
        },
        tests: [],
      });
    } else {
      record.via.address = address;
      // Every connection of this test goes to the reflector's address, whatever its replies name.
      const policed = {
        ...deps,
        transport: policedTransport(deps.transport, onlyAddresses([address], 'the reflector named by --via')),
      };
      const context: Context = { request, deps: policed, lifetime, recorder, address };
      const plain = await runSession(context, 'plain');
      record.sessions.push(plain);
      record.sessions.push(await tlsSession(context, plain));
      if (request.idleMs) record.idle = await idleTest(context, request.idleMs);
    }
  } finally {
    record.durationMs = Math.round(lifetime.elapsed());
    if (lifetime.stopped) record.stopped = lifetime.stopped;
    lifetime.release();
    record.transcript = recorder.finish();
  }
  return record;
}

async function resolve(request: NetworkRequest, transport: Transport): Promise<string | undefined> {
  const family = ipFamily(request.host);
  if (family !== 0) return request.family && request.family !== family ? undefined : request.host;
  try {
    const found = await transport.lookup(request.host);
    return found.find((entry) => !request.family || entry.family === request.family)?.address;
  } catch {
    return undefined;
  }
}

async function tlsSession(context: Context, plain: NetworkSession): Promise<NetworkSession> {
  const { request, lifetime } = context;
  if (lifetime.stopped) return { security: 'tls', tests: [], notTested: { reason: lifetime.stopped } };
  if (!plain.hello)
    return {
      security: 'tls',
      tests: [],
      notTested: { reason: plain.control?.outcome === 'ok' ? 'not-a-reflector' : 'control-failed' },
    };
  if (request.tls === 'off') return { security: 'tls', tests: [], notTested: { reason: 'tls-off' } };
  if (!plain.hello.tls) return { security: 'tls', tests: [], notTested: { reason: 'tls-not-offered' } };
  return runSession(context, 'tls');
}

function commandsFor(address: string): NetworkCommand[] {
  // PORT and PASV carry IPv4 addresses only.
  return ipFamily(address) === 6 ? ['EPRT', 'EPSV'] : ['PORT', 'EPRT', 'PASV', 'EPSV'];
}

async function runSession(context: Context, security: NetworkSecurity): Promise<NetworkSession> {
  const { request, deps, lifetime, recorder, address } = context;
  const name = security === 'tls' ? 'control:tls' : 'control';
  const session: NetworkSession = { security, tests: [] };
  recorder.event(name, `connecting to ${address} port ${request.port}`);
  const { socket, ...connect } = await connectWithTimeout(
    deps.transport,
    lifetime,
    { host: address, port: request.port },
    request.timeoutMs,
  );
  session.control = {
    ...connect,
    ...(socket?.localAddress ? { localAddress: plainAddress(socket.localAddress), localPort: socket.localPort } : {}),
  };
  if (!socket) {
    recorder.event(name, `connect ${connect.outcome} after ${connect.ms} ms`);
    session.notTested = { reason: lifetime.stopped ?? 'control-failed' };
    return session;
  }
  const channel = new ControlChannel(socket, name, recorder, lifetime);
  try {
    const greeting = await channel.nextReply(request.timeoutMs);
    const hello = greeting.outcome === 'ok' ? helloOf(greeting.reply) : undefined;
    if (!hello) {
      const limit = greeting.outcome === 'ok' ? reflectorEvent(greeting.reply.lines, 'limit') : undefined;
      if (limit) {
        session.notTested = { reason: 'limit', detail: (limit.kind ?? 'sessions').slice(0, 40) };
        return session;
      }
      if (greeting.outcome === 'ok') session.greeting = greeting.reply.lines[0]?.slice(0, 200);
      session.notTested = {
        reason: lifetime.stopped ?? 'not-a-reflector',
        detail: greeting.outcome === 'ok' ? undefined : greeting.outcome,
      };
      return session;
    }
    session.hello = hello;
    if (security === 'tls' && !(await secure(context, channel, session))) return session;
    // A real client logs in before PORT, and Linux's FTP helper never reads the first command a client sends on a connection.
    await channel.command('USER anonymous', request.timeoutMs);
    for (const command of commandsFor(address)) {
      if (lifetime.stopped || !channel.inStep) {
        session.tests.push(
          untested(
            command,
            channel.inStep ? (lifetime.stopped ?? 'control-failed') : 'control-failed',
            session.control.localAddress,
          ),
        );
        continue;
      }
      session.tests.push(
        command === 'PORT' || command === 'EPRT'
          ? await activeTest(context, channel, command, hello)
          : await passiveTest(context, channel, command, hello),
      );
    }
    return session;
  } finally {
    channel.quit();
  }
}

function untested(
  command: NetworkCommand,
  reason: NonNullable<NetworkTest['notTested']>['reason'],
  local = '',
): NetworkTest {
  return command === 'PORT' || command === 'EPRT'
    ? { kind: 'active', command, sent: { address: local, port: 0 }, notTested: { reason } }
    : { kind: 'passive', command, notTested: { reason } };
}

function helloOf(reply: Reply): ReflectorHello | undefined {
  if (reply.code !== 220) return undefined;
  const fields = reflectorEvent(reply.lines, 'hello');
  const source = addressField(fields, 'source');
  if (!fields || !source) return undefined;
  const sourcePort = portField(fields, 'source-port');
  const controlPort = portField(fields, 'control-port');
  return {
    source: plainAddress(source),
    ...(sourcePort ? { sourcePort } : {}),
    ...(controlPort ? { controlPort } : {}),
    ...(fields['pasv-range'] && /^(any|\d{1,5}-\d{1,5})$/.test(fields['pasv-range'])
      ? { pasvRange: fields['pasv-range'] }
      : {}),
    connectTimeoutMs: millisecondsField(fields, 'connect-timeout-ms', MAX_REFLECTOR_WAIT_MS) ?? 5000,
    tls: fields.tls === 'yes',
    ...(fields.version ? { version: fields.version } : {}),
  };
}

/** AUTH TLS, the handshake, the pinned fingerprint (or a verified certificate), then PBSZ 0 and PROT C: data stays clear. */
async function secure(context: Context, channel: ControlChannel, session: NetworkSession): Promise<boolean> {
  const { request, lifetime, recorder } = context;
  const auth = await channel.command('AUTH TLS', request.timeoutMs);
  if (auth.reply?.code !== 234) {
    session.notTested = {
      reason: lifetime.stopped ?? 'tls-failed',
      detail: auth.reply ? auth.reply.lines[0] : auth.outcome,
    };
    return false;
  }
  const secured = await startTls(channel.socket, lifetime, request.timeoutMs, tlsOptionsFor(request.host, undefined));
  const pinned = request.fingerprint ? normaliseFingerprint(request.fingerprint) : undefined;
  const seen = secured.observation.certificate?.fingerprint256;
  session.tls = {
    ...secured.observation,
    ...(pinned ? { pinned, pinMatches: seen !== undefined && normaliseFingerprint(seen) === pinned } : {}),
  };
  recorder.event(
    channel.channel,
    `TLS handshake: ${secured.observation.outcome}${seen ? `, certificate ${seen}` : ''}`,
  );
  if (!secured.socket) {
    session.notTested = {
      reason: lifetime.stopped ?? 'tls-failed',
      detail: secured.observation.error ?? secured.observation.outcome,
    };
    return false;
  }
  channel.upgrade(secured.socket);
  if (pinned && !session.tls.pinMatches) {
    session.notTested = { reason: 'fingerprint-mismatch' };
    return false;
  }
  if (!pinned && !certificateVerified(secured.observation) && !request.insecure) {
    session.notTested = {
      reason: 'certificate-unverified',
      detail: secured.observation.authorizationError ?? 'the certificate does not verify',
    };
    return false;
  }
  for (const command of ['PBSZ 0', 'PROT C']) {
    const answer = await channel.command(command, request.timeoutMs);
    if (!answer.reply || answer.reply.code >= 400) {
      session.notTested = {
        reason: lifetime.stopped ?? 'tls-failed',
        detail: `${command}: ${answer.reply ? answer.reply.lines[0] : answer.outcome}`,
      };
      return false;
    }
  }
  return true;
}

export function normaliseFingerprint(text: string): string {
  return text.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

function replySummary(wait: ReplyWait): { reply?: { code: number; text: string }; outcome: ReplyWait['outcome'] } {
  // The reply's last line says what it means; the reflector's own lines come before it.
  return wait.outcome === 'ok'
    ? {
        reply: {
          code: wait.reply.code,
          text: (wait.reply.lines.at(-1) ?? '').replace(/^\d{3}[ -]?/, '').slice(0, 200),
        },
        outcome: 'ok',
      }
    : { outcome: wait.outcome };
}

async function ask(channel: ControlChannel, command: string, timeoutMs: number): Promise<ReplyWait> {
  channel.send(command);
  return channel.nextReply(timeoutMs);
}

/** LIST waits for the reflector's own connect or wait, then ours. */
function listWaitMs(context: Context, hello: ReflectorHello): number {
  return hello.connectTimeoutMs + context.request.timeoutMs;
}

async function activeTest(
  context: Context,
  channel: ControlChannel,
  command: 'PORT' | 'EPRT',
  hello: ReflectorHello,
): Promise<ActiveTest> {
  const { request, deps, lifetime, recorder } = context;
  const local = plainAddress(channel.localAddress ?? '');
  const test: ActiveTest = { kind: 'active', command, sent: { address: local, port: 0 } };
  let listener: net.Server;
  try {
    listener = lifetime.adoptServer(await deps.transport.listen({ host: local, port: 0 }));
  } catch (error) {
    test.notTested = {
      reason: 'control-failed',
      detail: `cannot listen on ${local}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
    return test;
  }
  const port = (listener.address() as net.AddressInfo).port;
  test.sent.port = port;
  const inbound = new Promise<string>((resolveInbound) => {
    listener.once('connection', (socket: net.Socket) => {
      lifetime.adopt(socket, false);
      socket.on('error', () => undefined);
      recorder.event(
        `listener:${command}`,
        `connection from ${socket.remoteAddress ?? '?'} port ${socket.remotePort ?? '?'}`,
      );
      resolveInbound(plainAddress(socket.remoteAddress ?? ''));
      socket.resume();
    });
  });
  try {
    const answered = await ask(
      channel,
      command === 'PORT' ? formatPort(local, port) : formatEprt(local, port),
      request.timeoutMs,
    );
    const summary = replySummary(answered);
    test.replyOutcome = summary.outcome;
    if (summary.reply) test.reply = summary.reply;
    if (answered.outcome !== 'ok' || answered.reply.code >= 400) return test;
    const arrived = reflectorEvent(answered.reply.lines, 'arrived');
    const arrivedAddress = addressField(arrived, 'address');
    const arrivedPort = portField(arrived, 'port');
    if (arrivedAddress && arrivedPort) test.arrived = { address: plainAddress(arrivedAddress), port: arrivedPort };
    const listed = await ask(channel, 'LIST', listWaitMs(context, hello));
    const listSummary = replySummary(listed);
    test.listOutcome = listSummary.outcome;
    if (listed.outcome !== 'ok') return test;
    const back = reflectorEvent(listed.reply.lines, 'connect-back');
    const limit = reflectorEvent(listed.reply.lines, 'limit');
    // The reflector's own cap is no finding about this network: the test did not run.
    if (limit) test.notTested = { reason: 'limit', detail: (limit.kind ?? '').slice(0, 40) };
    else if (back?.result) {
      const to = addressField(back, 'to-address');
      const toPort = portField(back, 'to-port');
      const ms = millisecondsField(back, 'ms', MAX_REFLECTOR_WAIT_MS * 10);
      test.connectBack = {
        result: back.result.slice(0, 20),
        ...(ms !== undefined ? { ms } : {}),
        ...(to ? { address: to } : {}),
        ...(toPort ? { port: toPort } : {}),
      };
    } else if (listSummary.reply) {
      test.listReply = listSummary.reply;
    }
    if (listed.reply.code < 300) {
      // 150: the data line comes, then 226.
      await channel.nextReply(request.timeoutMs);
    }
    const from = await settleWithin(lifetime, inbound, test.connectBack?.result === 'ok' ? request.timeoutMs : 0);
    if (from) test.inbound = { from };
    return test;
  } finally {
    listener.close();
  }
}

async function settleWithin<T>(lifetime: ProbeLifetime, promise: Promise<T>, ms: number): Promise<T | undefined> {
  const result = await waitFor<T>(lifetime, ms, (settle) => void promise.then(settle));
  return result.done ? result.value : undefined;
}

async function passiveTest(
  context: Context,
  channel: ControlChannel,
  command: 'PASV' | 'EPSV',
  hello: ReflectorHello,
): Promise<PassiveTest> {
  const { request, deps, lifetime, recorder, address } = context;
  const test: PassiveTest = { kind: 'passive', command };
  const answered = await ask(channel, command, request.timeoutMs);
  const summary = replySummary(answered);
  test.replyOutcome = summary.outcome;
  if (summary.reply) test.reply = summary.reply;
  if (answered.outcome !== 'ok' || answered.reply.code >= 400) return test;
  const parsed = parsePassiveReply(answered.reply.code, answered.reply.lines.join(' '));
  if (!parsed?.ok) return test;
  test.advertised = { ...(parsed.value.host ? { address: parsed.value.host } : {}), port: parsed.value.port };
  // The reflector's own address, whatever the reply names: never a third address.
  const target = { host: address, port: parsed.value.port };
  recorder.event(`data:${command}`, `connecting to ${target.host} port ${target.port}`);
  const { socket, ...connect } = await connectWithTimeout(deps.transport, lifetime, target, request.timeoutMs);
  test.connect = { ...connect, address: target.host, port: target.port };
  recorder.event(
    `data:${command}`,
    socket ? `connected in ${connect.ms} ms` : `connect ${connect.outcome} after ${connect.ms} ms`,
  );
  if (!socket) return test;
  socket.resume();
  try {
    const listed = await ask(channel, 'LIST', listWaitMs(context, hello));
    const listSummary = replySummary(listed);
    test.listOutcome = listSummary.outcome;
    if (listed.outcome !== 'ok') return test;
    const arrived = reflectorEvent(listed.reply.lines, 'data-arrived');
    if (arrived?.result) {
      const source = addressField(arrived, 'source');
      const sourcePort = portField(arrived, 'source-port');
      test.dataArrived = {
        result: arrived.result.slice(0, 20),
        ...(source ? { source: plainAddress(source) } : {}),
        ...(sourcePort ? { sourcePort } : {}),
        ...(arrived['same-as-control'] ? { sameAsControl: arrived['same-as-control'] === 'yes' } : {}),
      };
    } else if (listSummary.reply) {
      test.listReply = listSummary.reply;
    }
    if (listed.reply.code < 300) await channel.nextReply(request.timeoutMs);
    return test;
  } finally {
    socket.destroy();
  }
}

/**
 * A slow transfer through this network: PASV (EPSV over IPv6), the data
 * connection, `RETR idle-SECONDS`, one byte every few seconds while the
 * control connection carries nothing, then the wait for the 226. A path that
 * forgets idle connections loses the 226 though the data got through.
 */
async function idleTest(context: Context, idleMs: number): Promise<NetworkIdleTest> {
  const { request, deps, lifetime, recorder, address } = context;
  const seconds = Math.max(1, Math.round(idleMs / 1000));
  const untestedBecause = (
    reason: NonNullable<NetworkIdleTest['notTested']>['reason'],
    detail?: string | number,
  ): NetworkIdleTest => ({
    seconds,
    final: 'not-tested',
    notTested: { reason, ...(detail !== undefined ? { detail: String(detail) } : {}) },
  });
  const { socket, ...connect } = await connectWithTimeout(
    deps.transport,
    lifetime,
    { host: address, port: request.port },
    request.timeoutMs,
  );
  if (!socket) return untestedBecause('control-failed', connect.outcome);
  const channel = new ControlChannel(socket, 'control:idle', recorder, lifetime);
  try {
    const greeting = await channel.nextReply(request.timeoutMs);
    if (greeting.outcome !== 'ok' || !helloOf(greeting.reply)) return untestedBecause('no-greeting');
    await channel.command('USER anonymous', request.timeoutMs);
    const command = ipFamily(address) === 6 ? 'EPSV' : 'PASV';
    const answered = await ask(channel, command, request.timeoutMs);
    const parsed =
      answered.outcome === 'ok' ? parsePassiveReply(answered.reply.code, answered.reply.lines.join(' ')) : undefined;
    if (!parsed?.ok) return untestedBecause('no-port', command);
    // The reflector's own address, whatever the reply names.
    const made = await connectWithTimeout(
      deps.transport,
      lifetime,
      { host: address, port: parsed.value.port },
      request.timeoutMs,
    );
    if (!made.socket) return untestedBecause('data-failed', made.outcome);
    const data = made.socket;
    let bytes = 0;
    data.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const dataEnded = new Promise<'closed' | 'reset'>((resolve) => {
      data.once('error', () => resolve('reset'));
      data.once('close', () => resolve('closed'));
    });
    const started = await ask(channel, `RETR idle-${seconds}`, request.timeoutMs);
    if (started.outcome !== 'ok' || started.reply.code >= 300) {
      data.destroy();
      return untestedBecause('not-started', started.outcome === 'ok' ? started.reply.code : started.outcome);
    }
    recorder.event('control:idle', `a slow transfer of ${seconds} s; the control connection idles`);
    const ended = (await settleWithin(lifetime, dataEnded, idleMs + request.timeoutMs)) ?? 'timeout';
    data.destroy();
    const waitStarted = lifetime.elapsed();
    const final = await channel.nextReply(request.timeoutMs);
    const waitedMs = Math.round(lifetime.elapsed() - waitStarted);
    const result: NetworkIdleTest = { seconds, data: { bytes, ended }, final: 'timeout', waitedMs };
    if (final.outcome === 'ok') {
      result.final = final.reply.code === 226 ? 'ok' : 'other-reply';
      result.reply = final.reply.lines.join(' ').slice(0, 200);
    } else if (final.outcome === 'closed' || final.outcome === 'reset') result.final = final.outcome;
    else if (final.outcome === 'interrupted' || final.outcome === 'deadline')
      return untestedBecause('stopped', final.outcome);
    return result;
  } finally {
    channel.quit();
  }
}
