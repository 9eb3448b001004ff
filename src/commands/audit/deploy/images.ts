import type { AuditSoftware } from '../../../record/audit.js';

/**
 * The FTP server images audit knows, each as its own files document it: the
 * environment variables that set the passive range and the external address,
 * their defaults, and what the server announces when the address is unset.
 * Each entry cites the file its facts come from.
 */
export interface KnownImage {
  name: string;
  match: RegExp;
  software: AuditSoftware;
  controlPort: number;
  range:
    | { kind: 'one'; variable: string; byDefault: { low: number; high: number } }
    | { kind: 'two'; low: string; high: string; byDefault: { low: number; high: number } }
    | { kind: 'fixed'; byDefault: { low: number; high: number } };
  address: { variable: string; byDefault?: string; whenUnset: 'container-address' | 'docker-gateway' };
  /** A variable that makes the server resolve a host name given as its address; true: it always does. */
  resolve: string | boolean;
  /** A variable that turns vsftpd's data-connection source check off (its default is on). */
  promiscuous?: string;
  source: string;
}

export const KNOWN_IMAGES: KnownImage[] = [
  {
    // run.sh: FTP_PASSIVE_PORTS defaults to 30000:30009; the Dockerfile's CMD passes -P $PUBLICHOST, whose default is ftp.foo.com.
    name: 'stilliard/pure-ftpd',
    match: /^(docker\.io\/)?stilliard\/pure-ftpd(:|@|$)/,
    software: 'pure-ftpd',
    controlPort: 21,
    range: { kind: 'one', variable: 'FTP_PASSIVE_PORTS', byDefault: { low: 30000, high: 30009 } },
    address: { variable: 'PUBLICHOST', byDefault: 'ftp.foo.com', whenUnset: 'container-address' },
    resolve: true,
    source: 'github.com/stilliard/docker-pure-ftpd: Dockerfile, run.sh',
  },
  {
    // Dockerfile: PASV_MIN_PORT 21100, PASV_MAX_PORT 21110, PASV_ADDR_RESOLVE NO, PASV_PROMISCUOUS NO;
    // run-vsftpd.sh: PASV_ADDRESS left at **IPv4** becomes the container's default gateway (`ip route`).
    name: 'fauria/vsftpd',
    match: /^(docker\.io\/)?fauria\/vsftpd(:|@|$)/,
    software: 'vsftpd',
    controlPort: 21,
    range: { kind: 'two', low: 'PASV_MIN_PORT', high: 'PASV_MAX_PORT', byDefault: { low: 21100, high: 21110 } },
    address: { variable: 'PASV_ADDRESS', whenUnset: 'docker-gateway' },
    resolve: 'PASV_ADDR_RESOLVE',
    promiscuous: 'PASV_PROMISCUOUS',
    source: 'github.com/fauria/docker-vsftpd: Dockerfile, run-vsftpd.sh',
  },
  {
    // start_vsftpd.sh: MIN_PORT 21000, MAX_PORT 21010; ADDRESS, when set, becomes -opasv_address.
    name: 'delfer/alpine-ftp-server',
    match: /^(docker\.io\/)?delfer\/alpine-ftp-server(:|@|$)/,
    software: 'vsftpd',
    controlPort: 21,
    range: { kind: 'two', low: 'MIN_PORT', high: 'MAX_PORT', byDefault: { low: 21000, high: 21010 } },
    address: { variable: 'ADDRESS', whenUnset: 'container-address' },
    resolve: false,
    source: 'github.com/delfer/docker-alpine-ftp-server: start_vsftpd.sh',
  },
  {
    // src/vsftpd.conf: pasv_min_port 40000, pasv_max_port 40009, pasv_address 0.0.0.0, which docker-entrypoint.sh replaces with PUBLIC_IP.
    name: 'garethflowers/ftp-server',
    match: /^(docker\.io\/)?garethflowers\/ftp-server(:|@|$)/,
    software: 'vsftpd',
    controlPort: 21,
    range: { kind: 'fixed', byDefault: { low: 40000, high: 40009 } },
    address: { variable: 'PUBLIC_IP', whenUnset: 'container-address' },
    resolve: false,
    source: 'github.com/garethflowers/docker-ftp-server: src/vsftpd.conf, src/docker-entrypoint.sh',
  },
];

export function knownImage(image: string): KnownImage | undefined {
  return KNOWN_IMAGES.find((known) => known.match.test(image.trim()));
}
