import { ipFamily, sameAddress } from '../../net/address.js';
import { parseEprtArgument, parsePortArgument } from '../../protocol/ftp-commands.js';
import { parsePassiveReply } from '../../protocol/passive.js';
import { ReplyReader, replyText, type Reply } from '../../protocol/reply.js';
import { familyOf, isPassive } from '../../record/derive.js';
import type {
  CommandObservation,
  DataMode,
  LogSource,
  ModeObservation,
  NotShown,
  ProbeRecord,
  TranscriptEntry,
} from '../../record/record.js';
import type { LogEvent, ParsedLog } from './events.js';

const MODE_OF: Record<string, DataMode> = { PASV: 'passive', EPSV: 'epsv', PORT: 'active', EPRT: 'eprt' };
const LISTING = /^(LIST|NLST|MLSD|RETR)\b/i;
const LOGIN = /^(USER|PASS|ACCT)\b/i;

interface Pending {
  command: CommandObservation & { t?: number };
  settle: (reply: Reply | undefined, outcome: CommandObservation['outcome']) => void;
}

type EventOf<K extends LogEvent['kind']> = Extract<LogEvent, { kind: K }>;

export interface LogRecordOptions {
  file: string;
  startedAt: string;
  toolVersion: string;
  serverAddress?: string;
}

/**
 * Turns a parsed log into the observations a live probe records, so that the
 * same diagnosis rules apply. Where the log does not show something, it stays
 * unrecorded and the mode says "not shown in this log".
 */
export function logToRecord(log: ParsedLog, options: LogRecordOptions): ProbeRecord & { source: LogSource } {
  const replay = new LogReplay(log, options);
  for (const event of log.events) replay.on(event);
  return replay.finish();
}

/** A transcript shows at most 2,000 lines, as a probe's does: the first 1,000 and the last 1,000. */
const TRANSCRIPT_HEAD = 1000;
const TRANSCRIPT_TAIL = 1000;

/** The state of a log read line by line: one handler per kind of event. */
class LogReplay {
  private readonly notShown = new Set<NotShown>();
  /** A long log's transcript: its first lines and its last (where it failed), and how many between were left out. */
  private readonly transcript: TranscriptEntry[] = [];
  private readonly transcriptTail: TranscriptEntry[] = [];
  private transcriptLeftOut = 0;
  private readonly firstT: number | undefined;
  private readonly modes: ModeObservation[] = [];
  private current: ModeObservation | undefined;
  private currentStartedAt: number | undefined;
  private readonly greeting: Reply[] = [];
  private readonly loginSteps: CommandObservation[] = [];
  private readonly info: CommandObservation[] = [];
  private readonly queue: Pending[] = [];
  private readonly reader = new ReplyReader();
  private controlAddress: string | undefined;
  private controlPort = 21;
  private controlOutcome: ProbeRecord['control']['connect'] = { outcome: 'ok', ms: 0 };
  private controlSeen = false;
  private localAddress: string | undefined;
  private longestWaitMs = 0;
  private pendingDataConnect: { t?: number } | undefined;
  private advertisedSkipped = false;
  private readonly skippedByClient = new Set<ModeObservation>();

  constructor(
    private readonly log: ParsedLog,
    private readonly options: LogRecordOptions,
  ) {
    this.controlAddress = options.serverAddress;
    this.firstT = log.events.find((event) => event.t !== undefined)?.t;
  }

  on(event: LogEvent): void {
    switch (event.kind) {
      case 'connect':
        return this.onConnect(event);
      case 'connected':
        return this.onConnected(event);
      case 'connect-failed':
        return this.onConnectFailed(event);
      case 'advertised-skipped':
        return this.onAdvertisedSkipped(event);
      case 'accepted':
        return this.onAccepted(event);
      case 'bytes':
        return this.onBytes(event);
      case 'timeout':
      case 'error':
        return this.onClientGaveUp(event);
      case 'local-address':
        return this.onLocalAddress(event);
      case 'sent':
        return this.onSent(event);
      case 'reply':
        return this.onReplyLine(event);
    }
  }

  /** Time since the log's first timestamp; undefined where the log has none. */
  private rel(event: LogEvent): number | undefined {
    return event.t !== undefined && this.firstT !== undefined ? Math.max(0, event.t - this.firstT) : undefined;
  }

  private note(event: LogEvent, channel: string, kind: TranscriptEntry['kind'], text: string): void {
    const t = this.rel(event);
    const entry = { ...(t !== undefined ? { t } : {}), channel, kind, text };
    if (this.transcript.length < TRANSCRIPT_HEAD) return void this.transcript.push(entry);
    this.transcriptTail.push(entry);
    // Trimmed in halves, so that each entry is moved a bounded number of times.
    if (this.transcriptTail.length >= 2 * TRANSCRIPT_TAIL) {
      this.transcriptLeftOut += this.transcriptTail.length - TRANSCRIPT_TAIL;
      this.transcriptTail.splice(0, this.transcriptTail.length - TRANSCRIPT_TAIL);
    }
  }

  private transcriptOf(): TranscriptEntry[] {
    const tail = this.transcriptTail;
    const leftOut = this.transcriptLeftOut + Math.max(0, tail.length - TRANSCRIPT_TAIL);
    const kept = tail.slice(Math.max(0, tail.length - TRANSCRIPT_TAIL));
    if (leftOut === 0) return [...this.transcript, ...kept];
    const at = kept[0]?.t;
    return [
      ...this.transcript,
      {
        ...(at !== undefined ? { t: at } : {}),
        channel: 'log',
        kind: 'event',
        text: `${leftOut} more lines not shown here`,
      },
      ...kept,
    ];
  }

  private finishMode(): void {
    const current = this.current;
    if (current && !this.modes.some((m) => m.mode === current.mode)) this.modes.push(current);
    this.current = undefined;
  }

  private onConnect(event: EventOf<'connect'>): void {
    const current = this.current;
    if (event.data && current) {
      this.pendingDataConnect = { ...(event.t !== undefined ? { t: event.t } : {}) };
      const advertisedHost = current.advertised?.host;
      const skipped =
        this.advertisedSkipped ||
        (advertisedHost !== undefined && ipFamily(event.host) !== 0 && !sameAddress(advertisedHost, event.host));
      const host = ipFamily(event.host) !== 0 ? event.host : skipped ? this.controlAddress : advertisedHost;
      current.dataTarget = {
        host: host ?? '',
        port: event.port ?? current.advertised?.port ?? 0,
        chosen: skipped ? 'control-peer' : 'advertised',
        advertisedSkipped: skipped && (advertisedHost !== undefined || current.advertisedUnroutable === true),
      };
      current.phase = 'data-connect';
      this.note(event, `data:${current.mode}`, 'event', `connecting to ${event.host} port ${event.port ?? '?'}`);
    } else if (!event.data && !this.controlSeen) {
      // A host name, or one the user redacted (xxx.xxx.xxx.xxx), is no address: the server's address stays unknown.
      if (ipFamily(event.host) !== 0) this.controlAddress ??= event.host;
      if (event.port) this.controlPort = event.port;
      this.note(event, 'control', 'event', `connecting to ${event.host} port ${event.port ?? 21}`);
    }
  }

  private waitedSinceDataConnect(event: LogEvent): number {
    const started = this.pendingDataConnect?.t;
    return started !== undefined && event.t !== undefined ? event.t - started : 0;
  }

  private onConnected(event: EventOf<'connected'>): void {
    if (event.data && this.current) {
      this.current.dataConnect = { outcome: 'ok', ms: this.waitedSinceDataConnect(event) };
      this.pendingDataConnect = undefined;
    } else this.controlSeen = true;
  }

  private onConnectFailed(event: EventOf<'connect-failed'>): void {
    const current = this.current;
    if (event.data && current) {
      current.dataConnect = { outcome: event.outcome, ms: this.waitedSinceDataConnect(event), error: event.text };
      if (current.dataConnect.ms > 0) this.longestWaitMs = Math.max(this.longestWaitMs, current.dataConnect.ms);
      this.pendingDataConnect = undefined;
      this.note(event, `data:${current.mode}`, 'event', event.text);
      this.finishMode();
    } else if (!this.controlSeen) {
      this.controlOutcome = { outcome: event.outcome, ms: 0, error: event.text };
    }
  }

  private onAdvertisedSkipped(event: EventOf<'advertised-skipped'>): void {
    this.note(event, 'client', 'event', event.text);
    if (!this.current || !isPassive(this.current.mode)) {
      // FileZilla at its default level: no PASV or 227 in the log, only its word that the reply's address was unroutable.
      this.finishMode();
      this.current = {
        mode: 'passive',
        connection: 'own',
        listReplies: [],
        phase: 'command',
        durationMs: 0,
        command: { command: 'PASV', outcome: 'ok', ms: 0, reply: { code: 227, lines: [] } },
        advertisedUnroutable: true,
      };
      this.currentStartedAt = event.t;
    }
    this.advertisedSkipped = true;
    this.skippedByClient.add(this.current);
    // curl names the control connection's address it uses instead: the server's address, though the log lost its "Trying" line.
    const reused = /re-?use ([0-9a-f.:]+) instead/i.exec(event.text)?.[1];
    if (reused && ipFamily(reused) !== 0) this.controlAddress ??= reused;
  }

  private onAccepted(event: EventOf<'accepted'>): void {
    if (this.current)
      this.current.accept = { outcome: 'ok', ms: 0, ...(event.host ? { remoteAddress: event.host } : {}) };
  }

  private onBytes(event: EventOf<'bytes'>): void {
    if (this.current)
      this.current.transfer = {
        bytes: (this.current.transfer?.bytes ?? 0) + event.bytes,
        lines: (this.current.transfer?.lines ?? 0) + (event.lines ?? 0),
        ms: 0,
        end: 'closed',
      };
  }

  /** The client gave up waiting (a timeout) or reported an error. */
  private onClientGaveUp(event: EventOf<'timeout'> | EventOf<'error'>): void {
    this.note(event, 'client', 'event', event.text);
    if (event.kind === 'timeout' && event.waitedMs) this.longestWaitMs = Math.max(this.longestWaitMs, event.waitedMs);
    const pending = this.queue.shift();
    if (pending && event.kind === 'timeout') pending.settle(undefined, 'timeout');
    else if (pending) this.queue.unshift(pending);
    if (event.kind === 'timeout') {
      // FileZilla at its default level: a passive data connection that never came shows only as "Connection timed out".
      const current = this.current;
      if (
        current &&
        isPassive(current.mode) &&
        current.command?.reply &&
        current.command.reply.code < 300 &&
        !current.dataConnect &&
        !current.list
      ) {
        current.dataConnect = { outcome: 'timeout', ms: event.waitedMs ?? 0, error: event.text };
        current.phase = 'data-connect';
      }
      this.finishMode();
    }
  }

  private onLocalAddress(event: EventOf<'local-address'>): void {
    if (ipFamily(event.host) !== 0) this.localAddress = event.host;
  }

  private onSent(event: EventOf<'sent'>): void {
    this.controlSeen = true;
    const text = event.text.trim();
    const masked = /^PASS\b/i.test(text) ? 'PASS ****' : text;
    this.note(event, 'control', 'sent', masked);
    const verb = (text.split(/\s+/)[0] ?? '').toUpperCase();
    const command: CommandObservation & { t?: number } = {
      command: masked,
      outcome: 'ok',
      ms: 0,
      ...(event.t !== undefined ? { t: event.t } : {}),
    };
    const mode = MODE_OF[verb];
    if (mode) this.startMode(mode, text, command, event);
    else if (LISTING.test(verb) && this.current) this.startListing(this.current, command, event);
    else if (LOGIN.test(verb))
      this.queue.push({
        command,
        settle: (reply, outcome) => this.loginSteps.push(reply ? { ...command, reply } : { ...command, outcome }),
      });
    else
      this.queue.push({
        command,
        settle: (reply, outcome) => this.info.push(reply ? { ...command, reply } : { ...command, outcome }),
      });
  }

  private startMode(mode: DataMode, text: string, command: CommandObservation, event: LogEvent): void {
    this.finishMode();
    this.advertisedSkipped = false;
    const observation: ModeObservation = {
      mode,
      connection: 'own',
      listReplies: [],
      phase: 'command',
      durationMs: 0,
      command,
    };
    this.current = observation;
    this.currentStartedAt = event.t;
    if (mode === 'active' || mode === 'eprt') {
      const parsed = mode === 'active' ? parsePortArgument(text.slice(5)) : parseEprtArgument(text.slice(5));
      if (parsed.ok) {
        this.localAddress ??= parsed.value.host;
        observation.listen = { host: parsed.value.host, port: parsed.value.port, announcedHost: parsed.value.host };
      } else if (!text.slice(5).trim()) {
        // A log that keeps the command but not its argument (IIS): an address was named, which one is not shown.
        observation.listen = { host: '', port: 0, announcedHost: '' };
      }
    }
    this.queue.push({ command, settle: (reply, outcome) => applyModeReply(observation, reply, outcome, command) });
  }

  private startListing(observation: ModeObservation, command: CommandObservation, event: LogEvent): void {
    const started = event.t;
    observation.phase = 'list';
    observation.list = command;
    this.queue.push({
      command,
      settle: (reply, outcome) => {
        if (!reply) {
          observation.list = { ...command, outcome };
          inferSilentData(observation);
          return;
        }
        observation.list = { ...command, reply };
        observation.listReplies.push(reply);
        // "425 Failed to establish connection" with no data connection in the log: it never arrived.
        if (reply.code === 425 && !/bad ip|match/i.test(replyText(reply)))
          inferSilentData(observation, replyText(reply));
        if (reply.code < 200) {
          this.queue.unshift({
            command,
            settle: (final, finalOutcome) => applyCompletion(observation, final, finalOutcome),
          });
        } else applyCompletion(observation, reply, 'ok');
        if (started !== undefined && this.currentStartedAt !== undefined)
          observation.durationMs = Math.max(observation.durationMs, started - this.currentStartedAt);
      },
    });
  }

  private onReplyLine(event: EventOf<'reply'>): void {
    this.note(event, 'control', 'received', event.text);
    try {
      for (const reply of this.reader.push(Buffer.from(`${event.text}\r\n`))) this.onReply(reply, event);
    } catch {
      // A line the log garbled: skip it.
    }
  }

  private onReply(reply: Reply, event: LogEvent): void {
    const pending = this.queue.shift();
    if (!pending) {
      if (!this.controlSeen || this.loginSteps.length === 0) this.greeting.push(reply);
      else if (this.current) this.current.listReplies.push(reply);
      return;
    }
    if (pending.command.t !== undefined && event.t !== undefined)
      this.longestWaitMs = Math.max(this.longestWaitMs, event.t - pending.command.t);
    pending.settle(reply, 'ok');
  }

  finish(): ProbeRecord & { source: LogSource } {
    // The log ends while the client still waits: that wait is the hang the log was sent for.
    for (const pending of this.queue) pending.settle(undefined, 'timeout');
    const current = this.current;
    if (this.pendingDataConnect && current && !current.dataConnect)
      current.dataConnect = {
        outcome: 'timeout',
        ms: 0,
        error: 'the log ends while the client waits for the data connection',
      };
    this.finishMode();
    const controlAddress = this.controlAddress;
    if (!controlAddress) this.notShown.add('server-address');
    if (this.modes.length === 0) this.notShown.add('data-connection');
    if (this.firstT === undefined) this.notShown.add('timings');
    if (this.log.readFrom !== undefined) this.notShown.add('earlier-lines');
    for (const item of this.log.alsoNotShown ?? []) this.notShown.add(item);
    for (const mode of this.modes) this.completeMode(mode, controlAddress);
    const { loginSteps, greeting, info } = this;
    const loggedIn = loginSteps.some((step) => step.reply?.code === 230 || step.reply?.code === 202);
    const userStep = loginSteps.find((step) => /^USER /i.test(step.command));
    const user = userStep ? userStep.command.slice(5) : 'anonymous';
    const localAddress = this.localAddress ?? this.log.clientAddress;
    return {
      recordVersion: 1,
      tool: { name: 'ftp-doctor', version: this.options.toolVersion },
      startedAt: this.options.startedAt,
      target: {
        input: this.options.file,
        host: controlAddress ?? 'unknown',
        port: this.controlPort,
        user,
        anonymous: /^(anonymous|ftp)$/i.test(user),
      },
      settings: {
        modes: this.modes.map((m) => m.mode),
        timeoutMs: this.longestWaitMs,
        greetingTimeoutMs: 0,
        deadlineMs: 0,
        tryAdvertised: false,
        listingCapBytes: 0,
      },
      control: {
        // An unknown server address stays empty: no rule compares addresses with it.
        address: controlAddress ?? '',
        port: this.controlPort,
        family: familyOf(controlAddress ?? ''),
        ...(localAddress ? { localAddress } : {}),
        connect: this.controlOutcome,
        ...(greeting.length ? { greeting: { outcome: 'ok', ms: 0, replies: greeting } } : {}),
        ...(loginSteps.length
          ? { login: { user, anonymous: /^(anonymous|ftp)$/i.test(user), steps: loginSteps, loggedIn } }
          : {}),
        info,
      },
      modes: this.modes,
      interrupted: false,
      deadlineHit: false,
      durationMs: 0,
      transcript: this.transcriptOf(),
      ...this.log.observations,
      source: {
        file: this.options.file,
        ...(this.log.sourceKind ? { kind: this.log.sourceKind } : {}),
        format: this.log.format,
        client: this.log.client,
        side: this.log.side,
        notShown: [...this.notShown],
      },
    };
  }

  /** What the log implies but does not say about a mode, once the whole log is read. */
  private completeMode(mode: ModeObservation, controlAddress: string | undefined): void {
    const passive = isPassive(mode.mode);
    if (this.log.side === 'server' && passive && mode.advertised && !mode.list && !mode.dataConnect) {
      // Clients open the data connection before LIST: a session that stops after the 227 lost it on the way.
      mode.dataConnect = { outcome: 'timeout', ms: 0 };
      mode.phase = 'data-connect';
      this.notShown.add('client-data-side');
    }
    if (
      passive &&
      mode.command?.reply &&
      mode.command.reply.code < 300 &&
      !mode.dataTarget &&
      (mode.advertised || mode.advertisedUnroutable || onlyTheCode(mode.command.reply))
    ) {
      // The log does not say where the client connected: to the control address if it said it skips the reply's, else to the reply's.
      const skipped =
        this.skippedByClient.has(mode) && (mode.advertised?.host !== undefined || mode.advertisedUnroutable === true);
      const host = skipped ? controlAddress : (mode.advertised?.host ?? controlAddress);
      mode.dataTarget = {
        host: host ?? '',
        port: mode.advertised?.port ?? 0,
        chosen: skipped ? 'control-peer' : 'advertised',
        advertisedSkipped: skipped,
      };
    }
  }
}

function applyModeReply(
  observation: ModeObservation,
  reply: Reply | undefined,
  outcome: CommandObservation['outcome'],
  command: CommandObservation,
): void {
  if (!reply) {
    observation.command = { ...command, outcome };
    return;
  }
  observation.command = { ...command, reply };
  // A log that keeps only the reply's code (IIS): the address in it is not shown, which is not a malformed reply.
  if (onlyTheCode(reply)) return;
  const parsed = parsePassiveReply(reply.code, replyText(reply));
  if (parsed?.ok) observation.advertised = parsed.value;
  else if (parsed) observation.malformed = parsed.error;
}

function applyCompletion(
  observation: ModeObservation,
  reply: Reply | undefined,
  outcome: CommandObservation['outcome'],
): void {
  if (!reply) {
    observation.completion = { outcome, ms: 0 };
    if (!observation.transfer) inferSilentData(observation);
    return;
  }
  if (!observation.listReplies.includes(reply)) observation.listReplies.push(reply);
  observation.completion = { outcome: 'ok', ms: 0, reply };
  if (reply.code < 400) {
    observation.transfer ??= { bytes: 0, lines: 0, ms: 0, end: 'closed' };
    if (isPassive(observation.mode)) observation.dataConnect ??= { outcome: 'ok', ms: 0 };
    else observation.accept ??= { outcome: 'ok', ms: 0 };
    observation.phase = 'done';
  }
}

/**
 * LIST and then silence (or the server's 425 after its own wait): with no data
 * connection in the log, it never arrived. vsftpd, ProFTPD and Pure-FTPd send
 * 150 only once the data connection is there.
 */
function inferSilentData(observation: ModeObservation, said = ''): void {
  const passive = isPassive(observation.mode);
  // A server that logs why (IIS's Windows error beside the 425) says whether it timed out, was refused or reset.
  const outcome = /refused/i.test(said) ? 'refused' : /reset/i.test(said) ? 'reset' : 'timeout';
  if (passive && !observation.dataConnect) {
    observation.dataConnect = { outcome, ms: 0 };
    observation.phase = 'data-connect';
  }
  if (!passive && !observation.accept) {
    observation.accept = { outcome, ms: 0 };
    observation.phase = 'data-connect';
  }
}

/** A reply a log kept only as its code (IIS's sc-status): its text, a 227's address included, is not shown. */
function onlyTheCode(reply: Reply): boolean {
  return /^\d{3}$/.test(replyText(reply).trim());
}
