import type net from 'node:net';
import tls from 'node:tls';
import { hasCommandBreak, maskCommand } from '../protocol/ftp-commands.js';
import { ReplyError, ReplyReader, type Reply } from '../protocol/reply.js';
import type { ProbeLifetime } from './lifetime.js';
import type { CommandObservation, SurplusReplies, WaitOutcome } from '../record/record.js';
import type { Recorder } from './recorder.js';
import { waitFor } from './wait.js';

export type ReplyWait =
  | { outcome: 'ok'; reply: Reply; ms: number }
  | { outcome: Exclude<WaitOutcome, 'ok'> | 'garbage'; ms: number; line?: string };

type ChannelEnd = { outcome: 'closed' | 'reset' | 'garbage'; line?: string };

const FIRST_BYTES_KEPT = 64;

/** Replies a server may send ahead of the commands that ask for them; beyond either cap the connection is closed as a flood. */
export const MAX_UNREAD_REPLIES = 64;
export const MAX_UNREAD_BYTES = 256 * 1024;

/** One FTP control connection: sends commands, hands out replies in order, records both. */
export class ControlChannel {
  private readonly reader = new ReplyReader();
  private readonly queue: Reply[] = [];
  private queuedBytes = 0;
  private wake: (() => void) | undefined;
  private end: ChannelEnd | undefined;
  /** A reply was waited for in vain: a late one would answer the wrong command. */
  private outOfStep = false;
  /** What the replies waiting unread follow: the greeting, or the last command sent (masked). */
  private lastSent = '';
  /** Told whenever a reply is queued, so a wait elsewhere can see an early final reply. */
  private readonly queuedListeners = new Set<() => void>();
  firstBytes: Buffer = Buffer.alloc(0);

  /** TLS sessions the server offered on this connection, for data connections to resume (TLS 1.3 tickets are good once). */
  private readonly sessions: Buffer[] = [];
  private lastSession: Buffer | undefined;
  /** PROT P is in force: data connections speak TLS. */
  dataProtected = false;
  private readonly onDataBound = (chunk: Buffer): void => this.onData(chunk);
  private readonly onErrorBound = (error: NodeJS.ErrnoException): void =>
    this.finish({ outcome: error.code === 'ECONNRESET' ? 'reset' : 'closed' });
  private readonly onCloseBound = (): void => this.finish({ outcome: 'closed' });

  constructor(
    private current: net.Socket,
    readonly channel: string,
    private readonly recorder: Recorder,
    private readonly lifetime: ProbeLifetime,
  ) {
    // Commands are small and each waits for its reply: Nagle's algorithm would only add delay.
    current.setNoDelay(true);
    this.attach(current);
  }

  get socket(): net.Socket {
    return this.current;
  }

  private attach(socket: net.Socket): void {
    socket.on('data', this.onDataBound);
    socket.on('error', this.onErrorBound);
    socket.on('close', this.onCloseBound);
    if (socket instanceof tls.TLSSocket) {
      socket.on('session', (session: Buffer) => {
        this.sessions.push(session);
        this.lastSession = session;
      });
    }
  }

  /** Carries on over TLS: the secured socket replaces the plain one it wraps. */
  upgrade(secure: tls.TLSSocket): void {
    this.current.off('data', this.onDataBound);
    this.current.off('error', this.onErrorBound);
    this.current.off('close', this.onCloseBound);
    this.current = secure;
    this.attach(secure);
    const initial = secure.getSession();
    if (initial && this.sessions.length === 0) this.lastSession = initial;
  }

  /** A session for the next data connection to resume: a fresh ticket when there is one, else the last seen. */
  takeSession(): Buffer | undefined {
    return (
      this.sessions.shift() ??
      this.lastSession ??
      (this.current instanceof tls.TLSSocket ? this.current.getSession() : undefined)
    );
  }

  get alive(): boolean {
    return !this.end && !this.socket.destroyed;
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  private onData(chunk: Buffer): void {
    if (this.firstBytes.length < FIRST_BYTES_KEPT) {
      this.firstBytes = Buffer.concat([this.firstBytes, chunk]).subarray(0, FIRST_BYTES_KEPT);
    }
    try {
      for (const reply of this.reader.push(chunk)) {
        if (this.end) break;
        for (const line of reply.lines) this.recorder.received(this.channel, line);
        this.queue.push(reply);
        this.queuedBytes += replyBytes(reply);
        for (const listener of [...this.queuedListeners]) listener();
        if (this.queue.length > MAX_UNREAD_REPLIES || this.queuedBytes > MAX_UNREAD_BYTES) {
          this.recorder.flooded({
            channel: this.channel,
            replies: this.queue.length,
            bytes: this.queuedBytes,
            sample: this.queue[0]?.lines[0]?.slice(0, 120) ?? '',
          });
          this.queue.length = 0;
          this.queuedBytes = 0;
          this.finish({ outcome: 'garbage', line: 'reply flood' });
          this.socket.destroy();
          break;
        }
      }
    } catch (error) {
      const line = error instanceof ReplyError ? `${error.kind}: ${error.line}` : String(error);
      this.recorder.event(this.channel, `unreadable reply (${line.slice(0, 120)}); closing`);
      this.finish({ outcome: 'garbage', line: error instanceof ReplyError ? error.line : undefined });
      this.socket.destroy();
    }
    this.wake?.();
  }

  private finish(end: ChannelEnd): void {
    if (!this.end) {
      this.end = end;
      if (end.outcome !== 'garbage')
        this.recorder.event(this.channel, end.outcome === 'reset' ? 'connection reset' : 'connection closed');
    }
    this.wake?.();
  }

  /** The next complete reply, within the timeout. */
  async nextReply(timeoutMs: number): Promise<ReplyWait> {
    const started = this.lifetime.elapsed();
    const ms = (): number => Math.round(this.lifetime.elapsed() - started);
    const result = await waitFor<ReplyWait>(this.lifetime, timeoutMs, (settle) => {
      const check = (): void => {
        const reply = this.queue.shift();
        if (reply) this.queuedBytes -= replyBytes(reply);
        if (reply) settle({ outcome: 'ok', reply, ms: ms() });
        else if (this.end)
          settle({ outcome: this.end.outcome, ms: ms(), ...(this.end.line ? { line: this.end.line } : {}) });
      };
      this.wake = check;
      check();
      return () => {
        if (this.wake === check) this.wake = undefined;
      };
    });
    if (result.done) return result.value;
    this.outOfStep = true;
    return { outcome: result.why, ms: ms() };
  }

  /**
   * Calls back once a 4yz or 5yz reply is waiting unread (now or later): a
   * server that has given up on a transfer says so before the data side ends.
   * Returns the unsubscribe.
   */
  onRefusalQueued(listener: () => void): () => void {
    const check = (): void => {
      if (!this.queue.some((reply) => reply.code >= 400)) return;
      this.queuedListeners.delete(check);
      listener();
    };
    this.queuedListeners.add(check);
    check();
    return () => this.queuedListeners.delete(check);
  }

  send(command: string): void {
    // The input layer refuses these; a command that still holds one would carry a second command onto the wire.
    if (hasCommandBreak(command)) throw new Error('refusing to send a command holding CR, LF or NUL');
    this.setAsideUnasked(maskCommand(command));
    this.lastSent = maskCommand(command);
    this.recorder.sent(this.channel, command);
    if (this.alive) this.socket.write(`${command}\r\n`);
  }

  /**
   * Each command's reply is the next one after it: replies already waiting
   * answer nothing that is about to be asked, so they are recorded as surplus
   * and set aside instead of being read as the answer to the next command.
   */
  private setAsideUnasked(next: string): void {
    if (this.queue.length === 0) return;
    const surplus: SurplusReplies = {
      channel: this.channel,
      after: this.lastSent,
      before: next,
      count: this.queue.length,
      codes: this.queue.slice(0, 8).map((reply) => reply.code),
      first: this.queue[0]?.lines[0]?.slice(0, 120) ?? '',
    };
    this.recorder.surplus(surplus);
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  /** Sends a command and waits for its first reply. */
  async command(command: string, timeoutMs: number): Promise<CommandObservation> {
    this.send(command);
    const waited = await this.nextReply(timeoutMs);
    return waited.outcome === 'ok'
      ? { command: maskCommand(command), outcome: 'ok', reply: waited.reply, ms: waited.ms }
      : { command: maskCommand(command), outcome: waited.outcome, ms: waited.ms };
  }

  /** Usable for another command: open, and no reply outstanding. */
  get inStep(): boolean {
    return this.alive && !this.outOfStep;
  }

  /**
   * Says QUIT and closes our side without waiting for "221": the report needs
   * nothing from the answer, and waiting would only delay it.
   */
  quit(): void {
    if (this.inStep) {
      this.send('QUIT');
      this.socket.end();
    } else {
      this.destroy();
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function replyBytes(reply: Reply): number {
  return reply.lines.reduce((sum, line) => sum + line.length + 2, 0);
}
