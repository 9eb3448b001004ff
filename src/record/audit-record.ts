/** What an audit of a server host read, without judgement: the audit rules read this and nothing else. */

/** Linux servers are found running; Windows ones are read from the files a customer sent (--config, --firewall). */
/**
 * The server kinds audit knows, once, with the host they run on: the command
 * line's choices and every table keyed by kind (its reader in
 * commands/audit/kinds.ts, its label in the catalogue) derive from this.
 */
export const AUDIT_KINDS = {
  vsftpd: { host: 'unix' },
  proftpd: { host: 'unix' },
  'pure-ftpd': { host: 'unix' },
  iis: { host: 'windows' },
  'filezilla-server': { host: 'windows' },
} as const satisfies Record<string, { host: 'unix' | 'windows' }>;
export type AuditSoftware = keyof typeof AUDIT_KINDS;
export const AUDIT_SOFTWARE = Object.keys(AUDIT_KINDS) as AuditSoftware[];

/** Where a fact came from: a line of a file, a rule of a firewall, the server's own answer, or the host. */
export type FactSource =
  | { kind: 'file'; file: string; line?: number; text?: string }
  | { kind: 'default'; file?: string; text: string }
  | { kind: 'server'; text: string }
  | { kind: 'host'; text: string };

export interface Fact<T> {
  value: T;
  source: FactSource;
}

/** The FTP server's configuration as far as it could be read. A missing fact was not set (the software's default applies). */
export interface ServerConfig {
  software: AuditSoftware;
  /** The site audited, where one server holds several (IIS), and the others, which were not. */
  site?: string;
  otherSites?: string[];
  /** Only these client addresses may connect (IIS ipSecurity with allowUnlisted="false"); absent: any. */
  allowedClients?: Fact<string[]>;
  /** The server's own idle timer on the control connection, in seconds: it closes an idle session with a 421 (0: never). */
  idleTimeout?: Fact<number>;
  /** The files read, in order (Include directives followed). */
  files: string[];
  /** Included files that could not be read, each with why: what they set is not checked. */
  unreadIncludes?: string[];
  controlPort: Fact<number>;
  listenIpv4: Fact<boolean>;
  listenIpv6: Fact<boolean>;
  passiveRange?: Fact<{ low: number; high: number }>;
  /** The address announced in 227 replies (pasv_address, MasqueradeAddress, -P). */
  externalAddress?: Fact<string>;
  /** vsftpd pasv_addr_resolve: the external address is a name. */
  externalAddressIsName?: boolean;
  tlsEnabled?: Fact<boolean>;
  /** The files the server reads at start for TLS (certificate, key), as paths on its own filesystem. */
  tlsFiles?: Array<Fact<string>>;
  /** TLS from the first byte (vsftpd implicit_ssl, ProFTPD UseImplicitSSL), on the control port. */
  implicitTls?: Fact<boolean>;
  /** A data connection's TLS must resume the control connection's session (vsftpd require_ssl_reuse, ProFTPD's default). */
  tlsSessionReuse?: Fact<boolean>;
  portPromiscuous?: Fact<boolean>;
  pasvPromiscuous?: Fact<boolean>;
  /** Concurrent sessions the server allows, for sizing the passive range (max_clients, MaxClients, -c). */
  maxClients?: Fact<number>;
}

/** A TCP packet's fate in a host firewall: the verdict and the rule (as the ruleset prints it) that gave it. */
export interface FirewallVerdict {
  verdict: 'accept' | 'drop' | 'reject';
  rule: string;
  /** New connections are not accepted, but RELATED ones are, by this rule: only the conntrack FTP helper lets them in (plain FTP, not TLS). */
  relatedRule?: string;
}

/** One family's input path through the host firewall, evaluated for the ports that matter. */
export interface FirewallFamily {
  family: 4 | 6;
  /** Which tool's output was read: iptables-nft-save, iptables-legacy-save, nft -j, a file. */
  sources: string[];
  control: FirewallVerdict;
  /** A rule attaches the conntrack FTP helper to the control port in this family: only then do passive connections become RELATED. */
  ftpHelperAttached: boolean;
  /** The passive range in stretches that meet the same rule (every port is covered, one evaluation each stretch). */
  passive?: Array<{ low: number; high: number } & FirewallVerdict>;
}

/** A check the audit could not make, and why (no root, a file unreadable, no server running, no --public-address). */
export interface NotChecked {
  check:
    | 'server'
    | 'config'
    | 'config-part'
    | 'other-sites'
    | 'firewall'
    | 'firewall6'
    | 'public-address'
    | 'host'
    | 'server-answers'
    | 'variable';
  why: string;
}

export interface AuditRecord {
  recordVersion: 1;
  tool: { name: string; version: string };
  startedAt: string;
  /** The server found running, or named with --server. */
  server?: {
    software: AuditSoftware;
    pid?: number;
    executable?: string;
    commandLine?: string;
    listening: Array<{ address: string; port: number }>;
  };
  config?: ServerConfig;
  /** The configuration came from the package's default path: the running process did not show which file it read. */
  configAssumed?: string;
  /** A default file the server's own answers contradict: probably not the running server's, and not used. */
  configNotRunning?: { file: string; why: string };
  /** What the server itself announced on its listening socket (when its options could not be read). */
  answers?: { address?: string; ports: number[] };
  firewall: FirewallFamily[];
  host: {
    addresses: string[];
    ephemeralRange?: { low: number; high: number };
    /** Windows' excluded TCP port ranges: no server can bind these (Hyper-V and WinNAT reserve them). */
    excludedPorts?: Array<{ low: number; high: number }>;
    /** The conntrack FTP helper: loaded (or built in), and whether a rule attaches it to the control port. */
    ftpHelperLoaded?: boolean;
    ftpHelperAttached?: boolean;
  };
  publicAddress?: string;
  notChecked: NotChecked[];
}
