import type { Reply } from '../protocol/reply.js';
import type { WireProtocol } from '../protocol/sniff.js';
import type { ServerSoftware } from '../protocol/software.js';

/** What a probe saw, without judgement: the diagnosis rules read this and nothing else. */

export type DataMode = 'passive' | 'epsv' | 'active' | 'eprt';
export const ALL_MODES: readonly DataMode[] = ['passive', 'epsv', 'active', 'eprt'];

/** How a wait ended. */
export type WaitOutcome =
  'ok' | 'refused' | 'timeout' | 'reset' | 'closed' | 'unreachable' | 'error' | 'deadline' | 'interrupted';

export interface TranscriptEntry {
  /** Milliseconds since the probe started; absent for a line from a log without timestamps. */
  t?: number;
  /** Which connection: "control", "control:epsv", "data:passive", "listener:active". */
  channel: string;
  kind: 'sent' | 'received' | 'event';
  text: string;
}

export interface ProbeTarget {
  input: string;
  host: string;
  port: number;
  user: string;
  anonymous: boolean;
  path?: string;
}

export type TlsMode = 'none' | 'explicit' | 'implicit' | 'auto';

export interface ProbeSettings {
  modes: DataMode[];
  timeoutMs: number;
  greetingTimeoutMs: number;
  deadlineMs: number;
  tryAdvertised: boolean;
  externalIp?: string;
  activePorts?: { low: number; high: number };
  listingCapBytes: number;
  /** --transfers N: N transfers one after another on the main control connection (at most LIMITS.transfers). */
  transfers?: number;
  /** --transfer: after each mode lists, download PATH (or the listing's largest file within maxBytes) in that mode. */
  transfer?: { path?: string; maxBytes: number };
  /** PASV/EPSV commands to send on one connection to see the passive ports in use (0: none). */
  pasvSamples?: number;
  /** What the operator intends: checked against what the server does. */
  expectPasvRange?: { low: number; high: number };
  expectAddress?: string;
  /** FTPS: none (plain FTP), explicit (AUTH TLS), implicit (TLS from the first byte), auto (AUTH TLS if offered). */
  tls?: TlsMode;
  /** Go on past a certificate that does not verify (reported either way). */
  insecure?: boolean;
  /** Limit the TLS versions (tests, and servers stuck on one version). */
  tlsVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** --idle: after the probe, hold logged-in control connections idle for up to this long (ms) and see who forgets them. */
  idleMs?: number;
}

/** What to probe, as the input layer builds it from the command line or a targets file. */
export interface ProbeRequest {
  target: ProbeTarget;
  /** Sent after PASS and nowhere else. */
  password: string;
  settings: ProbeSettings;
  allAddresses: boolean;
  /** -4 / -6: only addresses of this family, as in curl and ssh. */
  family?: 4 | 6;
}

export interface CertificateObservation {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  selfSigned: boolean;
  fingerprint256: string;
  altNames?: string;
  /** The name checked against the certificate (none when the target is an address). */
  checkedName?: string;
  hostnameMatches?: boolean;
}

export interface TlsHandshakeObservation {
  outcome: WaitOutcome;
  ms: number;
  error?: string;
  protocol?: string;
  cipher?: string;
  resumed?: boolean;
  /** Whether Node's verification against its own CA store passed, and why not. */
  authorized?: boolean;
  authorizationError?: string;
  certificate?: CertificateObservation;
}

export interface ControlTlsObservation {
  mode: 'explicit' | 'implicit';
  /** AUTH TLS and its reply (explicit only). */
  auth?: CommandObservation;
  handshake?: TlsHandshakeObservation;
  pbsz?: CommandObservation;
  prot?: CommandObservation;
  /** CCC at the end of the session (RFC 4217). */
  ccc?: CommandObservation;
  /** The session was stopped because the certificate did not verify and --insecure was not given. */
  stoppedAtCertificate?: boolean;
}

export interface ConnectObservation {
  outcome: WaitOutcome;
  ms: number;
  error?: string;
}

export interface GreetingObservation {
  outcome: WaitOutcome | 'not-ftp' | 'garbage';
  ms: number;
  replies: Reply[];
  /** What the first bytes looked like when they were not an FTP reply. */
  protocol?: WireProtocol;
  firstLine?: string;
}

export interface CommandObservation {
  command: string;
  outcome: WaitOutcome | 'garbage';
  reply?: Reply;
  ms: number;
}

export interface LoginObservation {
  user: string;
  anonymous: boolean;
  steps: CommandObservation[];
  loggedIn: boolean;
  /** A further connection sent USER but no password, because the first connection's login failed. */
  passwordWithheld?: boolean;
}

export interface ControlObservation {
  address: string;
  port: number;
  family: 4 | 6;
  /** This machine's address on the control connection. */
  localAddress?: string;
  connect: ConnectObservation;
  greeting?: GreetingObservation;
  login?: LoginObservation;
  info: CommandObservation[];
  /** Written by earlier versions; the software is derived from the replies (serverSoftware) and this is ignored. */
  software?: ServerSoftware;
  tls?: ControlTlsObservation;
  /** Control connections closed because the server sent more replies than were asked for, faster than they were read. */
  floods?: ReplyFlood[];
  /** Replies that answered no command: more than one reply to a command, or replies sent unasked. */
  surplus?: SurplusReplies[];
}

/** Replies waiting unread when the next command was sent: they answer nothing that command asked. */
export interface SurplusReplies {
  channel: string;
  /** The command they followed (masked), or empty after the greeting. */
  after: string;
  /** The command about to be sent, which they would otherwise have been read as answering. */
  before: string;
  count: number;
  /** The first few replies' codes. */
  codes: number[];
  /** The first surplus reply's first line, as sent. */
  first: string;
}

/** A server sent replies nobody asked for until the cap on unread replies was reached. */
export interface ReplyFlood {
  channel: string;
  replies: number;
  bytes: number;
  /** The first unread reply's first line, as sent. */
  sample: string;
}

/** Setting up a mode's own control connection (connect, greeting, login). */
export interface SetupObservation {
  connect: ConnectObservation;
  greeting?: GreetingObservation;
  login?: LoginObservation;
  tls?: ControlTlsObservation;
  ok: boolean;
}

export type DataPhase = 'setup' | 'command' | 'data-connect' | 'list' | 'transfer' | 'completion' | 'done';

export interface DataTransferObservation {
  bytes: number;
  lines: number;
  ms: number;
  /** Why reading stopped: the server closed it, the cap was reached, time ran out, it was reset, or the server's final reply refused the transfer first. */
  end: 'closed' | 'cap' | 'timeout' | 'reset' | 'deadline' | 'interrupted' | 'refused';
}

/** --transfer: one file downloaded in a mode that listed, on the same control connection. */
export interface DownloadObservation {
  /** The file asked for; empty when the listing offered none. */
  path: string;
  /** Why no RETR was sent: no file to take, one larger than --transfer-max, or the server would not give its size. */
  notTested?: { reason: 'no-file' | 'too-large' | 'control-failed'; detail: string };
  type?: CommandObservation;
  size?: CommandObservation;
  /** What SIZE answered, in bytes. */
  expectedBytes?: number;
  /** Bytes read at most: the rest of a longer file is not read. */
  capBytes: number;
  /** The RETR, run as the mode runs LIST: its data command, data connection, replies and bytes. */
  run?: ModeObservation;
}

/** --transfers N: transfers one after another on the main control connection, up to the first that fails. */
export interface EnduranceObservation {
  mode: DataMode;
  /** LIST, or RETR PATH with --transfer=PATH. */
  command: string;
  asked: number;
  /** How many worked, one after another, before the first that did not (all of them when none failed). */
  worked: number;
  ms: number;
  /** The first that did not work, whole. */
  failed?: ModeObservation;
  /** The deadline or Ctrl-C ended the run before all were tried. */
  stopped?: 'deadline' | 'interrupted';
}

export interface ModeObservation {
  mode: DataMode;
  /** Set when the mode could not be tried at all. */
  notTested?: {
    reason: 'login-failed' | 'control-failed' | 'deadline' | 'interrupted' | 'family' | 'setup-failed';
    detail: string;
  };
  /** "own" control connection, or the shared one after a connection limit was hit. */
  connection: 'own' | 'main' | 'sequential';
  setup?: SetupObservation;
  /** A first setup that failed before the mode was retried one after another. */
  firstSetup?: SetupObservation;
  command?: CommandObservation;
  /** PASV/EPSV: what the reply named (EPSV names no host). */
  advertised?: { host?: string; port: number };
  malformed?: string;
  /** A log's client said the passive reply named an address it cannot route to, without the log showing the reply. */
  advertisedUnroutable?: boolean;
  /** Passive: where the probe connected, and why there; an empty host is one the log does not show. */
  dataTarget?: { host: string; port: number; chosen: 'advertised' | 'control-peer'; advertisedSkipped: boolean };
  dataConnect?: ConnectObservation;
  /** FTPS with PROT P: the TLS handshake on the data connection. */
  dataTls?: TlsHandshakeObservation & { offeredSession: boolean };
  /** Active: where this machine listened and what it told the server. */
  listen?: { host: string; port: number; announcedHost: string };
  accept?: { outcome: WaitOutcome; ms: number; remoteAddress?: string; remotePort?: number };
  list?: CommandObservation;
  /** Every reply after LIST, in order (1xx, then the final one). */
  listReplies: Reply[];
  transfer?: DataTransferObservation;
  completion?: { outcome: WaitOutcome | 'garbage'; ms: number; reply?: Reply };
  phase: DataPhase;
  durationMs: number;
  download?: DownloadObservation;
}

/** One PASV or EPSV sent only to see which port and address the server hands out, and whether that port is reachable. */
export interface PassiveSample {
  command: 'PASV' | 'EPSV';
  outcome: WaitOutcome | 'garbage';
  reply?: Reply;
  advertised?: { host?: string; port: number };
  malformed?: string;
  connect?: ConnectObservation & { host: string; port: number };
}

/** What a log does not show, worded by the diagnosis. */
export type NotShown =
  | 'server-address'
  | 'data-connection'
  | 'timings'
  | 'client-data-side'
  | 'earlier-lines'
  | 'encrypted-commands'
  | 'capture-gaps'
  | 'capture-end'
  | 'capture-fragments'
  | 'capture-reorder-cap'
  | 'capture-session-cap'
  | 'capture-sessions-cap'
  | 'capture-budget';

/** Where the observations of `ftp-doctor analyze` come from. */
export interface LogSource {
  file: string;
  /** A packet capture rather than a log (absent for logs). */
  kind?: 'capture';
  format: string;
  client: string;
  /** Whose log it is: the client's, or the server's (which sees the client from outside). */
  side: 'client' | 'server';
  notShown: NotShown[];
}

/** How one idle control connection ended its wait. */
export type IdleOutcome =
  /** NOOP after the wait got 200: the server and the path still held it. */
  | 'survived'
  /** The server said 421 (its own idle timer), before or in answer to NOOP. */
  | 'server-closed'
  /** Closed with a FIN and no 421: the server, or something that speaks for it. */
  | 'closed'
  /** NOOP got a reset and no 421: the path (a NAT or firewall) no longer knew the connection. */
  | 'path-reset'
  /** NOOP got nothing at all until the reply timeout: the path dropped it silently. */
  | 'path-silent'
  /** The connection could not be opened or logged in (a connection limit, say). */
  | 'not-opened'
  /** The probe was stopped before the wait ended. */
  | 'stopped';

/** --idle: control connections held idle for staggered durations, then asked NOOP; one with TCP keepalive on. */
export interface IdleObservation {
  maxMs: number;
  connections: Array<{
    idleMs: number;
    keepalive?: { afterMs: number };
    outcome: IdleOutcome;
    /** When it ended, from the end of its login: for a 421 or a close before the wait was over. */
    atMs?: number;
    reply?: string;
  }>;
}

/**
 * What two captures of one session, one on each side, show that neither shows
 * alone: the control connection's addresses at each end (NAT), the PORT, EPRT,
 * 227 and 229 lines a middlebox changed on the way, data connections that left
 * one side and never reached the other, and data from another source address
 * than the control connection's.
 */
export interface MiddleboxObservation {
  /** The control connection as each capture shows it: client and server addresses. */
  clientSide: { client: string; server: string };
  serverSide: { client: string; server: string };
  rewrites: Array<{ line: 'PORT' | 'EPRT' | '227' | '229'; sent: string; received: string; from: 'client' | 'server' }>;
  /** Data connections whose SYN left the client's side and never reached the server's. */
  lostBetween: Array<{ host: string; port: number; syns: number }>;
}

export interface ProbeRecord {
  recordVersion: 1;
  tool: { name: string; version: string };
  startedAt: string;
  target: ProbeTarget;
  settings: ProbeSettings;
  /** Names resolved for the target, and which of them this record is for. */
  resolution?: { addresses: string[]; error?: string; ms: number };
  control: ControlObservation;
  modes: ModeObservation[];
  pasvSamples?: PassiveSample[];
  /** --transfers N: the run of transfers one after another. */
  endurance?: EnduranceObservation;
  /** FTPS: one passive listing whose data connection offers no session to resume. */
  reuseCheck?: ModeObservation;
  /** FTPS: a PASV on a plain session, to compare the address with the one sent under TLS. */
  plainComparison?: { skipped?: string; command?: CommandObservation; advertised?: { host?: string; port: number } };
  /** Written by earlier versions; derived from the modes (connectionLimitHit) and ignored. */
  connectionLimitHit?: boolean;
  interrupted: boolean;
  deadlineHit: boolean;
  durationMs: number;
  transcript: TranscriptEntry[];
  /** Set when the observations come from a log (ftp-doctor analyze), not from a live probe. */
  source?: LogSource;
  /** --idle: who forgets an idle control connection, and when. */
  idle?: IdleObservation;
  /** With a capture from each side: what changed between them. */
  middlebox?: MiddleboxObservation;
  /** After AUTH TLS a capture cannot read the commands, but sees the data connections as TCP: where each went, and how it fared. */
  encryptedData?: Array<{
    host: string;
    port: number;
    outcome: 'ok' | 'refused' | 'timeout';
    syns: number;
    bytes: number;
  }>;
  /** Seen from the server: data connections from another address than the control connection's (a NAT pool). */
  dataFromOtherSource?: Array<{ control: string; data: string; port: number }>;
}
