import type { AddressScope } from '../net/address.js';
import type { DataMode, ModeObservation } from '../record/record.js';
import type { ModeStatus } from './status.js';
import type { NotTestedReason } from './vocabulary.js';

/** One data mode as every report shows it. */
export interface ModeResult {
  mode: DataMode;
  label: string;
  status: ModeStatus;
  /** The outcome in a few words (catalogue's OUTCOME_WORDS), the same in every format. */
  outcome: string;
  /** Why it was not tested, when it was not: a code, and in words. */
  reasonCode?: NotTestedReason;
  reason?: string;
  /** The server's answer to PASV/EPSV/PORT/EPRT. */
  serverSaid?: string;
  /** What PASV/EPSV named; `unusualScope` when the address is not public and not the server's own. */
  advertised?: { host?: string; port: number; scope?: AddressScope; scopeWords?: string; unusualScope?: boolean };
  /** Passive: where this machine connected. Active: where the server's connection came from. */
  connection?: { direction: 'outbound' | 'inbound'; host: string; port: number; notAdvertised: boolean };
  phase: ModeObservation['phase'];
  durationMs: number;
  /** Whether durationMs was measured: false for a mode not tested, or a log that shows no times for it. */
  timed: boolean;
  entries?: number;
  bytes?: number;
  /** FTPS: the data connection's TLS handshake, and whether it resumed the control connection's session. */
  tls?: { outcome: string; resumed?: boolean };
  replies: string[];
  /** --transfer: this mode's download, and whether it worked (its findings say how not). */
  download?: DownloadResult;
}

export interface DownloadResult {
  path: string;
  status: 'ok' | 'failed' | 'not_tested';
  bytes: number;
  expectedBytes?: number;
  /** The whole download (data command, connection, RETR, data, 226), and the data alone. */
  durationMs: number;
  transferMs: number;
}

/** --transfers N: how far the run went. */
export interface EnduranceResult {
  mode: DataMode;
  command: string;
  asked: number;
  worked: number;
  durationMs: number;
  /** The number of the first transfer that failed. */
  failedAt?: number;
}
