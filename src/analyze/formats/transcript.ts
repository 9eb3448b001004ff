import { COMMAND_WORDS, REPLY_LINE, type LogEvent, type LogParser } from '../events.js';

const CONNECT_SOCKET = /^Connect socket #\d+ to ([0-9a-f.:]+), port (\d+)/i;
const CONNECTED_TO = /^Connected to ([^\s]+?)\.?$/i;
const TRANSFERRED = /^(?:Transferred )?(\d+) bytes (?:received )?in ([\d.]+) (?:seconds|secs)/i;
const CONNECT_ERROR = /^(?:ftp: )?(?:connect|ftp: connect)[^:]*: (.*)$/i;
const PROMPT = /^ftp> ?/;

function outcomeOf(text: string): 'timeout' | 'refused' | 'unreachable' | 'error' {
  if (/timed out/i.test(text)) return 'timeout';
  if (/refused/i.test(text)) return 'refused';
  if (/no route|unreachable/i.test(text)) return 'unreachable';
  return 'error';
}

/** A console transcript: ftp.exe, BSD ftp / tnftp in verbose (and debug) mode, or one written up in a ticket. */
export const transcriptParser: LogParser = {
  format: 'transcript',
  score(lines) {
    return lines.filter((line) => CONNECT_SOCKET.test(line) || /^---> /.test(line) || PROMPT.test(line) || TRANSFERRED.test(line) || /^(OPEN|USER|PASS|PORT|LIST) /i.test(line)).length;
  },
  parse(lines) {
    const events: LogEvent[] = [];
    let client = 'a console FTP client';
    let lastReply = '';
    let afterPassive = false;
    lines.forEach((raw, index) => {
      const line = raw.replace(PROMPT, '').trimEnd();
      const at = { line: index + 1 };
      if (!line) return;
      let match: RegExpExecArray | null;
      if ((match = CONNECT_SOCKET.exec(line))) {
        client = 'Windows ftp.exe';
        const port = Number(match[2]);
        events.push({ ...at, kind: 'connect', host: match[1] ?? '', port, data: afterPassive });
        events.push({ ...at, kind: 'connected', data: afterPassive });
      } else if ((match = CONNECTED_TO.exec(line))) {
        events.push({ ...at, kind: 'connect', host: match[1] ?? '', port: 21 });
        events.push({ ...at, kind: 'connected' });
      } else if (line.startsWith('---> ')) {
        client = 'BSD ftp (tnftp)';
        events.push({ ...at, kind: 'sent', text: line.slice(5) });
        afterPassive = /^(PASV|EPSV)/i.test(line.slice(5)) || (afterPassive && !/^(PORT|EPRT)/i.test(line.slice(5)));
      } else if (REPLY_LINE.test(line)) {
        // tnftp -d prints some replies twice.
        if (line === lastReply && /^22[79] /.test(line)) return;
        lastReply = line;
        events.push({ ...at, kind: 'reply', text: line });
      } else if (line.startsWith(' ') && lastReply.length > 3 && lastReply[3] === '-') {
        events.push({ ...at, kind: 'reply', text: line });
      } else if (client !== 'BSD ftp (tnftp)' && COMMAND_WORDS.test(line)) {
        events.push({ ...at, kind: 'sent', text: line });
        if (/^(PASV|EPSV)/i.test(line)) afterPassive = true;
        if (/^(PORT|EPRT)/i.test(line)) afterPassive = false;
      } else if ((match = TRANSFERRED.exec(line))) {
        events.push({ ...at, kind: 'bytes', bytes: Number(match[1]) });
      } else if ((match = CONNECT_ERROR.exec(line)) || /timed out|refused|no route to host/i.test(line)) {
        events.push({ ...at, kind: 'connect-failed', outcome: outcomeOf(line), text: line, data: afterPassive });
      }
    });
    return { format: 'transcript', client, side: 'client', events };
  },
};
