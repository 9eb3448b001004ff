/** A complete FTP reply: its code and every line as received (without CRLF). */
export interface Reply {
  code: number;
  lines: string[];
  /** A multi-line reply that ended on a line with a different code (glftpd does this). */
  endedWithOtherCode?: boolean;
}

export interface ReplyLimits {
  maxLineBytes: number;
  maxReplyLines: number;
  maxReplyBytes: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = {
  maxLineBytes: 8 * 1024,
  maxReplyLines: 500,
  maxReplyBytes: 64 * 1024,
};

export type ReplyErrorKind = 'line-too-long' | 'reply-too-long' | 'not-a-reply';

export class ReplyError extends Error {
  constructor(
    readonly kind: ReplyErrorKind,
    readonly line: string,
  ) {
    super(`${kind}: ${line.slice(0, 80)}`);
  }
}

/** RFC 959 4.2: the first digit says how the command fared, whatever the rest of the code. */
export type ReplyClass = 'preliminary' | 'completion' | 'intermediate' | 'transient' | 'permanent';

const CLASSES: Record<number, ReplyClass> = {
  1: 'preliminary',
  2: 'completion',
  3: 'intermediate',
  4: 'transient',
  5: 'permanent',
};

/** The reply's class by its first digit; a code outside 100-599 is none. */
export function replyClass(code: number): ReplyClass | undefined {
  return CLASSES[Math.floor(code / 100)];
}

/** 2yz: the command was done. */
export function isCompletion(code: number | undefined): boolean {
  return code !== undefined && replyClass(code) === 'completion';
}

export function replyText(reply: Reply): string {
  return reply.lines.join('\n');
}

/** The reply's message without the code, from all lines. */
export function replyMessage(reply: Reply): string {
  return reply.lines
    .map((l) => l.replace(/^\d{3}[ -]?/, ''))
    .join(' ')
    .trim();
}

const FIRST_LINE = /^(\d{3})([ -]|$)/;

/**
 * Splits a control-connection byte stream into replies. Tolerates bare LF,
 * text before the code in continuation lines, and glftpd's mismatched end code.
 * Enforces size limits so a hostile server cannot make it buffer without bound.
 */
export class ReplyReader {
  private pending: Buffer = Buffer.alloc(0);
  private current: { code: number; lines: string[]; bytes: number } | undefined;

  constructor(private readonly limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {}

  /** Bytes received that do not yet form a line. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  /** Feeds bytes; returns the replies completed by them. Throws ReplyError on a protocol violation. */
  push(chunk: Buffer): Reply[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const replies: Reply[] = [];
    for (;;) {
      const newline = this.pending.indexOf(0x0a);
      if (newline < 0) break;
      let end = newline;
      if (end > 0 && this.pending[end - 1] === 0x0d) end -= 1;
      const line = this.pending.subarray(0, end).toString('utf8');
      this.pending = this.pending.subarray(newline + 1);
      if (end > this.limits.maxLineBytes) throw new ReplyError('line-too-long', line);
      const reply = this.takeLine(line, end);
      if (reply) replies.push(reply);
    }
    if (this.pending.length > this.limits.maxLineBytes) {
      throw new ReplyError('line-too-long', this.pending.subarray(0, 80).toString('utf8'));
    }
    return replies;
  }

  private takeLine(line: string, bytes: number): Reply | undefined {
    const current = this.current;
    if (!current) {
      const match = FIRST_LINE.exec(line);
      if (!match) throw new ReplyError('not-a-reply', line);
      const code = Number(match[1]);
      if (match[2] === '-') {
        this.current = { code, lines: [line], bytes };
        return undefined;
      }
      return { code, lines: [line] };
    }
    current.lines.push(line);
    current.bytes += bytes;
    if (current.lines.length > this.limits.maxReplyLines || current.bytes > this.limits.maxReplyBytes) {
      throw new ReplyError('reply-too-long', current.lines[0] ?? '');
    }
    const end = /^(\d{3})( |$)/.exec(line);
    if (!end) return undefined;
    this.current = undefined;
    const reply: Reply = { code: current.code, lines: current.lines };
    if (Number(end[1]) !== current.code) reply.endedWithOtherCode = true;
    return reply;
  }
}
