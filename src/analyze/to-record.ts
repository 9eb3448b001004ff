import { isIP } from 'node:net';
import { parseEprtArgument, parsePortArgument } from '../protocol/commands.js';
import { parsePassiveReply } from '../protocol/passive.js';
import { ReplyReader, replyText, type Reply } from '../protocol/reply.js';
import { identifyFromTexts } from '../protocol/software.js';
import { sameAddress } from '../net/address.js';
import type { CommandObservation, DataMode, ModeObservation, ProbeRecord, TranscriptEntry } from '../probe/record.js';
import { PHRASES } from '../diagnose/catalogue.js';
import type { LogEvent, ParsedLog } from './events.js';

export interface LogSource {
  file: string;
  format: ParsedLog['format'];
  client: string;
  /** What the log does not show, said once each. */
  notShown: string[];
}

const MODE_OF: Record<string, DataMode> = { PASV: 'passive', EPSV: 'epsv', PORT: 'active', EPRT: 'eprt' };
const LISTING = /^(LIST|NLST|MLSD|RETR)\b/i;
const LOGIN = /^(USER|PASS|ACCT)\b/i;

interface Pending {
  command: CommandObservation & { t?: number };
  apply: (reply: Reply | undefined, outcome: CommandObservation['outcome']) => void;
}

/**
 * Turns a parsed log into the observations a live probe records, so that the
 * same diagnosis rules apply. Where the log does not show something, it stays
 * unrecorded and the mode says "not shown in this log".
 */
export function logToRecord(log: ParsedLog, options: { file: string; startedAt: string; toolVersion: string; serverAddress?: string }): ProbeRecord & { source: LogSource } {
  const notShown = new Set<string>();
  const transcript: TranscriptEntry[] = [];
  const firstT = log.events.find((event) => event.t !== undefined)?.t;
  const rel = (event: LogEvent): number => (event.t !== undefined && firstT !== undefined ? Math.max(0, event.t - firstT) : 0);
  const modes: ModeObservation[] = [];
  let current: ModeObservation | undefined;
  let currentStartedAt: number | undefined;
  const greeting: Reply[] = [];
  const loginSteps: CommandObservation[] = [];
  const info: CommandObservation[] = [];
  const queue: Pending[] = [];
  const reader = new ReplyReader();
  let controlAddress: string | undefined = options.serverAddress;
  let controlPort = 21;
  let controlOutcome: ProbeRecord['control']['connect'] = { outcome: 'ok', ms: 0 };
  let controlSeen = false;
  let localAddress: string | undefined;
  let longestWaitMs = 0;
  let pendingDataConnect: { t?: number } | undefined;
  let advertisedSkipped = false;
  const skippedByClient = new Set<ModeObservation>();

  const finishMode = (): void => {
    if (current && !modes.some((m) => m.mode === current?.mode)) modes.push(current);
    current = undefined;
  };

  const onReply = (reply: Reply, event: LogEvent): void => {
    const pending = queue.shift();
    if (!pending) {
      if (!controlSeen || loginSteps.length === 0) greeting.push(reply);
      else if (current) current.listReplies.push(reply);
      return;
    }
    if (pending.command.t !== undefined && event.t !== undefined) longestWaitMs = Math.max(longestWaitMs, event.t - pending.command.t);
    pending.apply(reply, 'ok');
  };

  for (const event of log.events) {
    const t = rel(event);
    switch (event.kind) {
      case 'connect':
        if (event.data && current) {
          pendingDataConnect = { ...(event.t !== undefined ? { t: event.t } : {}) };
          const advertisedHost = current.advertised?.host;
          const skipped = advertisedSkipped || (advertisedHost !== undefined && !sameAddress(advertisedHost, event.host));
          current.dataTarget = { host: event.host, port: event.port ?? current.advertised?.port ?? 0, chosen: skipped ? 'control-peer' : 'advertised', advertisedSkipped: skipped && advertisedHost !== undefined };
          current.phase = 'data-connect';
          transcript.push({ t, channel: `data:${current.mode}`, kind: 'event', text: `connecting to ${event.host} port ${event.port ?? '?'}` });
        } else if (!event.data && !controlSeen) {
          controlAddress ??= event.host;
          if (event.port) controlPort = event.port;
          transcript.push({ t, channel: 'control', kind: 'event', text: `connecting to ${event.host} port ${event.port ?? 21}` });
        }
        break;
      case 'connected':
        if (event.data && current) {
          current.dataConnect = { outcome: 'ok', ms: pendingDataConnect?.t !== undefined && event.t !== undefined ? event.t - pendingDataConnect.t : 0 };
          pendingDataConnect = undefined;
        } else controlSeen = true;
        break;
      case 'connect-failed':
        if (event.data && current) {
          current.dataConnect = { outcome: event.outcome, ms: pendingDataConnect?.t !== undefined && event.t !== undefined ? event.t - pendingDataConnect.t : 0, error: event.text };
          if (current.dataConnect.ms > 0) longestWaitMs = Math.max(longestWaitMs, current.dataConnect.ms);
          pendingDataConnect = undefined;
          transcript.push({ t, channel: `data:${current.mode}`, kind: 'event', text: event.text });
          finishMode();
        } else if (!controlSeen) {
          controlOutcome = { outcome: event.outcome, ms: 0, error: event.text };
        }
        break;
      case 'advertised-skipped':
        advertisedSkipped = true;
        if (current) skippedByClient.add(current);
        transcript.push({ t, channel: 'client', kind: 'event', text: event.text });
        break;
      case 'accepted':
        if (current) current.accept = { outcome: 'ok', ms: 0, ...(event.host ? { remoteAddress: event.host } : {}) };
        break;
      case 'bytes':
        if (current) current.transfer = { bytes: (current.transfer?.bytes ?? 0) + event.bytes, lines: 0, ms: 0, end: 'closed' };
        break;
      case 'timeout':
      case 'error': {
        transcript.push({ t, channel: 'client', kind: 'event', text: event.text });
        if (event.kind === 'timeout' && event.waitedMs) longestWaitMs = Math.max(longestWaitMs, event.waitedMs);
        const pending = queue.shift();
        if (pending && event.kind === 'timeout') pending.apply(undefined, 'timeout');
        else if (pending) queue.unshift(pending);
        if (event.kind === 'timeout') finishMode();
        break;
      }
      case 'local-address':
        localAddress = event.host;
        break;
      case 'sent': {
        controlSeen = true;
        const text = event.text.trim();
        transcript.push({ t, channel: 'control', kind: 'sent', text: /^PASS\b/i.test(text) ? 'PASS ****' : text });
        const verb = (text.split(/\s+/)[0] ?? '').toUpperCase();
        const command: CommandObservation & { t?: number } = { command: /^PASS\b/i.test(text) ? 'PASS ****' : text, outcome: 'ok', ms: 0, ...(event.t !== undefined ? { t: event.t } : {}) };
        const mode = MODE_OF[verb];
        if (mode) {
          finishMode();
          advertisedSkipped = false;
          current = { mode, connection: 'own', listReplies: [], phase: 'command', durationMs: 0, command };
          currentStartedAt = event.t;
          if (mode === 'active' || mode === 'eprt') {
            const parsed = mode === 'active' ? parsePortArgument(text.slice(5)) : parseEprtArgument(text.slice(5));
            if (parsed.ok) {
              localAddress ??= parsed.value.host;
              current.listen = { host: parsed.value.host, port: parsed.value.port, announcedHost: parsed.value.host };
            }
          }
          const observation = current;
          queue.push({ command, apply: (reply, outcome) => applyModeReply(observation, reply, outcome, command) });
        } else if (LISTING.test(verb) && current) {
          const observation = current;
          const started = event.t;
          observation.phase = 'list';
          observation.list = command;
          queue.push({
            command,
            apply: (reply, outcome) => {
              if (!reply) {
                observation.list = { ...command, outcome };
                inferSilentData(observation);
                return;
              }
              observation.list = { ...command, reply };
              observation.listReplies.push(reply);
              // "425 Failed to establish connection" with no data connection in the log: it never arrived.
              if (reply.code === 425 && !/bad ip|match/i.test(replyText(reply))) inferSilentData(observation);
              if (reply.code < 200) {
                queue.unshift({ command, apply: (final, finalOutcome) => applyCompletion(observation, final, finalOutcome) });
              } else applyCompletion(observation, reply, 'ok');
              if (started !== undefined && currentStartedAt !== undefined) observation.durationMs = Math.max(observation.durationMs, (started ?? 0) - currentStartedAt);
            },
          });
        } else if (LOGIN.test(verb)) {
          queue.push({ command, apply: (reply, outcome) => loginSteps.push(reply ? { ...command, reply } : { ...command, outcome }) });
        } else {
          queue.push({ command, apply: (reply, outcome) => info.push(reply ? { ...command, reply } : { ...command, outcome }) });
        }
        break;
      }
      case 'reply':
        transcript.push({ t, channel: 'control', kind: 'received', text: event.text });
        try {
          for (const reply of reader.push(Buffer.from(`${event.text}\r\n`))) onReply(reply, event);
        } catch {
          // A line the log garbled: skip it.
        }
        break;
    }
  }
  // The log ends while the client still waits: that wait is the hang the log was sent for.
  for (const pending of queue) pending.apply(undefined, 'timeout');
  if (pendingDataConnect && current && !current.dataConnect) current.dataConnect = { outcome: 'timeout', ms: 0, error: 'the log ends while the client waits for the data connection' };
  finishMode();

  const greetingReplies = greeting;
  const loggedIn = loginSteps.some((step) => step.reply?.code === 230 || step.reply?.code === 202);
  if (!controlAddress) {
    controlAddress = firstAdvertised(modes) ?? '';
    notShown.add(PHRASES.notShown.serverAddress);
  }
  if (modes.length === 0) notShown.add(PHRASES.notShown.dataConnection);
  if (firstT === undefined) notShown.add(PHRASES.notShown.timings);
  for (const mode of modes) {
    const passive = mode.mode === 'passive' || mode.mode === 'epsv';
    if (log.format === 'vsftpd' && passive && mode.advertised && !mode.list && !mode.dataConnect) {
      // Clients open the data connection before LIST: a session that stops after the 227 lost it on the way.
      mode.dataConnect = { outcome: 'timeout', ms: 0 };
      mode.phase = 'data-connect';
      notShown.add(PHRASES.notShown.clientDataSide);
    }
    if (passive && mode.command?.reply && mode.command.reply.code < 300 && !mode.dataTarget && mode.advertised) {
      // The log does not say where the client connected: to the control address if it said it skips the reply's, else to the reply's.
      const skipped = skippedByClient.has(mode) && mode.advertised.host !== undefined;
      const host = skipped ? controlAddress : (mode.advertised.host ?? controlAddress);
      if (host) mode.dataTarget = { host, port: mode.advertised.port, chosen: skipped ? 'control-peer' : 'advertised', advertisedSkipped: skipped };
    }
  }
  const userStep = loginSteps.find((step) => /^USER /i.test(step.command));
  const user = userStep ? userStep.command.slice(5) : 'anonymous';
  const record: ProbeRecord & { source: LogSource } = {
    recordVersion: 1,
    tool: { name: 'ftp-doctor', version: options.toolVersion },
    startedAt: options.startedAt,
    target: { input: options.file, host: controlAddress || 'unknown', port: controlPort, user, anonymous: /^(anonymous|ftp)$/i.test(user) },
    settings: { modes: modes.map((m) => m.mode), timeoutMs: longestWaitMs, greetingTimeoutMs: 0, deadlineMs: 0, tryAdvertised: false, listingCapBytes: 0 },
    control: {
      address: controlAddress || '0.0.0.0',
      port: controlPort,
      family: isIP(controlAddress ?? '') === 6 ? 6 : 4,
      ...(localAddress || log.clientAddress ? { localAddress: localAddress ?? log.clientAddress } : {}),
      connect: controlOutcome,
      ...(greetingReplies.length ? { greeting: { outcome: 'ok', ms: 0, replies: greetingReplies } } : {}),
      ...(loginSteps.length ? { login: { user, anonymous: /^(anonymous|ftp)$/i.test(user), steps: loginSteps, loggedIn } } : {}),
      info,
      software: identifyFromTexts([
        ...greetingReplies.map((reply) => ({ text: replyText(reply), source: 'banner' as const })),
        ...info.flatMap((step) => (step.reply ? [{ text: replyText(step.reply), source: 'syst' as const }] : [])),
        ...modes.flatMap((m) => [m.command?.reply, ...m.listReplies].flatMap((reply) => (reply ? [{ text: replyText(reply), source: 'reply' as const }] : []))),
      ]),
    },
    modes,
    connectionLimitHit: false,
    interrupted: false,
    deadlineHit: false,
    durationMs: 0,
    transcript,
    source: { file: options.file, format: log.format, client: log.client, notShown: [...notShown] },
  };
  return record;
}

function firstAdvertised(modes: ModeObservation[]): string | undefined {
  return modes.find((mode) => mode.advertised?.host)?.advertised?.host;
}

function applyModeReply(observation: ModeObservation, reply: Reply | undefined, outcome: CommandObservation['outcome'], command: CommandObservation): void {
  if (!reply) {
    observation.command = { ...command, outcome };
    return;
  }
  observation.command = { ...command, reply };
  const parsed = parsePassiveReply(reply.code, replyText(reply));
  if (parsed?.ok) observation.advertised = parsed.value;
  else if (parsed) observation.malformed = parsed.error;
}

function applyCompletion(observation: ModeObservation, reply: Reply | undefined, outcome: CommandObservation['outcome']): void {
  if (!reply) {
    observation.completion = { outcome, ms: 0 };
    if (!observation.transfer) inferSilentData(observation);
    return;
  }
  if (!observation.listReplies.includes(reply)) observation.listReplies.push(reply);
  observation.completion = { outcome: 'ok', ms: 0, reply };
  const passive = observation.mode === 'passive' || observation.mode === 'epsv';
  if (reply.code < 400) {
    observation.transfer ??= { bytes: 0, lines: 0, ms: 0, end: 'closed' };
    if (passive) observation.dataConnect ??= { outcome: 'ok', ms: 0 };
    else observation.accept ??= { outcome: 'ok', ms: 0 };
    observation.phase = 'done';
  }
}

/**
 * LIST and then silence (or the server's 425 after its own wait): with no data
 * connection in the log, it never arrived. vsftpd, ProFTPD and Pure-FTPd send
 * 150 only once the data connection is there.
 */
function inferSilentData(observation: ModeObservation): void {
  const passive = observation.mode === 'passive' || observation.mode === 'epsv';
  if (passive && !observation.dataConnect) observation.dataConnect = { outcome: 'timeout', ms: 0 };
  if (!passive && !observation.accept) observation.accept = { outcome: 'timeout', ms: 0 };
}

