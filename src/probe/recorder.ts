import { maskCommand } from '../protocol/ftp-commands.js';
import type { ReplyFlood, SurplusReplies, TranscriptEntry } from '../record/record.js';

const MAX_ENTRIES = 2000;
const MAX_TEXT = 512;
/** Surplus replies kept per probe: enough to show the pattern, bounded whatever the server does. */
const MAX_SURPLUS = 8;

/** The annotated exchange, bounded so a chatty server cannot grow it without end. */
export class Recorder {
  readonly entries: TranscriptEntry[] = [];
  readonly floods: ReplyFlood[] = [];
  readonly surplusReplies: SurplusReplies[] = [];
  private dropped = 0;

  constructor(private readonly elapsed: () => number) {}

  sent(channel: string, command: string): void {
    this.add(channel, 'sent', maskCommand(command));
  }

  received(channel: string, line: string): void {
    this.add(channel, 'received', line);
  }

  /** A control connection given up because of unread replies (see ControlChannel). */
  flooded(flood: ReplyFlood): void {
    this.floods.push(flood);
    this.event(
      flood.channel,
      `${flood.replies} replies (${flood.bytes} bytes) arrived unasked; closing the connection`,
    );
  }

  /** Replies nothing had asked for, set aside before the next command (see ControlChannel). */
  surplus(surplus: SurplusReplies): void {
    if (this.surplusReplies.length < MAX_SURPLUS) this.surplusReplies.push(surplus);
    this.event(
      surplus.channel,
      `${surplus.count} ${surplus.count === 1 ? 'reply' : 'replies'} nothing asked for (after ${surplus.after || 'the greeting'}); set aside before ${surplus.before}`,
    );
  }

  event(channel: string, text: string): void {
    this.add(channel, 'event', text);
  }

  private add(channel: string, kind: TranscriptEntry['kind'], text: string): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.dropped += 1;
      return;
    }
    const shown = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
    this.entries.push({ t: Math.round(this.elapsed()), channel, kind, text: shown });
  }

  finish(): TranscriptEntry[] {
    if (this.dropped > 0) {
      this.entries.push({
        t: Math.round(this.elapsed()),
        channel: 'probe',
        kind: 'event',
        text: `${this.dropped} more lines not kept`,
      });
      this.dropped = 0;
    }
    return this.entries;
  }
}
