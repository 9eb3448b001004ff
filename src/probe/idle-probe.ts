import type { IdleObservation, IdleOutcome } from '../record/record.js';
import { replyText } from '../protocol/reply.js';
import type { ProbeContext } from './context.js';
import type { ControlChannel } from './control-connection.js';
import { openSession } from './probe-session.js';

/** Control connections one idle measurement holds at once: seven waits and one with TCP keepalive. */
export const IDLE_CONNECTIONS = 8;
/** The shortest wait worth making: below it, no NAT or server timer is found. */
const SHORTEST_IDLE_MS = 2000;

/**
 * The waits of one round: the maximum, then each the previous divided by √2,
 * so that one round bounds a timer within a factor of √2 and the whole
 * measurement takes the maximum, not the sum.
 */
export function idleWaits(maxMs: number): number[] {
  const waits: number[] = [];
  for (let wait = maxMs; waits.length < IDLE_CONNECTIONS - 1 && wait >= SHORTEST_IDLE_MS - 1; wait /= Math.SQRT2)
    waits.push(Math.round(wait / 100) * 100);
  return waits.reverse();
}

/**
 * Holds logged-in control connections idle, each for its own wait, then
 * sends NOOP on each and records what happened: 200 (held), a 421 (the
 * server's own timer, before or at the NOOP), a reset or silence without a
 * 421 (the path forgot it). One more connection waits the longest with TCP
 * keepalive at half the shortest wait, to show whether keepalive keeps the
 * path's state. Records; never judges.
 */
export async function measureIdle(
  context: ProbeContext,
  maxMs: number,
  onProgress?: (elapsedMs: number, alive: number) => void,
): Promise<IdleObservation> {
  const waits = idleWaits(maxMs);
  const keepaliveAfterMs = Math.max(1000, Math.round((waits[0] ?? maxMs) / 2));
  const plans: Array<{ idleMs: number; keepalive?: { afterMs: number } }> = [
    ...waits.map((idleMs) => ({ idleMs })),
    { idleMs: maxMs, keepalive: { afterMs: keepaliveAfterMs } },
  ];
  // Opened one after another, so that a server's per-address limit shows as connections not opened, not as a failed login.
  const opened: Array<{ channel?: ControlChannel; loggedInAt: number }> = [];
  for (const plan of plans) {
    if (context.lifetime.stopped || !context.lifetime.canOpenSocket()) {
      opened.push({ loggedInAt: context.lifetime.elapsed() });
      continue;
    }
    const session = await openSession(
      context,
      `idle:${Math.round(plan.idleMs / 1000)}s${plan.keepalive ? '+keepalive' : ''}`,
    );
    if (session.ok && session.channel && plan.keepalive)
      session.channel.socket.setKeepAlive(true, plan.keepalive.afterMs);
    opened.push({
      ...(session.ok && session.channel ? { channel: session.channel } : {}),
      loggedInAt: context.lifetime.elapsed(),
    });
  }
  let alive = opened.filter((o) => o.channel).length;
  const started = context.lifetime.elapsed();
  const ticker = onProgress
    ? setInterval(() => onProgress(context.lifetime.elapsed() - started, alive), 5000)
    : undefined;
  try {
    const connections = await Promise.all(
      plans.map(async (plan, index) => {
        const { channel, loggedInAt } = opened[index]!;
        if (!channel)
          return { ...plan, outcome: context.lifetime.stopped ? ('stopped' as const) : ('not-opened' as const) };
        const ended = await waitIdle(context, channel, plan.idleMs);
        alive -= 1;
        channel.quit();
        return {
          ...plan,
          ...ended,
          ...(ended.atMs !== undefined ? { atMs: Math.max(0, Math.round(ended.atMs - loggedInAt)) } : {}),
        };
      }),
    );
    return { maxMs, connections };
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** One connection's wait: what came before it was over, or what NOOP got after it. */
async function waitIdle(
  context: ProbeContext,
  channel: ControlChannel,
  idleMs: number,
): Promise<{ outcome: IdleOutcome; atMs?: number; reply?: string }> {
  const early = await channel.nextReply(idleMs);
  const at = context.lifetime.elapsed();
  if (early.outcome === 'ok') {
    // Something unasked within the wait: a 421 is the server's own timer.
    const text = replyText(early.reply);
    return { outcome: early.reply.code === 421 ? 'server-closed' : 'closed', atMs: at, reply: text };
  }
  if (early.outcome === 'interrupted' || early.outcome === 'deadline') return { outcome: 'stopped' };
  if (early.outcome === 'closed') return { outcome: 'closed', atMs: at };
  if (early.outcome === 'reset') return { outcome: 'path-reset', atMs: at };
  // The wait is over and nothing came: ask.
  const noop = await channel.command('NOOP', context.settings.timeoutMs);
  if (noop.outcome === 'ok' && noop.reply) {
    const text = replyText(noop.reply);
    if (noop.reply.code === 421) return { outcome: 'server-closed', atMs: context.lifetime.elapsed(), reply: text };
    // Any other reply, even a refusal of NOOP, shows the connection alive at both ends.
    return { outcome: 'survived', reply: text };
  }
  if (noop.outcome === 'interrupted' || noop.outcome === 'deadline') return { outcome: 'stopped' };
  if (noop.outcome === 'reset') return { outcome: 'path-reset', atMs: context.lifetime.elapsed() };
  if (noop.outcome === 'closed') return { outcome: 'closed', atMs: context.lifetime.elapsed() };
  return { outcome: 'path-silent', atMs: context.lifetime.elapsed() };
}
