import type { NotShown, ProbeRecord } from '../../record/record.js';
import type { CaptureFormat } from './capture/container.js';
/** What a log line says, in the same terms for every log format. */
export type LogEvent = { t?: number; line: number } & (
  | { kind: 'sent'; text: string }
  | { kind: 'reply'; text: string }
  | { kind: 'connect'; host: string; port?: number; data?: boolean }
  | { kind: 'connected'; data?: boolean }
  | { kind: 'connect-failed'; outcome: 'timeout' | 'refused' | 'unreachable' | 'error'; text: string; data?: boolean }
  | { kind: 'advertised-skipped'; text: string }
  | { kind: 'accepted'; host?: string }
  | { kind: 'timeout'; text: string; waitedMs?: number }
  | { kind: 'error'; text: string }
  | { kind: 'bytes'; bytes: number; lines?: number }
  | { kind: 'local-address'; host: string }
);

export const LOG_FORMATS = ['transcript', 'filezilla', 'lftp', 'curl', 'winscp', 'vsftpd', 'iis'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface ParsedLog {
  format: LogFormat | CaptureFormat;
  /** The client software as the log shows it, and how it treats a 227 address. */
  client: string;
  /** Whose log it is: the client's, or the server's (it sees the client from outside). */
  side: 'client' | 'server';
  events: LogEvent[];
  /** vsftpd logs: the client's address, seen from the server. */
  clientAddress?: string;
  /** A long log is read from this line on (its last lines); what comes before is not shown. */
  readFrom?: number;
  /** A packet capture, not a log. */
  sourceKind?: 'capture';
  /** What only a capture shows, handed to the record as it is. */
  observations?: Pick<ProbeRecord, 'middlebox' | 'dataFromOtherSource' | 'encryptedData'>;
  /** What the source itself leaves out beyond what the events show (a capture's encrypted commands, its gaps). */
  alsoNotShown?: NotShown[];
}

export interface LogParser {
  format: LogFormat;
  /** How many lines look like this format (0: not this format). */
  score(lines: string[]): number;
  parse(lines: string[]): ParsedLog;
}

const TIME = /(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?/;

/** Milliseconds since midnight from the first hh:mm:ss[.fff] in the text. */
export function timeOfDay(text: string): number | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const fraction = match[4] ? Number(`0.${match[4]}`) * 1000 : 0;
  return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000 + Math.round(fraction);
}

export const COMMAND_WORDS =
  /^(USER|PASS|ACCT|CWD|CDUP|PWD|XPWD|PORT|EPRT|PASV|EPSV|LIST|NLST|MLSD|RETR|STOR|TYPE|SYST|FEAT|QUIT|HOST|OPTS|SIZE|MDTM|AUTH|PBSZ|PROT|CCC|REST|NOOP|CLNT|MODE|STRU)(?=\s|$)/i;
export const REPLY_LINE = /^\d{3}(?:[ -]|$)/;
