import { COMMAND_WORDS, timeOfDay, type LogEvent, type LogParser } from '../events.js';

/**
 * IIS FTP logs in W3C format (u_exYYMMDD.log): "#Fields:" names the columns,
 * in any order; one line per command with its status (sc-status) and the
 * Windows error beside it (sc-win32-status), several sessions told apart by
 * x-session. Field names as Microsoft documents them for FTP logging
 * (learn.microsoft.com, "FTP Logging <logFile>" and "W3C Extended Log File Format").
 */

/** Windows socket errors IIS logs beside a failed data connection, in words. */
const WIN32_WORDS: Record<string, string> = {
  '10060': 'timed out (WSAETIMEDOUT)',
  '10061': 'refused (WSAECONNREFUSED)',
  '10054': 'reset by the peer (WSAECONNRESET)',
  '10065': 'no route to host (WSAEHOSTUNREACH)',
  '10051': 'network unreachable (WSAENETUNREACH)',
  '995': 'aborted (ERROR_OPERATION_ABORTED)',
};

const FIELDS = /^#Fields:\s*(.+)$/;
const SOFTWARE = /^#Software: Microsoft Internet Information Services/;

interface Row {
  line: number;
  time?: number;
  clientIp: string;
  serverIp: string;
  method: string;
  uri: string;
  status: string;
  win32: string;
  session: string;
}

function rowsOf(lines: string[]): Row[] {
  const rows: Row[] = [];
  let fields: string[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const header = FIELDS.exec(line);
    if (header) {
      fields = (header[1] ?? '').split(/\s+/);
      return;
    }
    if (!line || line.startsWith('#') || fields.length === 0) return;
    const values = line.split(/\s+/);
    if (values.length !== fields.length) return;
    const get = (name: string): string => values[fields.indexOf(name)] ?? '-';
    const time = timeOfDay(get('time'));
    rows.push({
      line: index + 1,
      ...(time !== undefined ? { time } : {}),
      clientIp: get('c-ip'),
      serverIp: get('s-ip'),
      method: get('cs-method'),
      uri: get('cs-uri-stem'),
      status: get('sc-status'),
      win32: get('sc-win32-status'),
      session: get('x-session'),
    });
  });
  return rows;
}

/** The session to read: the last one whose listing failed, else the last with a listing, else the first. */
function chosenSession(rows: Row[]): string | undefined {
  const listing = (row: Row): boolean => /^(LIST|NLST|MLSD|RETR)$/i.test(row.method);
  const failed = rows.filter((row) => listing(row) && Number(row.status) >= 400).at(-1);
  return (failed ?? rows.filter(listing).at(-1) ?? rows[0])?.session;
}

export const iisParser: LogParser = {
  format: 'iis',
  score(lines) {
    const header = lines.some((line) => SOFTWARE.test(line)) ? 5 : 0;
    const fields = lines.some((line) => FIELDS.test(line) && /\bcs-method\b/.test(line) && /\bx-session\b/.test(line))
      ? 5
      : 0;
    return header + fields + (fields ? rowsOf(lines).length : 0);
  },
  parse(lines) {
    const rows = rowsOf(lines);
    const session = chosenSession(rows);
    const events: LogEvent[] = [];
    let clientAddress: string | undefined;
    for (const row of rows.filter((r) => r.session === session)) {
      const at = { line: row.line, ...(row.time !== undefined ? { t: row.time } : {}) };
      if (row.clientIp !== '-') clientAddress ??= row.clientIp;
      if (!COMMAND_WORDS.test(row.method)) continue;
      const argument = row.uri !== '-' && !/^PASS$/i.test(row.method) ? ` ${row.uri}` : '';
      events.push({
        ...at,
        kind: 'sent',
        text: /^PASS$/i.test(row.method) ? 'PASS ****' : `${row.method.toUpperCase()}${argument}`,
      });
      if (!/^\d{3}$/.test(row.status)) continue;
      // The log keeps the status, not the reply's text: a 227's address is not shown.
      const words = WIN32_WORDS[row.win32];
      events.push({ ...at, kind: 'reply', text: words ? `${row.status} data connection ${words}` : row.status });
    }
    return {
      format: 'iis',
      client: 'a client (seen from IIS FTP)',
      side: 'server',
      events,
      ...(clientAddress ? { clientAddress } : {}),
    };
  },
};
