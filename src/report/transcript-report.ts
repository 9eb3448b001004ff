import type { TranscriptEntry } from '../record/record.js';
import type { Style } from './style.js';

const ARROWS: Record<TranscriptEntry['kind'], string> = { sent: '→', received: '←', event: '·' };

/** The annotated exchange: time offset, connection, direction, line. */
export function renderTranscript(entries: TranscriptEntry[], style: Style): string {
  const width = Math.max(7, ...entries.map((entry) => entry.channel.length));
  return entries
    .map((entry) => {
      const time = entry.t === undefined ? ''.padStart(9) : `+${(entry.t / 1000).toFixed(3)}s`.padStart(9);
      const channel = entry.channel.padEnd(width);
      const line = `${ARROWS[entry.kind]} ${entry.text}`;
      const shown = entry.kind === 'sent' ? style.cyan(line) : entry.kind === 'event' ? style.dim(line) : line;
      return `${style.dim(time)}  ${channel}  ${shown}`;
    })
    .join('\n');
}
