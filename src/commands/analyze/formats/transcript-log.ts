import { COMMAND_WORDS, REPLY_LINE, type LogEvent, type LogParser } from '../events.js';

const CONNECT_SOCKET = /^Connect socket #\d+ to ([0-9a-f.:]+), port (\d+)/i;
// ftp.exe speaks Windows' language: English, German, French, Spanish ("Verbindung mit X wurde hergestellt.", "Connecté à X.", "Conectado a X.").
const CONNECTED_TO = /^(?:Connected to|Verbindung mit|Connecté à|Conectado a) ([^\s]+?)(?: wurde hergestellt)?\.?$/i;
const TRANSFERRED = /^(?:ftp: )?(?:Transferred )?(\d+) bytes (?:received )?in ([\d.]+) ?(?:seconds|secs)/i;
// ftp.exe asks for the login at prompts and, outside debug mode, prints replies but not the commands it sends.
const USER_PROMPT = /^(?:User|Benutzer|Utilisateur|Usuario) \(.*\)\s*:\s*(.*)$/i;
const PASSWORD_PROMPT = /^(?:Password|Kennwort|Mot de passe|Contraseña)\s*:/i;
const DATA_COMMANDS = /^(PORT|EPRT|PASV|EPSV)\b/i;
const CONNECT_ERROR = /^(?:ftp: )?(?:connect|ftp: connect)[^:]*: (.*)$/i;
const PROMPT = /^ftp> ?/;
// "C:\Users\admin>ftp -d ftp.example.com": the Windows console that started ftp.exe.
const WINDOWS_CONSOLE = /^[A-Z]:\\[^>]*>\s*ftp(\.exe)?\b/i;
const OPTS_UTF8_REPLY = /^200 OPTS UTF8\b/i;

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
    return lines.filter(
      (line) =>
        CONNECT_SOCKET.test(line) ||
        /^---> /.test(line) ||
        PROMPT.test(line) ||
        TRANSFERRED.test(line) ||
        /^(OPEN|USER|PASS|PORT|LIST) /i.test(line),
    ).length;
  },
  parse(lines) {
    const events: LogEvent[] = [];
    // ftp.exe's own marks anywhere in the log decide the client, whatever else it prints ("---> " in debug mode too).
    const windows = lines.some(
      (line) => USER_PROMPT.test(line.replace(PROMPT, '')) || CONNECT_SOCKET.test(line) || WINDOWS_CONSOLE.test(line),
    );
    // In debug mode every command is printed as "---> ": the prompts then echo what is printed anyway.
    const debug = lines.some((line) => line.replace(PROMPT, '').startsWith('---> '));
    let client = windows ? 'Windows ftp.exe' : 'a console FTP client';
    let lastReply = '';
    let afterPassive = false;
    let lastSent = '';
    const send = (at: { line: number }, text: string): void => {
      events.push({ ...at, kind: 'sent', text });
      lastSent = text.toUpperCase();
    };
    lines.forEach((raw, index) => {
      const line = raw.replace(PROMPT, '').trimEnd();
      const at = { line: index + 1 };
      if (!line) return;
      let match: RegExpExecArray | null;
      if (WINDOWS_CONSOLE.test(line)) {
        return;
      } else if ((match = USER_PROMPT.exec(line))) {
        if (!debug) send(at, `USER ${(match[1] ?? '').trim()}`);
      } else if (PASSWORD_PROMPT.test(line)) {
        if (!debug) send(at, 'PASS ****');
      } else if (REPLY_LINE.test(line) && OPTS_UTF8_REPLY.test(line) && !lastSent.startsWith('OPTS')) {
        // ftp.exe sends OPTS UTF8 ON after the greeting without printing it: its 200 answers that, not the greeting.
        send(at, 'OPTS UTF8 ON');
        events.push({ ...at, kind: 'reply', text: line });
        lastReply = line;
      } else if (REPLY_LINE.test(line) && !lastSent.startsWith('PORT') && /^200 PORT\b/i.test(line)) {
        // ftp.exe said "200 PORT command successful." for a PORT it did not print: the address it sent is not shown.
        send(at, 'PORT');
        events.push({ ...at, kind: 'reply', text: line });
        lastReply = line;
      } else if (REPLY_LINE.test(line) && DATA_COMMANDS.test(lastSent) && /^(1\d\d|425|426) /.test(line)) {
        // A data reply right after PORT/PASV: the listing command ftp.exe did not print.
        send(at, 'LIST');
        events.push({ ...at, kind: 'reply', text: line });
        lastReply = line;
      } else if ((match = CONNECT_SOCKET.exec(line))) {
        const port = Number(match[2]);
        events.push({ ...at, kind: 'connect', host: match[1] ?? '', port, data: afterPassive });
        events.push({ ...at, kind: 'connected', data: afterPassive });
      } else if ((match = CONNECTED_TO.exec(line))) {
        events.push({ ...at, kind: 'connect', host: match[1] ?? '', port: 21 });
        events.push({ ...at, kind: 'connected' });
      } else if (line.startsWith('---> ')) {
        if (!windows) client = 'BSD ftp (tnftp)';
        send(at, line.slice(5));
        afterPassive = /^(PASV|EPSV)/i.test(line.slice(5)) || (afterPassive && !/^(PORT|EPRT)/i.test(line.slice(5)));
      } else if (REPLY_LINE.test(line)) {
        // tnftp -d prints some replies twice.
        if (line === lastReply && /^22[79] /.test(line)) return;
        lastReply = line;
        events.push({ ...at, kind: 'reply', text: line });
      } else if (line.startsWith(' ') && lastReply.length > 3 && lastReply[3] === '-') {
        events.push({ ...at, kind: 'reply', text: line });
      } else if (client !== 'BSD ftp (tnftp)' && !(windows && debug) && COMMAND_WORDS.test(line)) {
        send(at, line);
        if (/^(PASV|EPSV)/i.test(line)) afterPassive = true;
        if (/^(PORT|EPRT)/i.test(line)) afterPassive = false;
      } else if ((match = TRANSFERRED.exec(line))) {
        events.push({ ...at, kind: 'bytes', bytes: Number(match[1]) });
      } else if (CONNECT_ERROR.test(line) || /timed out|refused|no route to host/i.test(line)) {
        events.push({ ...at, kind: 'connect-failed', outcome: outcomeOf(line), text: line, data: afterPassive });
      }
    });
    return { format: 'transcript', client, side: 'client', events };
  },
};
