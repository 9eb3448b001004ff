import { timeOfDay, type LogEvent, type LogParser } from '../events.js';

// "> 2023-05-04 10:02:03.123 USER anonymous", "< ... 230 ...", ". ... information", "* ... error".
const LINE = /^([<>.!*]) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) (.*)$/;
const CONNECTING = /^Connecting to \[?([0-9a-f.:]+?)\]?(?::(\d+))? \.\.\./i;

/** WinSCP session logs. */
export const winscpParser: LogParser = {
  format: 'winscp',
  score(lines) {
    return lines.filter((line) => LINE.test(line)).length;
  },
  parse(lines) {
    const events: LogEvent[] = [];
    let dataPending = false;
    lines.forEach((raw, index) => {
      const match = LINE.exec(raw.trimEnd());
      if (!match) return;
      const [, mark, stamp = '', text = ''] = match;
      const at = { line: index + 1, t: timeOfDay(stamp) } as { line: number; t?: number };
      let found: RegExpExecArray | null;
      if (mark === '>') {
        events.push({ ...at, kind: 'sent', text });
        if (/^(PASV|EPSV)/i.test(text)) dataPending = true;
      } else if (mark === '<') events.push({ ...at, kind: 'reply', text });
      else if ((found = CONNECTING.exec(text)))
        events.push({ ...at, kind: 'connect', host: found[1] ?? '', port: Number(found[2] ?? 21) });
      else if (/^Connected with/i.test(text)) events.push({ ...at, kind: 'connected' });
      else if (/unroutable address/i.test(text)) events.push({ ...at, kind: 'advertised-skipped', text });
      else if (/^Timeout detected/i.test(text))
        events.push(
          dataPending
            ? { ...at, kind: 'connect-failed', outcome: 'timeout', text, data: true }
            : { ...at, kind: 'timeout', text },
        );
      else if (mark === '*' || mark === '!') {
        if (/refused/i.test(text))
          events.push({ ...at, kind: 'connect-failed', outcome: 'refused', text, data: dataPending });
        else events.push({ ...at, kind: 'error', text });
      }
    });
    return { format: 'winscp', client: 'WinSCP', side: 'client', events };
  },
};
