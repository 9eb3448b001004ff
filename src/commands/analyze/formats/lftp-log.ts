import type { LogEvent, LogParser } from '../events.js';

const CONTROL = /^---- Connecting to \S+ \(([0-9a-f.:]+)\) port (\d+)/;
const DATA = /^---- Connecting data socket to \(([0-9a-f.:]+)\) port (\d+)/;

/** lftp -d traces: "--->" commands, "<---" replies, "----" and "****" events. */
export const lftpParser: LogParser = {
  format: 'lftp',
  score(lines) {
    return lines.filter((line) => /^(--->|<---|----|\*\*\*\*) /.test(line)).length;
  },
  parse(lines) {
    const events: LogEvent[] = [];
    let waitingForData = false;
    lines.forEach((raw, index) => {
      const line = raw.trimEnd();
      const at = { line: index + 1 };
      let match: RegExpExecArray | null;
      if (line.startsWith('---> ')) events.push({ ...at, kind: 'sent', text: line.slice(5) });
      else if (line.startsWith('<--- ')) events.push({ ...at, kind: 'reply', text: line.slice(5) });
      else if ((match = CONTROL.exec(line)))
        events.push({ ...at, kind: 'connect', host: match[1] ?? '', port: Number(match[2]) });
      else if ((match = DATA.exec(line))) {
        waitingForData = true;
        events.push({ ...at, kind: 'connect', host: match[1] ?? '', port: Number(match[2]), data: true });
      } else if (/^---- Data connection established/.test(line)) {
        waitingForData = false;
        events.push({ ...at, kind: 'connected', data: true });
      } else if (/^---- Address returned by PASV seemed to be incorrect/.test(line))
        events.push({ ...at, kind: 'advertised-skipped', text: line.slice(5) });
      else if (/^---- Accepted data connection from \(([0-9a-f.:]+)\)/.test(line)) {
        events.push({ ...at, kind: 'accepted', host: /\(([0-9a-f.:]+)\)/.exec(line)?.[1] ?? '' });
      } else if (/^\*\*\*\* Timeout/.test(line)) {
        events.push(
          waitingForData
            ? { ...at, kind: 'connect-failed', outcome: 'timeout', text: line.slice(5), data: true }
            : { ...at, kind: 'timeout', text: line.slice(5) },
        );
        waitingForData = false;
      } else if (/^\*\*\*\* /.test(line)) {
        const text = line.slice(5);
        const outcome = /refused/i.test(text)
          ? 'refused'
          : /unreachable|no route/i.test(text)
            ? 'unreachable'
            : /timed out/i.test(text)
              ? 'timeout'
              : undefined;
        events.push(
          outcome
            ? { ...at, kind: 'connect-failed', outcome, text, data: waitingForData }
            : { ...at, kind: 'error', text },
        );
        waitingForData = false;
      } else if (/^---- Got EOF on data connection/.test(line)) events.push({ ...at, kind: 'bytes', bytes: 1 });
    });
    return { format: 'lftp', client: 'lftp', side: 'client', events };
  },
};
