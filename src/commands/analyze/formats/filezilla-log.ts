import { COMMAND_WORDS, REPLY_LINE, timeOfDay, type LogEvent, type LogParser } from '../events.js';

type Role = 'Status' | 'Command' | 'Response' | 'Error' | 'Trace' | 'Listing';

// "Status:\tConnecting to 1.2.3.4:21...", optionally after a timestamp and process/session ids. The label is
// FileZilla's word in the user's language ("Befehl:", "Réponse :", "命令："), so any short word is read as one.
const LINE =
  /^(?:(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\s+\d+\s+\d+)?\s+)?(\p{L}[\p{L}\p{M}]{0,19}(?: \p{L}[\p{L}\p{M}]{0,19})?)[ \u00a0\u202f]?[:：][\t ]*(.*)$/u;
const ENGLISH: Record<string, Role> = {
  Status: 'Status',
  Command: 'Command',
  Response: 'Response',
  Error: 'Error',
  Trace: 'Trace',
  Listing: 'Listing',
};
// The two roles a line's text cannot show, as FileZilla's translations word them; commands and replies show their own.
const TRANSLATED: Record<string, Role> = {
  Fehler: 'Error',
  Erreur: 'Error',
  Errore: 'Error',
  Erro: 'Error',
  Fout: 'Error',
  Błąd: 'Error',
  Chyba: 'Error',
  Hata: 'Error',
  Ошибка: 'Error',
  Помилка: 'Error',
  错误: 'Error',
  錯誤: 'Error',
  エラー: 'Error',
  오류: 'Error',
  Statut: 'Status',
  Estado: 'Status',
  Stato: 'Status',
  Estat: 'Status',
  Stav: 'Status',
  Durum: 'Status',
  Статус: 'Status',
  Состояние: 'Status',
  状态: 'Status',
  狀態: 'Status',
  状態: 'Status',
  상태: 'Status',
};
// The connect line ends in the address and port, in every language: "Connecting to …", "Verbinde mit …".
const CONNECTING = /\s\[?([^\s[\]]+?)\]?:(\w+)\s?(?:\.\.\.|…)$/;
const ENGLISH_CONNECTED = /^Connection established/i;
// FileZilla's one status line between a 227 and the next command: it did not use the reply's address.
const ENGLISH_SKIPPED = /unroutable address.*server address instead/i;
const ENGLISH_STATUS = /^(Connecting to|Connection established|Logged in|Retrieving directory listing)/i;
const INACTIVITY = /timed out after (\d+) seconds of inactivity/i;
// A translated inactivity timeout keeps only its number of seconds: "nach 20 Sekunden Inaktivität".
const SECONDS = /(?:^|\D)(\d{1,4})(?:\D|$)/g;

/** Each label's role: English ones by name, others by what the lines under them hold. */
function labelRoles(matches: RegExpExecArray[]): Map<string, Role> {
  const tally = new Map<string, { replies: number; commands: number; lines: number }>();
  for (const match of matches) {
    const label = match[2] ?? '';
    const text = match[3] ?? '';
    const counts = tally.get(label) ?? { replies: 0, commands: 0, lines: 0 };
    counts.lines += 1;
    if (REPLY_LINE.test(text)) counts.replies += 1;
    else if (COMMAND_WORDS.test(text)) counts.commands += 1;
    tally.set(label, counts);
  }
  const roles = new Map<string, Role>();
  for (const [label, counts] of tally) {
    const known = ENGLISH[label] ?? TRANSLATED[label];
    if (known) roles.set(label, known);
    else if (counts.replies * 2 > counts.lines) roles.set(label, 'Response');
    else if (counts.commands * 2 > counts.lines) roles.set(label, 'Command');
  }
  return roles;
}

function matchedLines(lines: string[]): Array<{ index: number; match: RegExpExecArray }> {
  const found: Array<{ index: number; match: RegExpExecArray }> = [];
  lines.forEach((raw, index) => {
    const match = LINE.exec(raw.trimEnd());
    if (match) found.push({ index, match });
  });
  return found;
}

/** A translated error's inactivity timeout: its one number of seconds, if it holds exactly one. */
function translatedWaitSeconds(text: string): number | undefined {
  const numbers = [...text.matchAll(SECONDS)].map((m) => Number(m[1]));
  return numbers.length === 1 && numbers[0]! > 0 ? numbers[0] : undefined;
}

/** FileZilla client logs ("Status:", "Command:", "Response:", "Error:" or their translations), with or without timestamps. */
export const filezillaParser: LogParser = {
  format: 'filezilla',
  score(lines) {
    const found = matchedLines(lines);
    const roles = labelRoles(found.map((f) => f.match));
    return found.filter(({ match }) => roles.has(match[2] ?? '')).length;
  },
  parse(lines) {
    const found = matchedLines(lines);
    const roles = labelRoles(found.map((f) => f.match));
    const events: LogEvent[] = [];
    let pendingData = false;
    let awaitingGreeting = false;
    let after227 = false;
    // A translated log words the skipped-address line otherwise: there it is known by its place, after a 227.
    const englishMessages = found.some(
      ({ match }) => roles.get(match[2] ?? '') === 'Status' && ENGLISH_STATUS.test(match[3] ?? ''),
    );
    for (const { index, match } of found) {
      const [, stamp, label = '', text = ''] = match;
      const kind = roles.get(label);
      if (!kind) continue;
      const english = ENGLISH[label] !== undefined;
      const at = { line: index + 1, ...(stamp ? { t: timeOfDay(stamp) } : {}) };
      let connect: RegExpExecArray | null;
      if (kind === 'Command') {
        after227 = false;
        events.push({ ...at, kind: 'sent', text });
        if (/^(PASV|EPSV)/i.test(text)) pendingData = true;
        if (/^(PORT|EPRT)/i.test(text)) pendingData = false;
      } else if (kind === 'Response') {
        awaitingGreeting = false;
        after227 = /^227[ -]/.test(text);
        events.push({ ...at, kind: 'reply', text });
      } else if (kind === 'Status' && (connect = CONNECTING.exec(text))) {
        const port = Number(connect[2]);
        awaitingGreeting = true;
        events.push({
          ...at,
          kind: 'connect',
          host: connect[1] ?? '',
          ...(Number.isInteger(port) && port > 0 && port < 65536 ? { port } : {}),
        });
      } else if (kind === 'Status' && (awaitingGreeting || ENGLISH_CONNECTED.test(text))) {
        // The line after "Connecting to …" is the connection made, whatever its words.
        awaitingGreeting = false;
        events.push({ ...at, kind: 'connected' });
      } else if (kind === 'Status' && (ENGLISH_SKIPPED.test(text) || (after227 && !englishMessages))) {
        events.push({ ...at, kind: 'advertised-skipped', text });
      } else if (kind === 'Error') {
        events.push(errorEvent(at, text, english, pendingData));
      }
    }
    return { format: 'filezilla', client: 'FileZilla', side: 'client', events };
  },
};

function errorEvent(at: { line: number; t?: number }, text: string, english: boolean, data: boolean): LogEvent {
  const inactivity = INACTIVITY.exec(text);
  if (inactivity) return { ...at, kind: 'timeout', text, waitedMs: Number(inactivity[1]) * 1000 };
  if (/ECONNREFUSED/.test(text) || (english && /refused/i.test(text)))
    return { ...at, kind: 'connect-failed', outcome: 'refused', text, data };
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(text))
    return { ...at, kind: 'connect-failed', outcome: /ETIMEDOUT/.test(text) ? 'timeout' : 'unreachable', text, data };
  const seconds = english ? undefined : translatedWaitSeconds(text);
  if (seconds !== undefined) return { ...at, kind: 'timeout', text, waitedMs: seconds * 1000 };
  return { ...at, kind: 'error', text };
}
