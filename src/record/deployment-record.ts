import type { AuditSoftware } from './audit-record.js';

/** Where a declaration is in the file that makes it: the line a finding points at. */
export interface Declared<T> {
  value: T;
  line?: number;
  /** Another file than the compose file or manifest: a configuration file mounted from the repository. */
  file?: string;
  /** The image's or the server's documented default, not a line of a file. */
  byDefault?: boolean;
}

/** How a setting is written where it is set, for the fix: an image's environment variable, a line of the server's file, a command-line flag. */
export interface SettingName {
  name: string;
  kind: 'environment' | 'vsftpd' | 'proftpd' | 'flag' | 'conf-folder';
  /** Where to write it, when not the compose file or manifest itself. */
  file?: string;
}

/** The server's own configuration file, which the audit could not read, and why (words in the catalogue). */
export interface UnreadConfig {
  path: string;
  reason: 'in-image' | 'outside-repository' | 'missing' | 'unreadable' | 'volume' | 'command';
  source?: string;
  /** Why it could not be read (a directory, a FIFO, too large). */
  why?: string;
}

/** TLS as the deployment will run it. */
export interface DeployedTls {
  enabled: Declared<boolean>;
  implicit: Declared<boolean>;
  /** The files the server reads at start for TLS, as paths inside the container, and whether a volume provides each. */
  files: Array<Declared<string> & { mounted: boolean }>;
  reuseRequired: Declared<boolean>;
}

/**
 * Ports the deployment makes reachable from outside, kept as the range it
 * declares: `count` container ports from `container` reached at as many
 * outside from `outside` (0: any free port Docker picks).
 */
export interface PublishedPort {
  outside: number;
  container: number;
  count: number;
  line?: number;
}

/** A Kubernetes Service in front of the server's pods. */
export interface ServiceInFront {
  name: string;
  line?: number;
  type: string;
  ports: PublishedPort[];
  sessionAffinity?: Declared<string>;
  externalTrafficPolicy?: Declared<string>;
  /** The load balancer's cloud, told from the Service's annotations. */
  cloud?: 'aws' | 'azure' | 'gcp';
  /** A load balancer idle timeout set in the annotations, in seconds. */
  idleTimeoutS?: Declared<number>;
  /** The annotation that makes the load balancer end TLS itself (AWS's ssl-cert). */
  terminatesTls?: Declared<string>;
}

/**
 * An FTP server as a compose file or Kubernetes manifests declare it, before
 * anything runs: its image, the settings the image takes from its
 * environment (or its documented defaults), and how its ports reach the
 * outside. Observations, no judgement.
 */
export interface DeployedServer {
  source: 'compose' | 'kubernetes';
  file: string;
  /** The compose service, or the Kubernetes workload. */
  name: string;
  line?: number;
  image: Declared<string>;
  /** The image's entry in the registry of known images (its documentation's name). */
  imageName: string;
  software: AuditSoftware;
  controlPort: Declared<number>;
  /** Absent: not known (the configuration is inside the image); 'any': not set, the server picks any free port. */
  passiveRange?: Declared<{ low: number; high: number } | 'any'>;
  /** The address the server announces in 227; absent: unset, and the image then announces `whenUnset`. */
  externalAddress?: Declared<string>;
  whenUnset: 'container-address' | 'docker-gateway';
  /** The environment variable (or option) that sets the external address, and the one for the range, for the fix. */
  addressSetting: SettingName;
  rangeSetting: SettingName;
  /** The server accepts a host name for its external address (resolving it), or wants an address. */
  resolvesNames: boolean;
  /** The server refuses a data connection from another address than the control connection's (vsftpd's pasv_promiscuous=NO). */
  checksDataSource: boolean;
  /** Published to the outside: 'host' when the container shares the host's network (every port is the host's). */
  published: PublishedPort[] | 'host';
  replicas?: Declared<number>;
  services: ServiceInFront[];
  tls?: DeployedTls;
  /** Configuration files read from the repository (mounted into the container). */
  configFiles: string[];
  unreadConfig: UnreadConfig[];
  /** Values the file leaves to its environment (${VAR}): what they decide is not checked. */
  unresolved: string[];
}

export interface DeploymentRecord {
  tool: { name: string; version: string };
  startedAt: string;
  file: string;
  servers: DeployedServer[];
}
