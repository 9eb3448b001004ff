import { isIP } from 'node:net';
import { familyOf, isPassive } from '../record/derive.js';
import { parsePasvReply } from '../protocol/passive.js';
import { replyText } from '../protocol/reply.js';
import type { Clock } from '../record/clock.js';
import type { ProbeContext } from './context.js';
import type { ControlChannel } from './control-connection.js';
import { listCommand, runDataMode } from './data-connection.js';
import { ProbeLifetime } from './lifetime.js';
import type {
  DataMode,
  EnduranceObservation,
  ModeObservation,
  PassiveSample,
  ProbeRecord,
  ProbeRequest,
} from '../record/record.js';
import { samplePassivePorts } from './passive-samples.js';
import { IDLE_CONNECTIONS, measureIdle } from './idle-probe.js';
import { Recorder } from './recorder.js';
import { openSession, type Session } from './probe-session.js';
import type { ResolvedAddress, Transport } from './transport.js';
import { OPEN_POLICY, policedTransport, type OutboundPolicy } from './policy.js';
import { errorText } from './wait.js';

export interface ProbeDependencies {
  transport: Transport;
  clock: Clock;
  toolVersion: string;
  signal?: AbortSignal;
  /** Which addresses may be connected to; the command line's is open, the exporter's comes from --allow. */
  policy?: OutboundPolicy;
  /** Called as each mode finishes, for live progress. */
  onModeFinished?: (address: string, observation: ModeObservation) => void;
  /** Called every few seconds of an --idle measurement, for live progress. */
  onIdleProgress?: (address: string, elapsedMs: number, maxMs: number, alive: number) => void;
}

/** Sockets one probe of one address may open, besides one per passive sample: a control and a data connection per mode, retries, the main one. */
export const MAX_SOCKETS_PER_PROBE = 16;

/** Probes the target: every address chosen from its name, concurrently, one record each. */
export async function probe(request: ProbeRequest, deps: ProbeDependencies): Promise<ProbeRecord[]> {
  const { target } = request;
  if (isIP(target.host)) return [await probeAddress(request, target.host, deps)];
  const started = deps.clock.now();
  let resolved: ResolvedAddress[];
  try {
    resolved = await deps.transport.lookup(target.host);
  } catch (error) {
    const record = emptyRecord(request, target.host, deps, deps.clock.wall());
    record.resolution = { addresses: [], error: errorText(error), ms: Math.round(deps.clock.now() - started) };
    record.control.connect = { outcome: 'error', ms: 0, error: 'name not resolved' };
    record.modes = request.settings.modes.map((mode) =>
      notTested(mode, 'control-failed', 'the name could not be resolved'),
    );
    return [record];
  }
  const wanted = request.family ? resolved.filter((entry) => entry.family === request.family) : resolved;
  if (wanted.length === 0) {
    const record = emptyRecord(request, target.host, deps, deps.clock.wall());
    record.resolution = {
      addresses: resolved.map((entry) => entry.address),
      error: `no IPv${request.family} address (${request.family === 6 ? 'AAAA' : 'A'} record) for the name`,
      ms: Math.round(deps.clock.now() - started),
    };
    record.control.connect = { outcome: 'error', ms: 0, error: 'name not resolved' };
    record.modes = request.settings.modes.map((mode) =>
      notTested(mode, 'control-failed', 'the name has no address of that family'),
    );
    return [record];
  }
  const chosen = request.allAddresses ? wanted : firstOfEachFamily(wanted);
  const resolution = { addresses: resolved.map((entry) => entry.address), ms: Math.round(deps.clock.now() - started) };
  const records = await Promise.all(chosen.map((entry) => probeAddress(request, entry.address, deps)));
  for (const record of records) record.resolution = resolution;
  return records;
}

function firstOfEachFamily(addresses: ResolvedAddress[]): ResolvedAddress[] {
  const v4 = addresses.find((entry) => entry.family === 4);
  const v6 = addresses.find((entry) => entry.family === 6);
  return [v4, v6].filter((entry): entry is ResolvedAddress => entry !== undefined);
}

export async function probeAddress(
  request: ProbeRequest,
  address: string,
  deps: ProbeDependencies,
): Promise<ProbeRecord> {
  const startedAt = deps.clock.wall();
  // --idle adds its waits to the deadline and its connections to the budget: the probe ends within both.
  const idleMs = request.settings.idleMs ?? 0;
  const lifetime = new ProbeLifetime(
    deps.clock,
    request.settings.deadlineMs + idleMs,
    MAX_SOCKETS_PER_PROBE +
      (request.settings.pasvSamples ?? 0) +
      (request.settings.transfers ?? 0) +
      (idleMs > 0 ? IDLE_CONNECTIONS : 0),
    deps.signal,
  );
  const recorder = new Recorder(() => lifetime.elapsed());
  const policy = deps.policy ?? OPEN_POLICY;
  const context: ProbeContext = {
    transport: policedTransport(deps.transport, policy),
    policy,
    clock: deps.clock,
    lifetime,
    recorder,
    settings: request.settings,
    target: request.target,
    address,
    password: request.password,
  };
  const record = emptyRecord(request, address, deps, startedAt);
  try {
    await runSessions(context, record, (observation) => deps.onModeFinished?.(address, observation));
    if (idleMs > 0 && record.control.login?.loggedIn && !lifetime.stopped)
      record.idle = await measureIdle(context, idleMs, (elapsed, alive) =>
        deps.onIdleProgress?.(address, elapsed, idleMs, alive),
      );
  } finally {
    lifetime.release();
  }
  record.interrupted = lifetime.stopped === 'interrupted';
  record.deadlineHit = lifetime.stopped === 'deadline';
  record.durationMs = Math.round(lifetime.elapsed());
  if (recorder.floods.length > 0) record.control.floods = recorder.floods;
  if (recorder.surplusReplies.length > 0) record.control.surplus = recorder.surplusReplies;
  record.transcript = recorder.finish();
  return record;
}

/** Server-information commands: asked on whichever connection is free first, after its data mode, off the critical path. */
const INFO_COMMANDS = ['FEAT', 'SYST', 'PWD'] as const;

/**
 * Every mode's control connection opens at the start, concurrently: each greets
 * and sends USER at once, and PASS only once the first connection has logged
 * in. The first mode runs on the first connection, each other on its own; FEAT,
 * SYST and PWD go to whichever connections are done first. No TYPE is sent:
 * listings travel in ASCII, FTP's default type (RFC 959), and a round trip
 * spent on it would lengthen the critical path.
 */
async function runSessions(
  context: ProbeContext,
  record: ProbeRecord,
  finished: (observation: ModeObservation) => void,
): Promise<void> {
  record.modes = initialObservations(context);
  const [first, ...rest] = record.modes.filter((observation) => !observation.notTested);
  let reportLogin: (loggedIn: boolean) => void = () => undefined;
  const mainLoggedIn = new Promise<boolean>((resolve) => (reportLogin = resolve));
  let opening: Array<{ observation: ModeObservation; session: Promise<Session> }> = [];
  const openOthers = (): void => {
    if (opening.length === 0)
      opening = rest.map((observation) => ({
        observation,
        session: openSession(context, `control:${observation.mode}`, { passAfter: mainLoggedIn }),
      }));
  };
  const main = await openSession(context, 'control', {
    onLogin: reportLogin,
    onConnected: (made) => made && openOthers(),
  });
  reportLogin(main.ok);
  recordControl(record, main);
  if (!main.ok || !main.channel) {
    // The other connections sent no password: close them, each within its own timeouts.
    await Promise.all(opening.map(({ session }) => session.then((s) => s.channel?.quit())));
    record.modes = untestedWithout(main, context, record.modes);
    return;
  }
  const channel = main.channel;
  const retryOneByOne: ModeObservation[] = [];
  const info: string[] = [...INFO_COMMANDS];
  const askInfo = async (on: ControlChannel): Promise<void> => {
    while (on.inStep && !context.lifetime.stopped) {
      const command = info.shift();
      if (!command) return;
      record.control.info.push(await on.command(command, context.settings.timeoutMs));
    }
  };

  const others = opening.map(async ({ observation, session: opened }) => {
    const session = await opened;
    observation.setup = setupOf(session);
    if (!session.ok || !session.channel) {
      retryOneByOne.push(observation);
      return;
    }
    await runDataMode(session.channel, context, observation);
    finished(observation);
    await askInfo(session.channel);
    await endSession(session.channel, context, record);
  });

  const mainWork = (async () => {
    if (first && channel.inStep) {
      first.connection = 'main';
      await runDataMode(channel, context, first);
      finished(first);
    } else if (first) {
      retryOneByOne.push(first);
    }
    await askInfo(channel);
    const samples = context.settings.pasvSamples ?? 0;
    if (samples > 0) record.pasvSamples = await sampleOn(context, channel, samples);
    const transfers = context.settings.transfers ?? 0;
    if (transfers > 0 && channel.inStep) record.endurance = await transfersInARow(context, channel, transfers);
    if (channel.dataProtected && channel.inStep && context.settings.modes.some(isPassive)) {
      // One listing whose data connection offers no session: does the server insist on resumption?
      const check = emptyObservation('passive');
      check.connection = 'main';
      await runDataMode(channel, context, check, { noResume: true });
      record.reuseCheck = check;
    }
  })();
  const comparison = plainComparison(context, record);

  await Promise.all([mainWork, ...others]);
  const last = await runOneByOne(context, channel, retryOneByOne, finished);
  // Whatever no other connection could ask (a connection limit, say) is asked on the last one at the end.
  await askInfo(last);
  const compared = await comparison;
  if (compared) record.plainComparison = compared;
  await endSession(last, context, record);
}

/** One observation per mode asked for; PASV and PORT carry IPv4 addresses only (RFC 2428), so over IPv6 they are not tested. */
function initialObservations(context: ProbeContext): ModeObservation[] {
  const applicable = (mode: DataMode): boolean => familyOf(context.address) === 4 || mode === 'epsv' || mode === 'eprt';
  return context.settings.modes.map((mode) =>
    applicable(mode)
      ? emptyObservation(mode)
      : notTested(
          mode,
          'family',
          `${mode === 'passive' ? 'PASV' : 'PORT'} carries only IPv4 addresses; over IPv6 the mode is ${mode === 'passive' ? 'EPSV' : 'EPRT'}`,
        ),
  );
}

/** What the first control connection showed: its connect, greeting, login, TLS and local address. */
function recordControl(record: ProbeRecord, main: Session): void {
  record.control.connect = main.connect;
  if (main.greeting) record.control.greeting = main.greeting;
  if (main.login) record.control.login = main.login;
  if (main.tls) record.control.tls = main.tls;
  const localAddress = main.channel?.localAddress ?? main.localAddress;
  if (localAddress) record.control.localAddress = localAddress;
}

/** Every mode not yet decided, as not tested: without a working control connection (or a login) none can be. */
function untestedWithout(main: Session, context: ProbeContext, modes: ModeObservation[]): ModeObservation[] {
  const reason = main.login ? 'login-failed' : 'control-failed';
  const detail = main.login ? 'login was refused' : 'no working control connection';
  const stopped = context.lifetime.stopped;
  return modes.map((o) =>
    o.notTested ? o : notTested(o.mode, stopped ?? reason, stopped ? `stopped (${stopped})` : detail),
  );
}

/**
 * QUIT, except that the first FTPS session to end in step tries CCC instead
 * (RFC 4217): after a 200 its control connection is no longer encrypted, so
 * nothing may follow, and the main connection may not survive the reuse check.
 */
async function endSession(channel: ControlChannel, context: ProbeContext, record: ProbeRecord): Promise<void> {
  const tls = record.control.tls;
  if (tls?.handshake?.outcome === 'ok' && !tls.ccc && channel.inStep && channel.dataProtected) {
    tls.ccc = { command: 'CCC', outcome: 'timeout', ms: 0 }; // claimed: the other sessions QUIT
    tls.ccc = await channel.command('CCC', context.settings.timeoutMs);
    channel.destroy();
    return;
  }
  channel.quit();
}

/**
 * FTPS: one PASV on a plain session, to compare the address with the one sent
 * under TLS. Only for anonymous logins: a password is never sent unencrypted
 * when TLS was asked for.
 */
async function plainComparison(context: ProbeContext, record: ProbeRecord): Promise<ProbeRecord['plainComparison']> {
  const tls = context.settings.tls ?? 'none';
  if (tls === 'none' || record.control.tls?.handshake?.outcome !== 'ok') return undefined;
  if (tls === 'implicit') return { skipped: 'an implicit-TLS port has no plain FTP to compare with' };
  if (!context.target.anonymous) return { skipped: 'it would send the password unencrypted' };
  const session = await openSession(context, 'control:plain', { plain: true });
  if (!session.ok || !session.channel) return { skipped: 'the server refused a plain-FTP login' };
  const command = await session.channel.command('PASV', context.settings.timeoutMs);
  session.channel.quit();
  const parsed = command.reply?.code === 227 ? parsePasvReply(replyText(command.reply)) : undefined;
  return { command, ...(parsed?.ok ? { advertised: parsed.value } : {}) };
}

/** Passive samples on the main connection, or on a fresh one when the main one is out of step. */
/**
 * --transfers N: one transfer after another on the main control connection, in the first mode asked for
 * (passive ones first), each with its own data connection, until one does not work or N have.
 */
async function transfersInARow(
  context: ProbeContext,
  channel: ControlChannel,
  count: number,
): Promise<EnduranceObservation> {
  const mode = context.settings.modes.find(isPassive) ?? context.settings.modes[0] ?? 'passive';
  const path = context.settings.transfer?.path;
  const command = path ? `RETR ${path}` : undefined;
  const started = context.lifetime.elapsed();
  const run: EnduranceObservation = { mode, command: command ?? 'LIST', asked: count, worked: 0, ms: 0 };
  if (command) await channel.command('TYPE I', context.settings.timeoutMs);
  for (let index = 0; index < count; index += 1) {
    if (context.lifetime.stopped) {
      run.stopped = context.lifetime.stopped === 'interrupted' ? 'interrupted' : 'deadline';
      break;
    }
    const observation = emptyObservation(mode);
    observation.connection = 'main';
    await runDataMode(channel, context, observation, {
      ...(command ? { command, capBytes: context.settings.transfer!.maxBytes } : { command: listCommand(context) }),
    });
    const worked = observation.phase === 'done' && (observation.completion?.reply?.code ?? 500) < 400;
    if (!worked) {
      if (context.lifetime.stopped)
        run.stopped = context.lifetime.stopped === 'interrupted' ? 'interrupted' : 'deadline';
      else run.failed = observation;
      break;
    }
    run.worked += 1;
  }
  run.ms = Math.round(context.lifetime.elapsed() - started);
  return run;
}

async function sampleOn(context: ProbeContext, main: ControlChannel, count: number): Promise<PassiveSample[]> {
  if (main.inStep) return samplePassivePorts(main, context, count);
  const session = await openSession(context, 'control:samples');
  if (!session.channel) return [];
  const samples = await samplePassivePorts(session.channel, context, count);
  session.channel.quit();
  return samples;
}

/**
 * After a connection limit: the remaining modes one after another, on the main
 * connection while it stays in step (a clean refusal leaves it usable). A
 * connection out of step is closed before another is opened: a server that
 * serves one connection at a time greets no second one while the first is open.
 */
async function runOneByOne(
  context: ProbeContext,
  main: ControlChannel,
  observations: ModeObservation[],
  finished: (observation: ModeObservation) => void,
): Promise<ControlChannel> {
  let channel: ControlChannel | undefined = main.inStep ? main : undefined;
  for (const observation of observations) {
    if (context.lifetime.stopped) {
      Object.assign(
        observation,
        notTested(observation.mode, context.lifetime.stopped, `stopped (${context.lifetime.stopped})`),
        {
          setup: observation.setup,
        },
      );
      continue;
    }
    observation.firstSetup = observation.setup;
    delete observation.setup;
    observation.connection = 'sequential';
    if (!channel) {
      main.destroy();
      const session = await openSession(context, 'control:sequential');
      observation.setup = setupOf(session);
      if (!session.ok || !session.channel) {
        observation.notTested = { reason: 'setup-failed', detail: 'no further control connection could be opened' };
        continue;
      }
      channel = session.channel;
    }
    await runDataMode(channel, context, observation);
    finished(observation);
    if (!channel.inStep) {
      // After a hang the server may still answer the old command: a later mode gets a fresh connection.
      if (channel !== main) channel.quit();
      channel = undefined;
    }
  }
  return channel ?? main;
}

function setupOf(session: Session): ModeObservation['setup'] {
  return {
    connect: session.connect,
    ...(session.greeting ? { greeting: session.greeting } : {}),
    ...(session.login ? { login: session.login } : {}),
    ...(session.tls ? { tls: session.tls } : {}),
    ok: session.ok,
  };
}

function emptyObservation(mode: DataMode): ModeObservation {
  return { mode, connection: 'own', listReplies: [], phase: 'setup', durationMs: 0 };
}

function notTested(
  mode: DataMode,
  reason: NonNullable<ModeObservation['notTested']>['reason'],
  detail: string,
): ModeObservation {
  return { ...emptyObservation(mode), notTested: { reason, detail } };
}

function emptyRecord(request: ProbeRequest, address: string, deps: ProbeDependencies, startedAt: Date): ProbeRecord {
  return {
    recordVersion: 1,
    tool: { name: 'ftp-doctor', version: deps.toolVersion },
    startedAt: startedAt.toISOString(),
    target: request.target,
    settings: request.settings,
    control: {
      address,
      port: request.target.port,
      family: familyOf(address),
      connect: { outcome: 'error', ms: 0 },
      info: [],
    },
    modes: [],
    interrupted: false,
    deadlineHit: false,
    durationMs: 0,
    transcript: [],
  };
}
