import type net from 'node:net';
import type { Clock } from '../record/clock.js';

export type StopReason = 'deadline' | 'interrupted';

/**
 * Owns every socket, server and timer a probe makes, so that a deadline or an
 * interrupt releases all of them at once and the process can exit.
 */
export class ProbeLifetime {
  private readonly sockets = new Set<net.Socket>();
  private readonly servers = new Set<net.Server>();
  private readonly stopListeners = new Set<(reason: StopReason) => void>();
  private readonly deadlineTimer: NodeJS.Timeout;
  private readonly startedAt: number;
  private socketsOpened = 0;
  stopped: StopReason | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly deadlineMs: number,
    readonly maxSockets: number,
    signal?: AbortSignal,
  ) {
    this.startedAt = clock.now();
    this.deadlineTimer = setTimeout(() => this.stop('deadline'), deadlineMs);
    if (signal) {
      if (signal.aborted) this.stop('interrupted');
      else signal.addEventListener('abort', () => this.stop('interrupted'), { once: true });
    }
  }

  elapsed(): number {
    return this.clock.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.deadlineMs - this.elapsed());
  }

  /** A phase's wait: its own timeout, never past the deadline. */
  waitMs(phaseTimeoutMs: number): number {
    return Math.min(phaseTimeoutMs, this.remainingMs());
  }

  canOpenSocket(): boolean {
    return !this.stopped && this.socketsOpened < this.maxSockets;
  }

  /** Takes charge of a socket; a TLS layer over a connection already counted is not a new connection. */
  adopt(socket: net.Socket, newConnection = true): net.Socket {
    if (newConnection) this.socketsOpened += 1;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    if (this.stopped) socket.destroy();
    return socket;
  }

  adoptServer(server: net.Server): net.Server {
    this.servers.add(server);
    server.once('close', () => this.servers.delete(server));
    if (this.stopped) server.close();
    return server;
  }

  /** A listener registered after the stop is called on the next microtask, never before its registration returns. */
  onStop(listener: (reason: StopReason) => void): () => void {
    const stopped = this.stopped;
    if (stopped) {
      queueMicrotask(() => listener(stopped));
      return () => undefined;
    }
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  stop(reason: StopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const listener of this.stopListeners) listener(reason);
    this.stopListeners.clear();
    this.release();
  }

  /** Destroys whatever is still open and clears the deadline timer. */
  release(): void {
    clearTimeout(this.deadlineTimer);
    // Newest first: a TLS socket goes before the connection under it, which it may still be reading from (Node crashes otherwise).
    for (const socket of [...this.sockets].reverse()) socket.destroy();
    for (const server of this.servers) server.close();
    this.sockets.clear();
    this.servers.clear();
  }
}
