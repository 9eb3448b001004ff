import type { Diagnosis } from '../diagnose/diagnose.js';
import type { ModeResult } from '../diagnose/mode-result.js';
import type { ExitDecision, ExitReason } from '../diagnose/exit-code.js';
import type { Verdict } from '../diagnose/verdict.js';
import { SEVERITY_ORDER, type DescribedFinding } from '../diagnose/finding.js';
import { REPORT_LINES } from '../diagnose/words/report-lines.js';
import { clientSummary, combineClientRows } from '../diagnose/clients.js';
import type { FirewallSummary } from '../diagnose/firewall.js';
import type { AddressScope } from '../net/address.js';
import { certificateVerified } from '../record/derive.js';
import type { CertificateObservation, ProbeRecord, TranscriptEntry, WaitOutcome } from '../record/record.js';
import type { ServerSoftware } from '../protocol/software.js';

export const SCHEMA_VERSION = 1;

/** The JSON report, documented in docs/json-schema.md; every other format renders from it. */
export interface ReportDocument {
  schemaVersion: number;
  tool: { name: string; version: string };
  target: { input: string; host: string; port: number; user: string; anonymous: boolean; path?: string };
  address: string;
  startedAt: string;
  durationMs: number;
  vantage: Diagnosis['vantage'];
  control: {
    address: string;
    port: number;
    family: 4 | 6;
    localAddress?: string;
    connect: { outcome: WaitOutcome; ms: number; error?: string };
    greeting?: { outcome: string; ms: number; lines: string[] };
    login?: { user: string; loggedIn: boolean; lines: string[]; ms: number };
    software: ServerSoftware;
    resolvedAddresses?: string[];
    /** FTPS: how the control connection was secured, and the certificate. */
    tls?: {
      mode: 'explicit' | 'implicit';
      outcome?: string;
      protocol?: string;
      cipher?: string;
      verified?: boolean;
      authorizationError?: string;
      certificate?: CertificateObservation;
      prot?: string;
      ccc?: string;
    };
  };
  modes: ModeResult[];
  /** --pasv-samples: each PASV/EPSV sent, the port and address handed out, and whether the port could be connected to. */
  pasvSamples?: Array<{ command: string; reply?: string; host?: string; port?: number; connect?: string; ms?: number }>;
  firewall: FirewallSummary;
  findings: DescribedFinding[];
  verdict: Verdict;
  /** Which clients work from this vantage point: one row per client, and one sentence. */
  clients: Diagnosis['clients'];
  clientSummary: string;
  interrupted: boolean;
  deadlineHit: boolean;
  /** analyze: the log the observations come from, and what it does not show. */
  source?: Diagnosis['source'];
  /** The exit code and why, decided by the exit-code contract (set on the top-level document). */
  exitCode?: number;
  exitReason?: ExitReason;
  /** --idle: whose timer forgets an idle control connection, and each connection's wait. */
  idle?: Diagnosis['idle'];
  /** --transfers N: how far the run of transfers went. */
  endurance?: Diagnosis['endurance'];
  transcript: TranscriptEntry[];
  /** With further addresses: this address's own verdict (verdict is then the combined one). */
  addressVerdict?: Verdict;
  /** With further addresses: this address's own findings, clients and client summary (the top level then holds the combined ones). */
  addressOwn?: { findings: DescribedFinding[]; clients: Diagnosis['clients']; clientSummary: string };
  /** Further addresses of the same name (with --all-addresses, or one per family). */
  alsoProbed?: ReportDocument[];
}

export function buildDocument(record: ProbeRecord, diagnosis: Diagnosis): ReportDocument {
  const { control, target } = record;
  const document: ReportDocument = {
    schemaVersion: SCHEMA_VERSION,
    tool: record.tool,
    target: {
      input: target.input,
      host: target.host,
      port: target.port,
      user: target.user,
      anonymous: target.anonymous,
      ...(target.path ? { path: target.path } : {}),
    },
    address: control.address,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    vantage: diagnosis.vantage,
    control: {
      address: control.address,
      port: control.port,
      family: control.family,
      ...(control.localAddress ? { localAddress: control.localAddress } : {}),
      connect: control.connect,
      software: diagnosis.software,
    },
    modes: diagnosis.modes,
    firewall: diagnosis.firewall,
    findings: diagnosis.findings,
    verdict: diagnosis.verdict,
    clients: diagnosis.clients,
    clientSummary: diagnosis.clientSummary,
    interrupted: record.interrupted,
    deadlineHit: record.deadlineHit,
    ...(diagnosis.source ? { source: diagnosis.source } : {}),
    ...(diagnosis.idle ? { idle: diagnosis.idle } : {}),
    ...(diagnosis.endurance ? { endurance: diagnosis.endurance } : {}),
    transcript: record.transcript,
  };
  describeControl(document.control, record);
  if (record.pasvSamples) document.pasvSamples = pasvSamplesOf(record.pasvSamples);
  return document;
}

/** The control connection's greeting, login, resolved addresses and TLS, as the document shows them. */
function describeControl(into: ReportDocument['control'], record: ProbeRecord): void {
  const { control } = record;
  if (control.greeting) {
    into.greeting = {
      outcome: control.greeting.outcome,
      ms: control.greeting.ms,
      lines: control.greeting.replies.flatMap((reply) => reply.lines),
    };
  }
  if (control.login) {
    into.login = {
      user: control.login.user,
      loggedIn: control.login.loggedIn,
      lines: control.login.steps.flatMap((step) => step.reply?.lines ?? []),
      ms: control.login.steps.reduce((sum, step) => sum + step.ms, 0),
    };
  }
  if (record.resolution) into.resolvedAddresses = record.resolution.addresses;
  const tls = control.tls;
  if (tls) {
    const handshake = tls.handshake;
    into.tls = {
      mode: tls.mode,
      ...(handshake ? { outcome: handshake.outcome, verified: certificateVerified(handshake) } : {}),
      ...(handshake?.protocol ? { protocol: handshake.protocol } : {}),
      ...(handshake?.cipher ? { cipher: handshake.cipher } : {}),
      ...(handshake?.authorizationError ? { authorizationError: handshake.authorizationError } : {}),
      ...(handshake?.certificate ? { certificate: handshake.certificate } : {}),
      ...(tls.prot?.reply ? { prot: tls.prot.reply.lines.at(-1) ?? '' } : {}),
      ...(tls.ccc?.reply ? { ccc: tls.ccc.reply.lines.at(-1) ?? '' } : {}),
    };
  }
}

/** The PASV samples (--pasv-samples): each reply, the address and port it gave, and whether a connection there was made. */
function pasvSamplesOf(samples: NonNullable<ProbeRecord['pasvSamples']>): NonNullable<ReportDocument['pasvSamples']> {
  return samples.map((sample) => ({
    command: sample.command,
    ...(sample.reply ? { reply: sample.reply.lines.at(-1) ?? '' } : {}),
    ...(sample.advertised?.host ? { host: sample.advertised.host } : {}),
    ...(sample.advertised ? { port: sample.advertised.port } : {}),
    ...(sample.connect ? { connect: sample.connect.outcome, ms: sample.connect.ms } : {}),
  }));
}

/** The server software as reports name it: its name and version, or that it is unknown. */
export function softwareLabel(software: ServerSoftware): string {
  if (software.id === 'unknown') return REPORT_LINES.softwareUnknown;
  return software.version ? `${software.name} ${software.version}` : software.name;
}

/** The same document without the lines exchanged (each address's): a check of many targets keeps only what it will show. */
export function withoutTranscript(document: ReportDocument): ReportDocument {
  return {
    ...document,
    transcript: [],
    ...(document.alsoProbed ? { alsoProbed: document.alsoProbed.map(withoutTranscript) } : {}),
  };
}

/** The document of each address probed, each with its own verdict, findings and clients: the first, then the others of the same name. */
export function addressDocuments(document: ReportDocument): ReportDocument[] {
  const rest = document.alsoProbed ?? [];
  if (rest.length === 0 || !document.addressOwn) return [document, ...rest];
  const { alsoProbed: _also, addressOwn, addressVerdict, ...first } = document;
  return [{ ...first, ...addressOwn, verdict: addressVerdict ?? document.verdict }, ...rest];
}

/**
 * Several addresses of one name. The top level is the combined result: its
 * verdict, every address's findings (each carrying its address and family),
 * and the clients over all of them; each address's own stays beside it.
 */
export function combineDocuments(documents: ReportDocument[], verdict: Verdict, exit: ExitDecision): ReportDocument {
  const [first, ...rest] = documents;
  if (!first) throw new Error('no probe results to report');
  if (rest.length === 0) return { ...first, verdict, exitCode: exit.code, exitReason: exit.reason };
  const findings = documents
    .flatMap((document) =>
      document.findings.map((finding) => ({
        ...finding,
        address: document.control.address,
        family: document.control.family,
      })),
    )
    .sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]);
  const clients = combineClientRows(
    documents.map((document) => ({ address: document.control.address, rows: document.clients })),
  );
  return {
    ...first,
    verdict,
    findings,
    clients,
    clientSummary: clientSummary(clients),
    exitCode: exit.code,
    exitReason: exit.reason,
    addressVerdict: first.verdict,
    addressOwn: { findings: first.findings, clients: first.clients, clientSummary: first.clientSummary },
    alsoProbed: rest,
  };
}

export type { AddressScope };
