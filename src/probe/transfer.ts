import type net from 'node:net';
import type { ProbeLifetime } from './lifetime.js';
import type { DataTransferObservation } from '../record/record.js';
import type { Recorder } from './recorder.js';
import { waitFor } from './wait.js';

type End = DataTransferObservation['end'];

/**
 * Counts what arrives on a data connection without keeping it, up to a cap;
 * nothing is ever written to the server.
 */
export class ListingReader {
  private bytes = 0;
  private lines = 0;
  private lastByte = 0x0a;
  private end: End | undefined;
  private readonly started: number;
  private finishedAt: number | undefined;
  /** When the last byte arrived: a stall is a silence this long, not a slow total. */
  private lastDataAt: number;
  private wake: (() => void) | undefined;

  /** The first keepBytes of the data, when asked (a listing to choose a file from); never more. */
  private readonly keptChunks: Buffer[] = [];
  private keptBytes = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly channel: string,
    private readonly capBytes: number,
    private readonly lifetime: ProbeLifetime,
    private readonly recorder: Recorder,
    private readonly keepBytes = 0,
    /** Lines matter in a listing only; a file's are not counted. */
    private readonly countLines = true,
  ) {
    this.started = lifetime.elapsed();
    this.lastDataAt = this.started;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => this.finish(error.code === 'ECONNRESET' ? 'reset' : 'closed'));
    socket.on('close', () => this.finish('closed'));
    socket.on('end', () => socket.end());
  }

  private onData(chunk: Buffer): void {
    if (this.end) return;
    this.lastDataAt = this.lifetime.elapsed();
    const room = this.capBytes - this.bytes;
    const taken = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.bytes += taken.length;
    if (this.keptBytes < this.keepBytes) {
      const kept = taken.subarray(0, this.keepBytes - this.keptBytes);
      this.keptChunks.push(Buffer.from(kept));
      this.keptBytes += kept.length;
    }
    if (this.countLines)
      for (let at = taken.indexOf(0x0a); at !== -1; at = taken.indexOf(0x0a, at + 1)) this.lines += 1;
    if (taken.length > 0) this.lastByte = taken[taken.length - 1] ?? this.lastByte;
    if (this.bytes >= this.capBytes) {
      this.finish('cap');
      this.socket.destroy();
    }
  }

  private finish(end: End): void {
    if (this.end) return;
    this.end = end;
    this.finishedAt = this.lifetime.elapsed();
    const lines = this.lines + (this.bytes > 0 && this.lastByte !== 0x0a ? 1 : 0);
    const how = {
      closed: 'closed by the server',
      cap: 'stopped at the size cap',
      timeout: 'stopped: no byte within the timeout',
      reset: 'reset',
      deadline: 'stopped at the deadline',
      interrupted: 'interrupted',
      refused: "stopped: the server's final reply refused the transfer",
    }[end];
    this.recorder.event(this.channel, `${this.bytes} bytes, ${lines} lines; ${how}`);
    this.wake?.();
  }

  /** What was kept of the data, as text. */
  kept(): string {
    return Buffer.concat(this.keptChunks).toString('utf8');
  }

  /** Waits for the server to finish sending while bytes keep coming: at most idleMs without one (the deadline bounds the whole). */
  async finished(idleMs: number): Promise<DataTransferObservation> {
    while (!this.end) {
      const silentFor = this.lifetime.elapsed() - this.lastDataAt;
      const waited = await waitFor<void>(this.lifetime, Math.max(1, idleMs - silentFor), (settle) => {
        this.wake = () => settle();
        return () => (this.wake = undefined);
      });
      if (waited.done) continue;
      if (waited.why === 'timeout' && this.lifetime.elapsed() - this.lastDataAt < idleMs) continue;
      this.finish(waited.why);
      this.socket.destroy();
    }
    return this.observation();
  }

  /** Stops reading: the server has already refused the transfer on the control connection. */
  abandon(): void {
    this.finish('refused');
    this.socket.destroy();
  }

  observation(): DataTransferObservation {
    const lines = this.lines + (this.bytes > 0 && this.lastByte !== 0x0a ? 1 : 0);
    const until = this.finishedAt ?? this.lifetime.elapsed();
    return { bytes: this.bytes, lines, ms: Math.round(until - this.started), end: this.end ?? 'timeout' };
  }

  get done(): boolean {
    return this.end !== undefined;
  }
}
