import { isPassive } from '../record/derive.js';
import type net from 'node:net';
import { isIPv4 } from 'node:net';
import { formatEprt, formatPort } from '../protocol/ftp-commands.js';
import { parsePassiveReply } from '../protocol/passive.js';
import { isCompletion, replyClass, replyText } from '../protocol/reply.js';
import { classifyAddress, sameAddress, sameScope } from '../net/address.js';
import type { ProbeContext } from './context.js';
import type { ControlChannel } from './control-connection.js';
import type { DownloadObservation, ModeObservation, WaitOutcome } from '../record/record.js';
import { largestFile, listedFiles } from '../protocol/listing.js';
import { ListingReader } from './transfer.js';
import { connectWithTimeout, errorText, waitFor } from './wait.js';
import { startTls, tlsOptionsFor } from './tls-probe.js';

/** Preliminary replies read past the first while waiting for a transfer's final reply. */
const MAX_PRELIMINARY_REPLIES = 8;

export interface DataModeOptions {
  /** FTPS: offer no TLS session on the data connection (to see whether the server insists on resumption). */
  noResume?: boolean;
  /** The transfer command instead of LIST (RETR for --transfer), and how much of its data to read. */
  command?: string;
  capBytes?: number;
  /** Keep this much of the data as text (a listing to choose a file from). */
  keepBytes?: number;
}

/** What a data mode kept of its data (see keepBytes). */
interface Kept {
  reader?: ListingReader;
}

/** Runs one data mode on a logged-in control connection, filling in the observation. */
export async function runDataMode(
  channel: ControlChannel,
  context: ProbeContext,
  observation: ModeObservation,
  options: DataModeOptions = {},
): Promise<void> {
  const started = context.lifetime.elapsed();
  const transfer = context.settings.transfer;
  const kept: Kept = {};
  const listing = {
    ...options,
    ...(transfer && !options.command && !transfer.path ? { keepBytes: KEPT_LISTING_BYTES } : {}),
  };
  try {
    if (isPassive(observation.mode)) await runPassive(channel, context, observation, listing, kept);
    else await runActive(channel, context, observation, listing, kept);
  } finally {
    observation.durationMs = Math.round(context.lifetime.elapsed() - started);
  }
  if (transfer && !options.command && !options.noResume && observation.phase === 'done')
    await runDownload(channel, context, observation, transfer, kept.reader?.kept() ?? '');
}

/** The part of a listing a file to download is chosen from. */
const KEPT_LISTING_BYTES = 64 * 1024;

/**
 * --transfer: in the mode that just listed, on its control connection: TYPE I, SIZE, then RETR run as
 * LIST was (the same data command, connection and TLS), reading at most the cap. Nothing is written.
 */
async function runDownload(
  channel: ControlChannel,
  context: ProbeContext,
  observation: ModeObservation,
  transfer: { path?: string; maxBytes: number },
  listing: string,
): Promise<void> {
  const { settings } = context;
  const chosen = transfer.path ? { name: transfer.path } : largestFile(listing, transfer.maxBytes);
  const base = context.target.path ? `${context.target.path.replace(/\/+$/, '')}/` : '';
  const path = transfer.path ?? (chosen ? `${base}${chosen.name}` : '');
  const download: DownloadObservation = { path, capBytes: transfer.maxBytes };
  observation.download = download;
  if (!chosen) {
    download.notTested = {
      reason: 'no-file',
      detail:
        listedFiles(listing).length > 0
          ? 'every file listed is larger than --transfer-max'
          : 'the listing shows no file',
    };
    return;
  }
  download.type = await channel.command('TYPE I', settings.timeoutMs);
  if (!download.type.reply)
    return void (download.notTested = { reason: 'control-failed', detail: 'TYPE I was not answered' });
  download.size = await channel.command(`SIZE ${path}`, settings.timeoutMs);
  const size = download.size.reply?.code === 213 ? /^213 (\d{1,15})\s*$/.exec(replyText(download.size.reply)) : null;
  if (size) download.expectedBytes = Number(size[1]);
  if (!download.size.reply)
    return void (download.notTested = { reason: 'control-failed', detail: 'SIZE was not answered' });
  if (download.expectedBytes !== undefined && download.expectedBytes > transfer.maxBytes) {
    download.notTested = {
      reason: 'too-large',
      detail: `${path} is ${download.expectedBytes} bytes, more than --transfer-max (${transfer.maxBytes})`,
    };
    return;
  }
  const run: ModeObservation = {
    mode: observation.mode,
    connection: observation.connection,
    listReplies: [],
    phase: 'setup',
    durationMs: 0,
  };
  download.run = run;
  await runDataMode(channel, context, run, { command: `RETR ${path}`, capBytes: transfer.maxBytes });
}

/**
 * Where to open a passive data connection: the address the server named only
 * when it is of the same kind as the server's own (both public, both private,
 * both loopback), or when --try-advertised says so; otherwise the control
 * connection's address, as FileZilla, curl, lftp and Python do. A hostile
 * server must not steer the probe at hosts on the user's own network, and an
 * address outside the outbound policy (the exporter's --allow) is never followed.
 */
export function passiveTarget(
  context: ProbeContext,
  advertisedHost: string | undefined,
  port: number,
): { host: string; port: number; chosen: 'advertised' | 'control-peer'; advertisedSkipped: boolean } {
  const peer = context.address;
  const allowed = advertisedHost !== undefined && context.policy.allows(advertisedHost);
  const trusted = allowed && sameFamily(advertisedHost, peer) && sameScope(advertisedHost, peer);
  const forced = allowed && context.settings.tryAdvertised && classifyAddress(advertisedHost).scope !== 'unspecified';
  const host = advertisedHost !== undefined && (trusted || forced) ? advertisedHost : peer;
  const chosen = host === advertisedHost ? 'advertised' : 'control-peer';
  const advertisedSkipped =
    chosen === 'control-peer' && advertisedHost !== undefined && !sameAddress(advertisedHost, peer);
  return { host, port, chosen, advertisedSkipped };
}

/** LIST, of the URL's path when it has one. */
export function listCommand(context: ProbeContext): string {
  return context.target.path ? `LIST ${context.target.path}` : 'LIST';
}

async function runPassive(
  channel: ControlChannel,
  context: ProbeContext,
  observation: ModeObservation,
  options: DataModeOptions,
  kept: Kept,
): Promise<void> {
  const { settings, lifetime, recorder } = context;
  const dataChannel = `data:${observation.mode}`;
  observation.phase = 'command';
  const command = await channel.command(observation.mode === 'passive' ? 'PASV' : 'EPSV', settings.timeoutMs);
  observation.command = command;
  const reply = command.reply;
  if (!reply) return;
  const parsed = parsePassiveReply(reply.code, replyText(reply));
  if (!parsed) return;
  if (!parsed.ok) return void (observation.malformed = parsed.error);
  const { host: advertisedHost, port } = parsed.value;
  observation.advertised = parsed.value;

  const target = passiveTarget(context, advertisedHost, port);
  const { host, advertisedSkipped } = target;
  observation.dataTarget = target;
  if (advertisedSkipped)
    recorder.event(
      dataChannel,
      `not connecting to ${advertisedHost} (the address in the reply); using the control connection's ${context.address} instead`,
    );

  observation.phase = 'data-connect';
  recorder.event(dataChannel, `connecting to ${host} port ${port}`);
  const connected = await connectWithTimeout(context.transport, lifetime, { host, port }, settings.timeoutMs);
  const { socket, ...connect } = connected;
  observation.dataConnect = connect;
  if (!socket) {
    recorder.event(
      dataChannel,
      `connect ${connect.outcome}${connect.error ? ` (${connect.error})` : ''} after ${connect.ms} ms`,
    );
    return;
  }
  recorder.event(dataChannel, `connected in ${connect.ms} ms`);
  // Under PROT P the handshake starts at once; the server answers it after LIST.
  const securing = channel.dataProtected
    ? secureData(socket, channel, context, observation, options, dataChannel)
    : undefined;
  try {
    await listAndRead(channel, context, observation, options, async () => {
      const data = securing ? await securing : socket;
      return data ? (kept.reader = readerFor(data, dataChannel, context, options)) : undefined;
    });
  } finally {
    socket.destroy();
  }
}

/** TLS on a data connection, resuming the control connection's session unless told not to. */
async function secureData(
  socket: net.Socket,
  channel: ControlChannel,
  context: ProbeContext,
  observation: ModeObservation,
  options: DataModeOptions,
  dataChannel: string,
): Promise<net.Socket | undefined> {
  const session = options.noResume ? undefined : channel.takeSession();
  const secured = await startTls(
    socket,
    context.lifetime,
    context.settings.timeoutMs,
    tlsOptionsFor(context.target.host, context.settings.tlsVersion, session),
  );
  observation.dataTls = { ...secured.observation, offeredSession: session !== undefined };
  const how =
    secured.observation.outcome === 'ok'
      ? `${secured.observation.resumed ? 'session resumed' : 'new session'}`
      : `${secured.observation.outcome}${secured.observation.error ? ` (${secured.observation.error})` : ''}`;
  context.recorder.event(dataChannel, `TLS on the data connection: ${how}${session ? '' : ' (no session offered)'}`);
  return secured.socket;
}

async function runActive(
  channel: ControlChannel,
  context: ProbeContext,
  observation: ModeObservation,
  options: DataModeOptions,
  kept: Kept,
): Promise<void> {
  const { settings, lifetime, recorder } = context;
  const listenerChannel = `listener:${observation.mode}`;
  const localHost = channel.localAddress ?? '';
  const announced = settings.externalIp ?? localHost;
  if (observation.mode === 'active' && !isIPv4(announced)) {
    observation.notTested = {
      reason: 'family',
      detail: `PORT can only carry an IPv4 address, and this connection uses ${announced}`,
    };
    return;
  }
  observation.phase = 'command';
  let server: net.Server;
  try {
    server = lifetime.adoptServer(await listen(context, localHost));
  } catch (error) {
    observation.notTested = {
      reason: 'setup-failed',
      detail: `could not listen for the server's connection: ${errorText(error)}`,
    };
    return;
  }
  const address = server.address() as net.AddressInfo;
  observation.listen = { host: localHost, port: address.port, announcedHost: announced };
  recorder.event(listenerChannel, `listening on ${localHost} port ${address.port}`);
  const acceptStarted = lifetime.elapsed();
  let accepted: net.Socket | undefined;
  let wakeAccept: (() => void) | undefined;
  server.on('connection', (socket: net.Socket) => {
    socket.on('error', () => undefined);
    if (accepted || lifetime.stopped) return void socket.destroy();
    accepted = lifetime.adopt(socket);
    recorder.event(listenerChannel, `accepted a connection from ${socket.remoteAddress} port ${socket.remotePort}`);
    observation.accept = {
      outcome: 'ok',
      ms: Math.round(lifetime.elapsed() - acceptStarted),
      ...(socket.remoteAddress ? { remoteAddress: socket.remoteAddress } : {}),
      ...(socket.remotePort ? { remotePort: socket.remotePort } : {}),
    };
    wakeAccept?.();
  });
  try {
    const portCommand =
      observation.mode === 'active' ? formatPort(announced, address.port) : formatEprt(announced, address.port);
    const command = await channel.command(portCommand, settings.timeoutMs);
    observation.command = command;
    if (!command.reply || !isCompletion(command.reply.code)) return;
    await listAndRead(channel, context, observation, options, async (stopWaiting) => {
      if (!accepted) {
        const waited = await waitFor<WaitOutcome>(lifetime, settings.timeoutMs, (settle) => {
          wakeAccept = () => settle('ok');
          stopWaiting.push(settle);
          // "150" then "425": the server gave up connecting back; its final word ends the wait, as in curl.
          const stopWatching = channel.onRefusalQueued(() => settle('closed'));
          return () => {
            wakeAccept = undefined;
            stopWatching();
          };
        });
        if (!accepted) {
          observation.accept = {
            outcome: waited.done ? waited.value : waited.why,
            ms: Math.round(lifetime.elapsed() - acceptStarted),
          };
          return undefined;
        }
      }
      const dataChannel = `data:${observation.mode}`;
      const data = channel.dataProtected
        ? await secureData(accepted, channel, context, observation, options, dataChannel)
        : accepted;
      return data ? (kept.reader = readerFor(data, dataChannel, context, options)) : undefined;
    });
  } finally {
    accepted?.destroy();
    server.close();
  }
}

/**
 * LIST, then the preliminary reply, the data and the final reply, each with its own timeout.
 * `dataReady` yields the reader once the data connection exists (passive: at once; active: on accept).
 */
function readerFor(data: net.Socket, name: string, context: ProbeContext, options: DataModeOptions): ListingReader {
  const { settings, lifetime, recorder } = context;
  const capBytes = options.capBytes ?? settings.listingCapBytes;
  const isListing = options.command === undefined || options.command.startsWith('LIST');
  return new ListingReader(data, name, capBytes, lifetime, recorder, options.keepBytes, isListing);
}

async function listAndRead(
  channel: ControlChannel,
  context: ProbeContext,
  observation: ModeObservation,
  options: DataModeOptions,
  dataReady: (stopWaiting: Array<(why: WaitOutcome) => void>) => Promise<ListingReader | undefined>,
): Promise<void> {
  const { settings } = context;
  observation.phase = 'list';
  const stopWaiting: Array<(why: WaitOutcome) => void> = [];
  const readerPromise = dataReady(stopWaiting);
  const list = await channel.command(options.command ?? listCommand(context), settings.timeoutMs);
  observation.list = list;
  if (list.reply) observation.listReplies.push(list.reply);
  // An error reply means no data connection is coming: stop waiting for one.
  if (!list.reply || list.reply.code >= 400) {
    const why: WaitOutcome = list.outcome === 'ok' ? 'closed' : list.outcome === 'garbage' ? 'error' : list.outcome;
    stopWaiting.forEach((stop) => stop(why));
  }
  const reader = await readerPromise;
  if (!list.reply || list.reply.code >= 400) return;
  if (!reader) {
    // No usable data connection after a 1xx (a failed TLS handshake, say): the server's final word says why.
    if (list.reply.code < 200) await readCompletion(channel, context, observation);
    return;
  }
  observation.phase = 'transfer';
  // A refusal on the control connection while the data connection idles: the transfer is over.
  const stopWatching = channel.onRefusalQueued(() => reader.abandon());
  try {
    observation.transfer = await reader.finished(settings.timeoutMs);
  } finally {
    stopWatching();
  }
  if (list.reply.code >= 200) {
    observation.completion = { outcome: 'ok', ms: 0, reply: list.reply };
    observation.phase = 'done';
    return;
  }
  await readCompletion(channel, context, observation);
}

async function readCompletion(
  channel: ControlChannel,
  context: ProbeContext,
  observation: ModeObservation,
): Promise<void> {
  observation.phase = 'completion';
  let final = await channel.nextReply(context.settings.timeoutMs);
  // More preliminary replies ("150", "150", "425"): the final one is the first that is not 1yz.
  for (let extra = 0; final.outcome === 'ok' && replyClass(final.reply.code) === 'preliminary'; extra += 1) {
    if (extra >= MAX_PRELIMINARY_REPLIES) break;
    observation.listReplies.push(final.reply);
    final = await channel.nextReply(context.settings.timeoutMs);
  }
  if (final.outcome === 'ok') {
    observation.listReplies.push(final.reply);
    observation.completion = { outcome: 'ok', ms: final.ms, reply: final.reply };
    if (final.reply.code < 400 && observation.transfer) observation.phase = 'done';
  } else {
    observation.completion = { outcome: final.outcome, ms: final.ms };
  }
}

async function listen(context: ProbeContext, host: string): Promise<net.Server> {
  const range = context.settings.activePorts;
  if (!range) return context.transport.listen({ host, port: 0 });
  const size = range.high - range.low + 1;
  const offset = Math.floor(Math.random() * size);
  let lastError: unknown;
  for (let i = 0; i < size; i += 1) {
    try {
      return await context.transport.listen({ host, port: range.low + ((offset + i) % size) });
    } catch (error) {
      lastError = error;
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('no free port in the active port range');
}

function sameFamily(a: string, b: string): boolean {
  return classifyAddress(a).family === classifyAddress(b).family || classifyAddress(b).mappedIPv4 !== undefined;
}
