/** What keeps the reflector from being a weapon or a sink: caps on sessions, their lifetime and connect-backs. */
export interface ReflectorLimits {
  sessions: number;
  sessionsPerSource: number;
  sessionLifetimeMs: number;
  commandsPerSession: number;
  connectBacksPerSourcePerMinute: number;
  connectBacksPerMinute: number;
  /** The longest slow transfer `RETR idle-SECONDS` streams (network --idle): the session lives that much longer. */
  idleTransferMaxMs: number;
}

export const DEFAULT_LIMITS: ReflectorLimits = {
  sessions: 64,
  sessionsPerSource: 4,
  sessionLifetimeMs: 60_000,
  commandsPerSession: 100,
  connectBacksPerSourcePerMinute: 20,
  connectBacksPerMinute: 200,
  idleTransferMaxMs: 600_000,
};

const MINUTE_MS = 60_000;

/** Counts open sessions and recent connect-backs, per source address and in total. */
export class LimitBook {
  private readonly open = new Map<string, number>();
  private total = 0;
  private readonly connectBacks: Array<{ at: number; source: string }> = [];

  constructor(
    readonly limits: ReflectorLimits,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes a session slot, or says which cap is full. */
  enter(source: string): 'ok' | 'sessions' | 'per-source' {
    if (this.total >= this.limits.sessions) return 'sessions';
    const mine = this.open.get(source) ?? 0;
    if (mine >= this.limits.sessionsPerSource) return 'per-source';
    this.open.set(source, mine + 1);
    this.total += 1;
    return 'ok';
  }

  leave(source: string): void {
    const mine = this.open.get(source) ?? 0;
    if (mine <= 1) this.open.delete(source);
    else this.open.set(source, mine - 1);
    this.total = Math.max(0, this.total - 1);
  }

  /** Takes a connect-back from the minute's budget, or says which budget is spent. */
  connectBack(source: string): 'ok' | 'connect-backs-per-source' | 'connect-backs' {
    const now = this.now();
    while (this.connectBacks.length > 0 && now - this.connectBacks[0]!.at >= MINUTE_MS) this.connectBacks.shift();
    if (this.connectBacks.length >= this.limits.connectBacksPerMinute) return 'connect-backs';
    if (this.connectBacks.filter((c) => c.source === source).length >= this.limits.connectBacksPerSourcePerMinute)
      return 'connect-backs-per-source';
    this.connectBacks.push({ at: now, source });
    return 'ok';
  }
}
