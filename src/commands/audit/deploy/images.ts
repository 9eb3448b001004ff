import type { AuditSoftware } from '../../../record/audit-record.js';

/**
 * How an image starts its server, which decides what wins when a setting is
 * given twice (start.ts reads each):
 * - `appends-environment`: the start script appends its environment's
 *   settings to the configuration file, so they win over the file's own lines;
 * - `options-before-file`: the environment becomes `-o` options before the
 *   file on vsftpd's command line, and vsftpd applies its arguments in order,
 *   so the file's lines win;
 * - `file-edited-at-start`: the start script edits the image's own file;
 * - `run-sh-flags`: the command line is the server's flags, completed from the
 *   environment where a flag is missing;
 * - `server-itself`: the server runs as packaged: its own file and command line.
 */
export type ImageStart =
  'appends-environment' | 'options-before-file' | 'file-edited-at-start' | 'run-sh-flags' | 'server-itself';

/** An environment variable the image turns into one of the server's settings, with the image's default. */
export interface ImageVariable {
  variable: string;
  /** The vsftpd option it sets (vsftpd images). */
  option?: string;
  byDefault?: string;
}

/**
 * The FTP server images audit knows, each as its own files document it: the
 * environment variables that set the passive range and the external address,
 * their defaults, where the server reads its configuration, and what it
 * announces when the address is unset. Each entry cites the files its facts
 * come from. The most specific match comes first.
 */
export interface KnownImage {
  name: string;
  match: RegExp;
  software: Extract<AuditSoftware, 'vsftpd' | 'proftpd' | 'pure-ftpd'>;
  start: ImageStart;
  /** Where the server reads its configuration inside the container (a folder for Pure-FTPd's one-file-per-option). */
  configPaths: string[];
  variables: ImageVariable[];
  /** The variable that sets the external address, for the fix; none: the server's own setting. */
  addressVariable?: string;
  /** The variable that turns on resolving a name given as the address; true: the server always resolves. */
  resolve?: string | true;
  whenUnset: 'container-address' | 'docker-gateway';
  /** The image's command (its Dockerfile's CMD), when a compose `command:` or Kubernetes `args:` does not replace it. */
  command?: string[];
  /** Settings of the image's own configuration file, where they matter here and no file is mounted over it. */
  builtIn?: Record<string, string>;
  source: string;
}

export const KNOWN_IMAGES: KnownImage[] = [
  {
    // Dockerfile: ENV PUBLICHOST ftp.foo.com; CMD /run.sh -l puredb:… -E -j -R -P $PUBLICHOST (shell form: the
    // container's PUBLICHOST). run.sh: adds -p $FTP_PASSIVE_PORTS (default 30000:30009) unless the flags hold " -p ",
    // appends $ADDED_FLAGS, adds --tls=1 when /etc/ssl/private/pure-ftpd.pem exists and no --tls is given.
    name: 'stilliard/pure-ftpd',
    match: /^(docker\.io\/)?stilliard\/pure-ftpd(:|@|$)/,
    software: 'pure-ftpd',
    start: 'run-sh-flags',
    configPaths: [],
    variables: [
      { variable: 'PUBLICHOST', byDefault: 'ftp.foo.com' },
      { variable: 'FTP_PASSIVE_PORTS', byDefault: '30000:30009' },
      { variable: 'ADDED_FLAGS' },
    ],
    addressVariable: 'PUBLICHOST',
    resolve: true,
    whenUnset: 'container-address',
    command: ['/run.sh', '-l', 'puredb:/etc/pure-ftpd/pureftpd.pdb', '-E', '-j', '-R', '-P', '$PUBLICHOST'],
    source: 'github.com/stilliard/docker-pure-ftpd: Dockerfile, run.sh',
  },
  {
    // Dockerfile: PASV_ADDRESS **IPv4**, PASV_MIN_PORT 21100, PASV_MAX_PORT 21110, PASV_ADDR_RESOLVE NO,
    // PASV_PROMISCUOUS NO. run-vsftpd.sh: **IPv4** becomes the default gateway (`ip route`); then it appends
    // pasv_address=, pasv_max_port=, pasv_min_port=, pasv_addr_resolve=, pasv_promiscuous= to /etc/vsftpd/vsftpd.conf.
    name: 'fauria/vsftpd',
    match: /^(docker\.io\/)?fauria\/vsftpd(:|@|$)/,
    software: 'vsftpd',
    start: 'appends-environment',
    configPaths: ['/etc/vsftpd/vsftpd.conf'],
    variables: [
      { variable: 'PASV_ADDRESS', option: 'pasv_address', byDefault: '**IPv4**' },
      { variable: 'PASV_MIN_PORT', option: 'pasv_min_port', byDefault: '21100' },
      { variable: 'PASV_MAX_PORT', option: 'pasv_max_port', byDefault: '21110' },
      { variable: 'PASV_ADDR_RESOLVE', option: 'pasv_addr_resolve', byDefault: 'NO' },
      { variable: 'PASV_PROMISCUOUS', option: 'pasv_promiscuous', byDefault: 'NO' },
    ],
    addressVariable: 'PASV_ADDRESS',
    resolve: 'PASV_ADDR_RESOLVE',
    // Its default **IPv4** becomes the gateway (start-vsftpd.ts); with no pasv_address at all vsftpd names its own address.
    whenUnset: 'container-address',
    source: 'github.com/fauria/docker-vsftpd: Dockerfile, run-vsftpd.sh',
  },
  {
    // start_vsftpd.sh: vsftpd -opasv_min_port=$MIN_PORT (21000) -opasv_max_port=$MAX_PORT (21010) [-opasv_address=$ADDRESS]
    // [-orsa_cert_file=$TLS_CERT -orsa_private_key_file=$TLS_KEY -ossl_enable=YES …] /etc/vsftpd/vsftpd.conf.
    name: 'delfer/alpine-ftp-server',
    match: /^(docker\.io\/)?delfer\/alpine-ftp-server(:|@|$)/,
    software: 'vsftpd',
    start: 'options-before-file',
    configPaths: ['/etc/vsftpd/vsftpd.conf'],
    variables: [
      { variable: 'MIN_PORT', option: 'pasv_min_port', byDefault: '21000' },
      { variable: 'MAX_PORT', option: 'pasv_max_port', byDefault: '21010' },
      { variable: 'ADDRESS', option: 'pasv_address' },
      { variable: 'TLS_CERT', option: 'rsa_cert_file' },
      { variable: 'TLS_KEY', option: 'rsa_private_key_file' },
    ],
    addressVariable: 'ADDRESS',
    whenUnset: 'container-address',
    source: 'github.com/delfer/docker-alpine-ftp-server: start_vsftpd.sh',
  },
  {
    // src/vsftpd.conf: pasv_address=0.0.0.0, pasv_min_port=40000, pasv_max_port=40009; docker-entrypoint.sh:
    // sed -i "s/0.0.0.0/$PUBLIC_IP/g" /etc/vsftpd.conf.
    name: 'garethflowers/ftp-server',
    match: /^(docker\.io\/)?garethflowers\/ftp-server(:|@|$)/,
    software: 'vsftpd',
    start: 'file-edited-at-start',
    configPaths: ['/etc/vsftpd.conf'],
    variables: [{ variable: 'PUBLIC_IP' }],
    addressVariable: 'PUBLIC_IP',
    whenUnset: 'container-address',
    builtIn: { listen: 'YES', pasv_address: '0.0.0.0', pasv_min_port: '40000', pasv_max_port: '40009' },
    source: 'github.com/garethflowers/docker-ftp-server: src/vsftpd.conf, src/docker-entrypoint.sh',
  },
  // Images that run the server as packaged: only a configuration mounted from the repository (or the command
  // line) says how it is set up. vsftpd reads /etc/vsftpd.conf (Debian) or /etc/vsftpd/vsftpd.conf (Alpine, RHEL).
  {
    name: 'vsftpd',
    match: /(^|\/)vsftpd(:|@|$)/,
    software: 'vsftpd',
    start: 'server-itself',
    configPaths: ['/etc/vsftpd.conf', '/etc/vsftpd/vsftpd.conf'],
    variables: [],
    whenUnset: 'container-address',
    source: 'vsftpd(8), vsftpd.conf(5)',
  },
  {
    name: 'proftpd',
    match: /(^|\/)proftpd(:|@|$)/,
    software: 'proftpd',
    start: 'server-itself',
    configPaths: ['/etc/proftpd/proftpd.conf', '/usr/local/etc/proftpd.conf'],
    variables: [],
    whenUnset: 'container-address',
    source: 'proftpd(8): /etc/proftpd/proftpd.conf (Debian), /usr/local/etc/proftpd.conf (built from source)',
  },
  {
    name: 'pure-ftpd',
    match: /(^|\/)pure-?ftpd(:|@|$)/,
    software: 'pure-ftpd',
    start: 'server-itself',
    configPaths: ['/etc/pure-ftpd/conf'],
    variables: [],
    whenUnset: 'container-address',
    source: "pure-ftpd(8); Debian's wrapper reads one file per option from /etc/pure-ftpd/conf",
  },
];

export function knownImage(image: string): KnownImage | undefined {
  const name = image.trim();
  return KNOWN_IMAGES.find((known) => known.match.test(name));
}

/** The images by name, for error messages: the specific ones, then the servers run as packaged. */
export const KNOWN_IMAGE_NAMES = KNOWN_IMAGES.map((known) =>
  known.start === 'server-itself' ? `any ${known.name} image` : known.name,
).join(', ');
