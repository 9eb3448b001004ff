import type { ConnectObservation, TlsHandshakeObservation, TranscriptEntry, WaitOutcome } from './record.js';

/** What `ftp-doctor network` saw, talking to a reflector: observations only, no judgement. */
export interface NetworkRecord {
  kind: 'network';
  tool: { name: string; version: string };
  startedAt: string;
  via: { host: string; port: number; address?: string; fingerprint?: string };
  sessions: NetworkSession[];
  durationMs: number;
  stopped?: 'deadline' | 'interrupted';
  transcript: TranscriptEntry[];
  /** network --idle: a slow transfer while the control connection stays idle, and whether its 226 arrived. */
  idle?: NetworkIdleTest;
}

/** A data connection kept busy for `seconds` while the control connection carried nothing, then the wait for the 226. */
export interface NetworkIdleTest {
  seconds: number;
  /** The data connection: made, and how many bytes came over it. */
  data?: { bytes: number; ended: 'closed' | 'reset' | 'timeout' };
  /** What ended the wait for the 226: it, another reply, or nothing. */
  final: 'ok' | 'other-reply' | 'timeout' | 'closed' | 'reset' | 'not-tested';
  reply?: string;
  /** How long after the data connection ended the wait for the 226 ended. */
  waitedMs?: number;
  /** Why the test could not be made; `detail` is the outcome or reply code that stopped it. */
  notTested?: {
    reason: 'control-failed' | 'no-greeting' | 'no-port' | 'data-failed' | 'not-started' | 'stopped';
    detail?: string;
  };
}

export type NetworkSecurity = 'plain' | 'tls';
export type NetworkCommand = 'PORT' | 'EPRT' | 'PASV' | 'EPSV';

/** Why a session or a test did not run: the tool's own limits and the reflector's answers, never this network's fault. */
export const NETWORK_NOT_TESTED = [
  'deadline',
  'interrupted',
  'not-a-reflector',
  'control-failed',
  'tls-off',
  'tls-not-offered',
  'tls-failed',
  'certificate-unverified',
  'fingerprint-mismatch',
  'family',
  'limit',
] as const;
export type NetworkNotTested = (typeof NETWORK_NOT_TESTED)[number];

/** The reflector's `hello`: what it saw of the control connection, and its own settings. */
export interface ReflectorHello {
  source: string;
  sourcePort?: number;
  controlPort?: number;
  pasvRange?: string;
  connectTimeoutMs: number;
  tls: boolean;
  version?: string;
}

export interface NetworkSession {
  security: NetworkSecurity;
  control?: ConnectObservation & { localAddress?: string; localPort?: number };
  /** The greeting's first line, when it was not a reflector's. */
  greeting?: string;
  hello?: ReflectorHello;
  tls?: TlsHandshakeObservation & { pinned?: string; pinMatches?: boolean };
  tests: NetworkTest[];
  notTested?: { reason: NetworkNotTested; detail?: string };
}

interface TestBase {
  command: NetworkCommand;
  /** The reply to PORT/EPRT/PASV/EPSV: its code and first line, or how the wait ended. */
  reply?: { code: number; text: string };
  replyOutcome?: WaitOutcome | 'garbage';
  notTested?: { reason: NetworkNotTested; detail?: string };
}

export interface ActiveTest extends TestBase {
  kind: 'active';
  sent: { address: string; port: number };
  /** What reached the reflector, after any rewriting on the way. */
  arrived?: { address: string; port: number };
  /** The reflector's connection to the control connection's source at the port that arrived. */
  connectBack?: { result: string; ms?: number; address?: string; port?: number };
  /** The reply to LIST, when it carried no reflector line. */
  listReply?: { code: number; text: string };
  listOutcome?: WaitOutcome | 'garbage';
  /** A connection that reached this machine's listener, and where from. */
  inbound?: { from: string };
}

export interface PassiveTest extends TestBase {
  kind: 'passive';
  advertised?: { address?: string; port: number };
  /** This machine's connection to the reflector's address at the advertised port. */
  connect?: ConnectObservation & { address: string; port: number };
  /** What the reflector saw of that connection. */
  dataArrived?: { result: string; source?: string; sourcePort?: number; sameAsControl?: boolean };
  listReply?: { code: number; text: string };
  listOutcome?: WaitOutcome | 'garbage';
}

export type NetworkTest = ActiveTest | PassiveTest;
