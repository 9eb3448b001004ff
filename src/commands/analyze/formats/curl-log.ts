import type { LogEvent, LogParser } from '../events.js';

const TRYING = /^\* +Trying \[?([0-9a-f.:]+?)\]?:(\d+)/i;
const DATA_TARGET = /^\* Connecting to \S+ \(([0-9a-f.:]+)\) port (\d+)/i;
const BYTES = /^\{ \[(\d+) bytes data\]/;

/** A progress-meter row: a percentage, then byte counts, speeds and --:--:-- times. */
const PROGRESS_METER = /^\s*\d[\d.kMGTP]*(?:\s+[\d.kMGTP:-]+){5,}\s*(?=[*<>{}] )/;

/**
 * curl -v without -s draws its progress meter on the same stream, redrawn
 * after a carriage return: the log line is what follows the meter.
 */
export function withoutProgressMeter(raw: string): string {
  const lastReturn = raw.replace(/\r+$/, '').lastIndexOf('\r');
  const redrawn = lastReturn >= 0 ? raw.slice(lastReturn + 1) : raw;
  return redrawn.replace(PROGRESS_METER, '');
}

/** curl -v: "> " commands, "< " replies, "* " information. */
export const curlParser: LogParser = {
  format: 'curl',
  score(lines) {
    return lines
      .map(withoutProgressMeter)
      .filter(
        (line) =>
          /^\* +(Trying|Connected to|Connecting to|Connect data stream|Skip|Failed EPSV|Entry path)/.test(line) ||
          /^[<>] \S/.test(line),
      ).length;
  },
  parse(lines) {
    const events: LogEvent[] = [];
    let dataPending = false;
    let controlSeen = false;
    lines.forEach((raw, index) => {
      const line = withoutProgressMeter(raw).trimEnd();
      const at = { line: index + 1 };
      let match: RegExpExecArray | null;
      if (line.startsWith('> ')) events.push({ ...at, kind: 'sent', text: line.slice(2) });
      else if (line.startsWith('< ')) events.push({ ...at, kind: 'reply', text: line.slice(2) });
      else if ((match = DATA_TARGET.exec(line))) {
        dataPending = true;
        events.push({ ...at, kind: 'connect', host: match[1] ?? '', port: Number(match[2]), data: true });
      } else if ((match = TRYING.exec(line))) {
        if (!dataPending && !controlSeen)
          events.push({ ...at, kind: 'connect', host: match[1] ?? '', port: Number(match[2]) });
      } else if (/^\* Connected to /.test(line)) {
        events.push({ ...at, kind: 'connected', data: dataPending });
        if (dataPending) dataPending = false;
        else controlSeen = true;
      } else if (/^\* Skip .* for data connection/.test(line))
        events.push({ ...at, kind: 'advertised-skipped', text: line.slice(2) });
      else if (/^\* Connection accepted from server|^\* Connection accepted/.test(line))
        events.push({ ...at, kind: 'accepted' });
      else if (/^\* Accept timeout occurred/.test(line)) events.push({ ...at, kind: 'timeout', text: line.slice(2) });
      else if ((match = BYTES.exec(line))) events.push({ ...at, kind: 'bytes', bytes: Number(match[1]) });
      else if (/connect timeout after \d+ ?ms/.test(line) && dataPending) {
        events.push({ ...at, kind: 'connect-failed', outcome: 'timeout', text: line.slice(2), data: true });
        dataPending = false;
      } else if (
        /^\* (Failed to connect|Connection timed out|connect to .* failed|Operation timed out|Failed EPSV attempt)/i.test(
          line,
        ) ||
        /^curl: \(\d+\)/.test(line)
      ) {
        const text = line.replace(/^\* /, '');
        const waited = /after (\d+) (milliseconds|ms)/.exec(text);
        const outcome = /refused/i.test(text)
          ? 'refused'
          : /timed? ?out/i.test(text)
            ? 'timeout'
            : /unreachable|no route/i.test(text)
              ? 'unreachable'
              : 'error';
        if (dataPending) {
          events.push({ ...at, kind: 'connect-failed', outcome, text, data: true });
          dataPending = false;
        } else if (/^Failed EPSV attempt/.test(text)) {
          // Reported after the data connection attempt failed: nothing more to record.
        } else if (outcome === 'timeout') {
          events.push({ ...at, kind: 'timeout', text, ...(waited ? { waitedMs: Number(waited[1]) } : {}) });
        } else events.push({ ...at, kind: controlSeen ? 'error' : 'connect-failed', outcome, text });
      }
    });
    return { format: 'curl', client: 'curl', side: 'client', events };
  },
};
