import type net from 'node:net';
import type { ProbeLifetime, StopReason } from './lifetime.js';
import type { Transport } from './transport.js';
import type { ConnectObservation, WaitOutcome } from '../record/record.js';

export type Waited<T> = { done: true; value: T } | { done: false; why: 'timeout' | StopReason };

/**
 * Waits for `start` to settle, at most `timeoutMs` and never past the probe's
 * deadline or an interrupt. `start` returns its own clean-up.
 */
export function waitFor<T>(
  lifetime: ProbeLifetime,
  timeoutMs: number,
  start: (settle: (value: T) => void) => (() => void) | void,
): Promise<Waited<T>> {
  return new Promise((resolve) => {
    if (lifetime.stopped) return resolve({ done: false, why: lifetime.stopped });
    let finished = false;
    let cleanup: (() => void) | void = undefined;
    let removeStop: () => void = () => undefined;
    // A wait cut short by the deadline is the deadline, whichever timer fires first.
    const cappedByDeadline = lifetime.remainingMs() <= timeoutMs;
    const timer = setTimeout(
      () => (cappedByDeadline ? lifetime.stop('deadline') : finish({ done: false, why: 'timeout' })),
      lifetime.waitMs(timeoutMs),
    );
    function finish(result: Waited<T>): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      removeStop();
      if (cleanup) cleanup();
      resolve(result);
    }
    removeStop = lifetime.onStop((why) => finish({ done: false, why }));
    if (finished) return;
    cleanup = start((value) => finish({ done: true, value }));
    if (finished && cleanup) cleanup();
  });
}

export function outcomeOfError(error: NodeJS.ErrnoException | undefined): WaitOutcome {
  switch (error?.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EINVAL':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    default:
      return 'error';
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export interface Connected extends ConnectObservation {
  socket?: net.Socket;
}

/** Opens a TCP connection with its own timeout; records how it ended. */
export async function connectWithTimeout(
  transport: Transport,
  lifetime: ProbeLifetime,
  target: { host: string; port: number; localAddress?: string },
  timeoutMs: number,
): Promise<Connected> {
  const started = lifetime.elapsed();
  const ms = (): number => Math.round(lifetime.elapsed() - started);
  if (lifetime.stopped) return { outcome: lifetime.stopped, ms: 0 };
  if (!lifetime.canOpenSocket()) return { outcome: 'error', ms: 0, error: 'socket limit reached' };
  let socket: net.Socket;
  try {
    socket = lifetime.adopt(transport.connect(target));
  } catch (error) {
    return { outcome: 'error', ms: ms(), error: errorText(error) };
  }
  const result = await waitFor<{ error?: NodeJS.ErrnoException }>(lifetime, timeoutMs, (settle) => {
    const onConnect = (): void => settle({});
    const onError = (error: NodeJS.ErrnoException): void => settle({ error });
    socket.once('connect', onConnect);
    socket.once('error', onError);
    return () => {
      socket.off('connect', onConnect);
      socket.off('error', onError);
    };
  });
  if (result.done && !result.value.error) {
    // Errors after connecting are handled by whoever reads the socket; this keeps a late one from crashing us.
    socket.on('error', () => undefined);
    return { outcome: 'ok', ms: ms(), socket };
  }
  socket.on('error', () => undefined);
  socket.destroy();
  if (!result.done) return { outcome: result.why, ms: ms() };
  return { outcome: outcomeOfError(result.value.error), ms: ms(), error: errorText(result.value.error) };
}
