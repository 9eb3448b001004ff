import type { AuditSoftware } from '../../record/audit-record.js';

/** The report's own sentences around the findings: the vantage point and the firewall summary. */
export const REPORT_LINES = {
  transcriptHint: 'Run with --transcript to see every line exchanged.',
  vantageLog: 'Vantage point: {whose}, as the {source} shows it. {client}Nothing was connected to.{missing}',
  vantageLogServer: "the server's",
  vantageLogClient: "the client's",
  vantageLogClientAddress: "The client's address: {local} ({localScope}){nat}. ",
  vantageLogClientNat: ', behind NAT as seen from the server',
  vantageLogMissing: ' Not shown in this {source}: {missing}.',
  vantageNone: 'Vantage point: this machine; no connection to {address} could be made.',
  vantageNat:
    'Vantage point: this machine is at {local} ({localScope}), behind NAT as seen from {address}: active-mode results describe this network as much as the server. Results hold for this vantage point.',
  vantagePlain:
    'Vantage point: this machine is at {local} ({localScope}); no NAT seen between it and {address}. Results hold for this vantage point.',
  addressVerdict: 'Verdict for {address}:',
  combinedVerdict: 'combined over the addresses probed ({addresses}): failed only when no address lists.',
  notAdvertised: "({n}) not the address the server named ({advertised}): the control connection's address instead",
  advertisedNotShown: 'not shown in this log',
  firewallHeading: 'What the firewalls must allow',
  configAssumed:
    "Configuration assumed: {file}, the package's default; the running process does not show which file it read, and the server's own answers did not contradict it.",
  firewallServer: 'Firewall, server side: allow inbound TCP {controlPort} to {address}{passive}.',
  firewallPassiveSeen:
    ", and the server's whole passive port range, which a probe cannot see: it handed out {ports} in {replies} {replyWord} (--pasv-samples 20 shows more of it)",
  firewallPassiveExpected:
    ', and the passive range {low}–{high} you expect (--expect-pasv-range): {seenInRange} of its {size} ports seen in {replies} {replyWord}',
  firewallClient: 'Firewall, this side (active mode): allow inbound TCP from {from} to {ports}{announced}.',
  firewallClientAnyPort: 'any high port (set one with --active-ports)',
  firewallClientPorts: 'ports {low}–{high}',
  firewallClientAnnounced: ' on {announced}',
  softwareUnknown: 'server software unknown',
  analysisOf: 'analysis of {file} ({format} {source}, {client})',
  sourceLog: 'log',
  sourceCapture: 'capture',
  server: 'server {address}',
  serverNotShown: "server's address not shown",
  clients: 'Clients:',
  notTested: 'Not tested',
  verdict: 'Verdict:',
  interrupted: 'Interrupted: this report holds what was learned before the probe was stopped.',
  transcript: 'Transcript',
  fix: 'Fix',
  fixFor: 'Fix ({software})',
  evidence: 'Evidence: {evidence}',
  passiveSamples: 'Passive samples ({count}): {samples}',
  noReply: 'no reply',
  tlsNotNegotiated: 'TLS ({mode}): not negotiated.',
  tlsHandshakeFailed: 'TLS ({mode}): handshake {outcome}.',
  tlsNegotiated: 'TLS ({mode}): {protocol} {cipher}',
  tlsCertificate: 'certificate {subject}, issued by {issuer}, valid {from} to {to}',
  tlsSelfIssued: 'itself',
  tlsForName: 'for {name}',
  tlsNotForName: 'not for {name}',
  tlsVerified: 'verified',
  tlsNotVerified: 'not verified',
  tlsData: 'data: {prot}',
} as const;

/** A mode's outcome in a few words, the same in every format: the modes table's Result column. */
export const OUTCOME_WORDS = {
  ok: 'ok, {entries} {entryWord}',
  notTested: 'not tested',
  unsupported: 'unsupported',
  failed: '{status} {phaseWords}',
  phases: {
    setup: 'setting up',
    command: 'on the command',
    'data-connect': 'connecting',
    list: 'waiting for LIST',
    transfer: 'reading data',
    completion: 'waiting for 226',
    done: 'done',
  },
} as const;

/** The report's own labels and table headers, for every renderer. */
export const LABELS = {
  modesTable: ['Mode', 'Server said', 'Connected to', 'Result', 'Time'],
  thisMachine: 'This machine',
  /** The HTML picture's client box and its arrows' words: the probe's machine, or a log's or capture's client. */
  picture: {
    probe: {
      self: 'This machine',
      inbound: 'the server connects to this machine',
      outbound: 'this machine connects to the server',
      nat: 'NAT (this side)',
    },
    analysis: {
      self: 'The client',
      inbound: 'the server connects to the client',
      outbound: 'the client connects to the server',
      nat: "NAT (client's side)",
    },
  },
  seenAs: 'Seen as',
  reflector: 'Reflector',
  networkTable: ['Test', 'Plain FTP', 'Under TLS'],
  notTestedAsAbove: 'not tested (as above)',
} as const;

/** Each audited server kind as a report names it. */
export const SOFTWARE_LABELS: Record<AuditSoftware, string> = {
  vsftpd: 'vsftpd',
  proftpd: 'ProFTPD',
  'pure-ftpd': 'Pure-FTPd',
  iis: 'IIS FTP',
  'filezilla-server': 'FileZilla Server',
};
