import { timeOfDay, type LogEvent, type LogParser } from '../events.js';

// "Status:\tConnecting to 1.2.3.4:21...", optionally after a timestamp and process/session ids.
const LINE =
  /^(?:(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\s+\d+\s+\d+)?\s+)?(Status|Command|Response|Error|Trace|Listing):\s*(.*)$/;
// The host may be a name, or one the user redacted (xxx.xxx.xxx.xxx:xx): the replay keeps only real addresses.
const CONNECTING = /^Connecting to \[?(.+?)\]?:(\w+)\.\.\./i;
const INACTIVITY = /timed out after (\d+) seconds of inactivity/i;

/** FileZilla client logs ("Status:", "Command:", "Response:", "Error:"), with or without timestamps. */
export const filezillaParser: LogParser = {
  format: 'filezilla',
  score(lines) {
    return lines.filter((line) => LINE.test(line)).length;
  },
  parse(lines) {
    const events: LogEvent[] = [];
    let pendingData = false;
    lines.forEach((raw, index) => {
      const match = LINE.exec(raw.trimEnd());
      if (!match) return;
      const [, stamp, kind, text = ''] = match;
      const at = { line: index + 1, ...(stamp ? { t: timeOfDay(stamp) } : {}) };
      let found: RegExpExecArray | null;
      if (kind === 'Command') {
        events.push({ ...at, kind: 'sent', text });
        if (/^(PASV|EPSV)/i.test(text)) pendingData = true;
        if (/^(PORT|EPRT)/i.test(text)) pendingData = false;
      } else if (kind === 'Response') {
        events.push({ ...at, kind: 'reply', text });
      } else if (kind === 'Status' && (found = CONNECTING.exec(text))) {
        const port = Number(found[2]);
        events.push({
          ...at,
          kind: 'connect',
          host: found[1] ?? '',
          ...(Number.isInteger(port) && port > 0 && port < 65536 ? { port } : {}),
        });
      } else if (kind === 'Status' && /^Connection established/i.test(text)) {
        events.push({ ...at, kind: 'connected' });
      } else if (kind === 'Status' && /unroutable address.*server address instead/i.test(text)) {
        events.push({ ...at, kind: 'advertised-skipped', text });
      } else if (kind === 'Error' && (found = INACTIVITY.exec(text))) {
        events.push({ ...at, kind: 'timeout', text, waitedMs: Number(found[1]) * 1000 });
      } else if (kind === 'Error' && /ECONNREFUSED|refused/i.test(text)) {
        events.push({ ...at, kind: 'connect-failed', outcome: 'refused', text, data: pendingData });
      } else if (kind === 'Error' && /ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/i.test(text)) {
        events.push({
          ...at,
          kind: 'connect-failed',
          outcome: /ETIMEDOUT/.test(text) ? 'timeout' : 'unreachable',
          text,
          data: pendingData,
        });
      } else if (kind === 'Error') {
        events.push({ ...at, kind: 'error', text });
      }
    });
    return { format: 'filezilla', client: 'FileZilla', side: 'client', events };
  },
};
