import { timeOfDay, type LogEvent, type LogParser } from '../events.js';

// vsftpd with log_ftp_protocol=YES: 'Mon Nov 23 20:58:09 2026 [pid 3763] [user] FTP command: Client "1.2.3.4", "USER x"'.
const LINE =
  /^(\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2} \d{4}) \[pid (\d+)\] (?:\[[^\]]*\] )?(CONNECT|FTP command|FTP response|OK LOGIN|FAIL LOGIN|OK DOWNLOAD|FAIL DOWNLOAD|OK UPLOAD)(?:: Client "([^"]+)"(?:, "(.*)")?)?/;

/** vsftpd protocol logs (log_ftp_protocol=YES): the session as the server saw it. */
export const vsftpdParser: LogParser = {
  format: 'vsftpd',
  score(lines) {
    return lines.filter((line) => LINE.test(line)).length;
  },
  parse(lines) {
    const events: LogEvent[] = [];
    let clientAddress: string | undefined;
    lines.forEach((raw, index) => {
      const match = LINE.exec(raw.trimEnd());
      if (!match) return;
      const [, stamp = '', , kind, client, text = ''] = match;
      const at = { line: index + 1, t: timeOfDay(stamp) } as { line: number; t?: number };
      if (kind === 'CONNECT') {
        // One session at a time: the first client's; a later CONNECT from it starts another of its sessions.
        if (clientAddress && client !== clientAddress) return;
        clientAddress = client;
        return;
      }
      if (client !== clientAddress) return;
      if (kind === 'FTP command') events.push({ ...at, kind: 'sent', text: text.replace(/^PASS .*/i, 'PASS ****') });
      else if (kind === 'FTP response') events.push({ ...at, kind: 'reply', text });
    });
    return {
      format: 'vsftpd',
      client: 'a client (seen from vsftpd)',
      side: 'server',
      events,
      ...(clientAddress ? { clientAddress } : {}),
    };
  },
};
