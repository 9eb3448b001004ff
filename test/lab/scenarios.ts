/** The lab's scenarios: each a small network, a vsftpd configuration and what the probe must conclude. */
export interface LabScenario {
  id: number;
  name: string;
  description: string;
  clientNat: boolean;
  serverNat: boolean;
  /** The Linux conntrack FTP helper (ALG) on the client's or the server's router. */
  clientAlg?: boolean;
  serverAlg?: boolean;
  /** Server behind NAT: forward the passive range, or only part of it, to the server (port 21 is always forwarded). */
  forwardPassive?: boolean | { low: number; high: number };
  /** On the server's router: what happens to the passive range, or to port 21. */
  passiveFirewall?: 'drop' | 'reject';
  /**
   * The server in a "container" as Docker runs it from a compose file: listening on a bridge address of its own,
   * its ports published by DNAT on the host's address (outside → container). `compose` is the file audit reads.
   */
  container?: {
    compose: string;
    pasv: { low: number; high: number };
    pasvAddress?: string;
    published: Array<[number, number]>;
  };
  /**
   * The link between the routers carries at most this MTU (a tunnel, PPPoE), both ends 1500 elsewhere; with
   * `icmp: 'dropped'` the routers' ICMP "fragmentation needed" never leaves them: a path MTU black hole.
   */
  pathMtu?: { mtu: number; icmp: 'dropped' | 'passed' };
  /** On the server's router: new connections to the passive range from one source beyond a burst, then a rate (iptables hashlimit), dropped. */
  passiveRateLimit?: { burst: number; perMinute: number };
  /** A real client downloads the vsftpd's large file from the client host: whether it gets it all (within 6 s). */
  curlDownload?: { succeeds: boolean };
  /** The server's router forgets established connections idle this long, and drops their later packets. */
  routerForgetsAfterS?: number;
  controlFirewall?: 'drop';
  /** Both families on the public sides (no NAT in either): IPv6 from 2001:db8::/32, plainly routed. */
  ipv6?: boolean;
  /** On the server's router, for IPv6 only (ip6tables): the passive range dropped while IPv4 lets it through. */
  passiveFirewall6?: 'drop';
  /** What the probe is given: the server's IPv4 address (default), its IPv6 literal, or the dual-stack name. */
  target?: 'ipv6' | 'name';
  /** A firewall on the server host itself (its INPUT path), for `ftp-doctor audit` run there. */
  hostFirewall?: 'iptables-partial' | 'iptables-control-only' | 'nftables-no-passive';
  /** On the client's router: drop new connections from outside (and helper-related ones), or new outbound ones to high ports. */
  clientFirewall?: 'drop-inbound' | 'drop-egress-high';
  /** Client NAT to a pool of two public addresses, chosen per connection (iptables statistic nth), instead of one. */
  clientNatPool?: boolean;
  /** ProFTPD or Pure-FTPd instead of vsftpd (unpacked beside it, test/lab/unpack-servers.sh), with the passive range and no external address. */
  otherServer?: 'proftpd' | 'pure-ftpd';
  /** Instead of vsftpd and probe: `ftp-doctor reflector` on the server host, `ftp-doctor network --via` from the client. */
  reflector?: boolean;
  /** A package's default configuration file that the running server never read (as Debian's proftpd-core leaves one). */
  staleDefaultConfig?: { software: 'vsftpd' | 'proftpd'; text: string };
  /** Run `ftp-doctor audit` in the server's namespace too: the finding codes it must give. */
  audit?: { codes: string[]; verdict: 'ok' | 'degraded' | 'failed' | 'inconclusive' };
  /** Also probe with the single-file binary (npm run build:binary), alone in a folder: the same findings. */
  binary?: boolean;
  /** With `container`: what audit --compose predicts from the file alone. */
  composeAudit?: { codes: string[]; verdict: 'ok' | 'degraded' | 'failed' | 'inconclusive' };
  /** false: nothing listens on port 21. pasvAddress: true for the right public address, or a given (wrong) one. */
  vsftpd:
    | false
    | {
        pasvAddress?: boolean | string;
        portPromiscuous?: boolean;
        anonymous?: boolean;
        tls?: 'explicit' | 'implicit';
        sslReuse?: boolean;
        maxPerIp?: number;
        /** A file of this many bytes in the server's root, large.bin, for --transfer. */
        largeFileBytes?: number;
        /** vsftpd's idle_session_timeout (seconds). */
        idleTimeoutS?: number;
        listen?: 'ipv4' | 'dual';
      };
  /** More arguments for ftp-doctor probe. */
  args?: string[];
  expect: { codes: string[]; verdict: 'ok' | 'degraded' | 'failed' | 'inconclusive' };
}

export const LAB_SCENARIOS: LabScenario[] = [
  {
    id: 1,
    name: 'healthy',
    description: 'both sides public, no NAT: every mode works (with the single-file binary too)',
    clientNat: false,
    serverNat: false,
    binary: true,
    vsftpd: {},
    expect: { codes: ['ALL_MODES_OK'], verdict: 'ok' },
  },
  {
    id: 2,
    name: 'client-nat-port-refused',
    description: 'client behind NAT without ALG, vsftpd default: PORT refused, passive fine',
    clientNat: true,
    serverNat: false,
    vsftpd: {},
    expect: {
      codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_PORT_REJECTED', 'ACTIVE_PORT_REJECTED'],
      verdict: 'degraded',
    },
  },
  {
    id: 3,
    name: 'client-nat-active-hang',
    description: 'client behind NAT without ALG, server accepts foreign PORT addresses: the classic active-mode hang',
    clientNat: true,
    serverNat: false,
    vsftpd: { portPromiscuous: true },
    expect: {
      codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ACTIVE_DATA_TIMEOUT', 'ACTIVE_DATA_TIMEOUT'],
      verdict: 'degraded',
    },
  },
  {
    id: 4,
    name: 'client-nat-alg',
    description: 'client behind NAT with the conntrack FTP helper: active works because the PORT is rewritten',
    clientNat: true,
    clientAlg: true,
    serverNat: false,
    vsftpd: {},
    expect: {
      codes: ['ACTIVE_CLIENT_PRIVATE_ADDRESS', 'ALG_REWRITE_SUSPECTED', 'ALG_REWRITE_SUSPECTED'],
      verdict: 'ok',
    },
  },
  {
    id: 5,
    name: 'server-nat-private-227',
    description: 'server behind NAT without an external address: 227 names its private address, the fallback works',
    clientNat: false,
    serverNat: true,
    forwardPassive: true,
    vsftpd: {},
    expect: { codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'], verdict: 'degraded' },
  },
  {
    id: 6,
    name: 'server-nat-passive-dropped',
    description: 'server behind NAT with its external address set, passive range silently dropped',
    clientNat: false,
    serverNat: true,
    passiveFirewall: 'drop',
    vsftpd: { pasvAddress: true },
    expect: { codes: ['EPSV_DATA_TIMEOUT', 'PASV_DATA_TIMEOUT'], verdict: 'degraded' },
  },
  {
    id: 7,
    name: 'server-nat-passive-rejected',
    description: 'the same, with the passive range rejected (TCP reset)',
    clientNat: false,
    serverNat: true,
    passiveFirewall: 'reject',
    vsftpd: { pasvAddress: true },
    expect: { codes: ['EPSV_DATA_REFUSED', 'PASV_DATA_REFUSED'], verdict: 'degraded' },
  },
  {
    id: 8,
    name: 'server-nat-alg',
    description:
      'server behind NAT with the conntrack FTP helper on its router and no external address: the helper rewrites the 227',
    clientNat: false,
    serverNat: true,
    serverAlg: true,
    vsftpd: {},
    expect: { codes: ['ALL_MODES_OK'], verdict: 'ok' },
  },
  {
    id: 9,
    name: 'nothing-on-21',
    description: 'nothing listens on port 21',
    clientNat: false,
    serverNat: false,
    vsftpd: false,
    expect: { codes: ['CONTROL_REFUSED'], verdict: 'failed' },
  },
  {
    id: 10,
    name: 'port-21-dropped',
    description: 'a firewall drops port 21',
    clientNat: false,
    serverNat: false,
    controlFirewall: 'drop',
    vsftpd: {},
    expect: { codes: ['CONTROL_TIMEOUT'], verdict: 'failed' },
  },
  {
    id: 11,
    name: 'login-refused',
    description: 'anonymous login refused',
    clientNat: false,
    serverNat: false,
    vsftpd: { anonymous: false },
    expect: { codes: ['LOGIN_FAILED'], verdict: 'failed' },
  },
  {
    id: 12,
    name: 'passive-range-partly-forwarded',
    description:
      'server behind NAT whose router forwards only half of the passive range: sampling shows which ports fail',
    clientNat: false,
    serverNat: true,
    forwardPassive: { low: 50000, high: 50004 },
    vsftpd: { pasvAddress: true },
    args: ['--modes', 'active', '--pasv-samples', '16', '--expect-pasv-range', '50000-50010'],
    expect: { codes: ['PASV_RANGE_PARTLY_BLOCKED'], verdict: 'degraded' },
  },
  {
    id: 13,
    name: 'wrong-external-address',
    description:
      'server behind NAT announcing a stale external address: not the one expected, and nothing answers there',
    clientNat: false,
    serverNat: true,
    forwardPassive: true,
    vsftpd: { pasvAddress: '198.18.0.99' },
    args: ['--modes', 'passive,epsv', '--expect-address', '198.18.0.2'],
    expect: { codes: ['PASV_ADDRESS_MISMATCH', 'PASV_ADDRESS_UNEXPECTED', 'PASV_DATA_TIMEOUT'], verdict: 'degraded' },
  },
  {
    id: 14,
    name: 'ftps-healthy',
    description: 'FTPS (explicit TLS, self-signed certificate), no NAT: every mode works over TLS',
    clientNat: false,
    serverNat: false,
    vsftpd: { tls: 'explicit', sslReuse: false },
    args: ['--tls', 'explicit', '--insecure'],
    expect: { codes: ['CCC_NOT_SUPPORTED', 'TLS_CERT_INVALID'], verdict: 'ok' },
  },
  {
    id: 15,
    name: 'ftps-behind-nat-alg',
    description:
      'FTPS behind NAT with the router helper that fixes plain FTP: under TLS the 227 shows the private address',
    clientNat: false,
    serverNat: true,
    serverAlg: true,
    vsftpd: { tls: 'explicit', sslReuse: false },
    args: ['--tls', 'explicit', '--insecure'],
    expect: {
      codes: [
        'CCC_NOT_SUPPORTED',
        'EPSV_DATA_REFUSED',
        'PASV_DATA_REFUSED',
        'PASV_PRIVATE_ADDRESS',
        'TLS_CERT_INVALID',
        'TLS_HIDES_ADDRESS_FROM_ALG',
      ],
      verdict: 'degraded',
    },
  },
  {
    id: 16,
    name: 'ftps-reuse-required',
    description:
      'FTPS with require_ssl_reuse=YES: the probe passes by resuming sessions, and reports that reuse is required',
    clientNat: false,
    serverNat: false,
    vsftpd: { tls: 'explicit', sslReuse: true },
    args: ['--tls', 'explicit', '--insecure'],
    expect: { codes: ['CCC_NOT_SUPPORTED', 'TLS_CERT_INVALID', 'TLS_SESSION_REUSE_REQUIRED'], verdict: 'ok' },
  },
  {
    id: 17,
    name: 'ftps-implicit-990',
    description: 'implicit FTPS on port 990',
    clientNat: false,
    serverNat: false,
    vsftpd: { tls: 'implicit', sslReuse: false },
    args: ['--tls', 'implicit', '--insecure'],
    expect: { codes: ['CCC_NOT_SUPPORTED', 'TLS_CERT_INVALID'], verdict: 'ok' },
  },
  {
    id: 18,
    name: 'ipv6-literal-healthy',
    description:
      'IPv6 literal, server listening on both families: EPSV and EPRT work, PASV and PORT are not applicable',
    clientNat: false,
    serverNat: false,
    ipv6: true,
    target: 'ipv6',
    vsftpd: { listen: 'dual' },
    expect: { codes: ['ALL_MODES_OK'], verdict: 'ok' },
  },
  {
    id: 19,
    name: 'dual-stack-ipv6-passive-dropped',
    description:
      'dual-stack name whose IPv6 passive range is dropped (ip6tables) while IPv4 works: logs in over IPv6, then EPSV hangs',
    clientNat: false,
    serverNat: false,
    ipv6: true,
    target: 'name',
    passiveFirewall6: 'drop',
    vsftpd: { listen: 'dual' },
    expect: { codes: ['ALL_MODES_OK', 'DUAL_STACK_IPV6_DATA_FAILS', 'EPSV_DATA_TIMEOUT'], verdict: 'degraded' },
  },
  {
    id: 20,
    name: 'dual-stack-ipv4-only-server',
    description: 'dual-stack name whose server listens on IPv4 only: the IPv6 control connection is refused',
    clientNat: false,
    serverNat: false,
    ipv6: true,
    target: 'name',
    vsftpd: { listen: 'ipv4' },
    // IPv4 lists: the combined verdict is degraded, not failed (failed only when no address lists).
    expect: { codes: ['ALL_MODES_OK', 'CONTROL_REFUSED', 'DUAL_STACK_IPV6_CONTROL_FAILS'], verdict: 'degraded' },
  },
  {
    id: 21,
    name: 'connection-limit-2',
    description:
      'vsftpd allowing 2 connections per address: the extra ones get 421 and their modes run one after another',
    clientNat: false,
    serverNat: false,
    vsftpd: { maxPerIp: 2 },
    expect: { codes: ['TOO_MANY_CONNECTIONS'], verdict: 'ok' },
  },
  {
    id: 22,
    name: 'audit-host-firewall-partial',
    description:
      "the server host's own iptables allows half the passive range: audit names the blocked ports, the probe's samples fail on exactly those",
    clientNat: false,
    serverNat: false,
    hostFirewall: 'iptables-partial',
    vsftpd: {},
    args: ['--modes', 'active', '--pasv-samples', '16'],
    expect: { codes: ['PASV_RANGE_PARTLY_BLOCKED'], verdict: 'degraded' },
    audit: { codes: ['AUDIT_PASSIVE_RANGE_BLOCKED', 'AUDIT_RANGE_OVERLAPS_EPHEMERAL'], verdict: 'degraded' },
  },
  {
    id: 23,
    name: 'audit-nftables-no-passive',
    description:
      "the server host's nftables (inet) allows port 21 but not the passive range: audit says so (for IPv4, the family vsftpd listens on), the probe hangs in passive mode",
    clientNat: false,
    serverNat: false,
    hostFirewall: 'nftables-no-passive',
    vsftpd: {},
    expect: { codes: ['EPSV_DATA_TIMEOUT', 'PASV_DATA_TIMEOUT'], verdict: 'degraded' },
    audit: { codes: ['AUDIT_PASSIVE_RANGE_BLOCKED', 'AUDIT_RANGE_OVERLAPS_EPHEMERAL'], verdict: 'degraded' },
  },
  {
    id: 24,
    name: 'reflector-nat-no-helper',
    description:
      'network via a reflector, client behind NAT without a helper: PORT and EPRT arrive private, connect-backs refused by the router, passive fine; the same under TLS',
    clientNat: true,
    serverNat: false,
    reflector: true,
    vsftpd: false,
    expect: {
      codes: [
        'NETWORK_NAT_DETECTED',
        'NETWORK_PORT_NOT_REWRITTEN',
        'NETWORK_PORT_NOT_REWRITTEN',
        'NETWORK_ACTIVE_INBOUND_BLOCKED',
      ],
      verdict: 'degraded',
    },
  },
  {
    id: 25,
    name: 'reflector-nat-helper',
    description:
      'network via a reflector, client behind NAT with the conntrack FTP helper: PORT and EPRT rewritten and active works in plain FTP; under TLS the helper is blind and active fails',
    clientNat: true,
    clientAlg: true,
    serverNat: false,
    reflector: true,
    vsftpd: false,
    expect: {
      codes: ['NETWORK_NAT_DETECTED', 'NETWORK_HELPER_REWROTE', 'NETWORK_HELPER_REWROTE', 'NETWORK_TLS_BLINDS_HELPER'],
      verdict: 'degraded',
    },
  },
  {
    id: 26,
    name: 'reflector-inbound-dropped',
    description:
      'network via a reflector, client with a public address behind a router that drops connections from outside: no NAT, active connect-backs time out',
    clientNat: false,
    serverNat: false,
    clientFirewall: 'drop-inbound',
    reflector: true,
    vsftpd: false,
    expect: { codes: ['NETWORK_NO_NAT', 'NETWORK_ACTIVE_INBOUND_BLOCKED'], verdict: 'degraded' },
  },
  {
    id: 27,
    name: 'reflector-egress-high-ports',
    description:
      'network via a reflector, client behind an egress filter that drops outbound connections to high ports: passive fails, active works',
    clientNat: false,
    serverNat: false,
    clientFirewall: 'drop-egress-high',
    reflector: true,
    vsftpd: false,
    expect: { codes: ['NETWORK_NO_NAT', 'NETWORK_PASSIVE_OUTBOUND_BLOCKED'], verdict: 'degraded' },
  },
  {
    id: 28,
    name: 'reflector-nat-pool',
    description:
      'network via a reflector, client NAT to a pool of two addresses chosen per connection: data connections leave from the other address',
    clientNat: true,
    clientNatPool: true,
    serverNat: false,
    reflector: true,
    vsftpd: false,
    expect: {
      codes: [
        'NETWORK_NAT_DETECTED',
        'NETWORK_PORT_NOT_REWRITTEN',
        'NETWORK_PORT_NOT_REWRITTEN',
        'NETWORK_ACTIVE_INBOUND_BLOCKED',
        'NETWORK_DATA_SOURCE_DIFFERS',
      ],
      verdict: 'degraded',
    },
  },
  {
    id: 29,
    name: 'proftpd-host-nftables-no-passive',
    description:
      "real ProFTPD behind the server host's nftables that allows port 21 only: passive hangs; audit finds ProFTPD with its title overwritten, asks it for its passive ports and names them blocked",
    clientNat: false,
    serverNat: false,
    hostFirewall: 'nftables-no-passive',
    otherServer: 'proftpd',
    vsftpd: false,
    expect: { codes: ['EPSV_DATA_TIMEOUT', 'PASV_DATA_TIMEOUT'], verdict: 'degraded' },
    audit: { codes: ['AUDIT_PASSIVE_RANGE_BLOCKED'], verdict: 'degraded' },
  },
  {
    id: 30,
    name: 'pure-ftpd-nat-no-forced-ip',
    description:
      'real Pure-FTPd behind NAT without -P: the 227 names its private address; audit, reading no options, learns it from the server and says no external address is set',
    clientNat: false,
    serverNat: true,
    forwardPassive: true,
    otherServer: 'pure-ftpd',
    vsftpd: false,
    expect: { codes: ['PASV_FALLBACK_WORKS', 'PASV_PRIVATE_ADDRESS'], verdict: 'degraded' },
    audit: { codes: ['AUDIT_NO_EXTERNAL_ADDRESS'], verdict: 'degraded' },
  },
  {
    id: 31,
    name: 'pure-ftpd-host-iptables-control-only',
    description:
      "real Pure-FTPd behind the server host's iptables that allows port 21 only (REJECT for the rest): passive refused; audit asks Pure-FTPd for its ports and names them blocked",
    clientNat: false,
    serverNat: false,
    hostFirewall: 'iptables-control-only',
    otherServer: 'pure-ftpd',
    vsftpd: false,
    expect: { codes: ['EPSV_DATA_REFUSED', 'PASV_DATA_REFUSED'], verdict: 'degraded' },
    audit: { codes: ['AUDIT_PASSIVE_RANGE_BLOCKED'], verdict: 'degraded' },
  },
  {
    id: 32,
    name: 'proftpd-stale-default-config',
    description:
      "real ProFTPD started with the lab's own file, beside a package default proftpd.conf without PassivePorts: audit says the default is not the running server's, and goes by the server's own answers",
    clientNat: false,
    serverNat: false,
    hostFirewall: 'nftables-no-passive',
    otherServer: 'proftpd',
    vsftpd: false,
    // Debian's proftpd-core ships its PassivePorts line commented out.
    staleDefaultConfig: {
      software: 'proftpd',
      text: 'ServerName "Debian"\nServerType standalone\nPort 21\n# PassivePorts 49152 65534\nMaxInstances 30\n',
    },
    expect: { codes: ['EPSV_DATA_TIMEOUT', 'PASV_DATA_TIMEOUT'], verdict: 'degraded' },
    audit: { codes: ['AUDIT_CONFIG_NOT_RUNNING', 'AUDIT_PASSIVE_RANGE_BLOCKED'], verdict: 'degraded' },
  },
  {
    id: 33,
    name: 'idle-router-forgets',
    description:
      'the server behind a strict NAT router that forgets established connections idle 8 s: --idle finds the path, and keepalive keeps it',
    clientNat: false,
    serverNat: true,
    forwardPassive: true,
    routerForgetsAfterS: 8,
    vsftpd: { pasvAddress: true },
    args: ['--modes', 'passive', '--idle', '14'],
    expect: {
      codes: ['CONTROL_IDLE_DROPPED_BY_PATH', 'CONTROL_IDLE_KEEPALIVE_HELPS'],
      verdict: 'degraded',
    },
  },
  {
    id: 34,
    name: 'idle-server-timeout',
    description: "vsftpd's own idle_session_timeout of 6 s: --idle names the server's timer, not the path",
    clientNat: false,
    serverNat: false,
    vsftpd: { idleTimeoutS: 6 },
    args: ['--modes', 'passive', '--idle', '14'],
    expect: { codes: ['ALL_MODES_OK', 'CONTROL_IDLE_SERVER_TIMEOUT'], verdict: 'ok' },
  },
  {
    id: 35,
    name: 'idle-router-and-server',
    description: "both timers, the router's 6 s before vsftpd's 10 s: the shorter one, the path's, is named",
    clientNat: false,
    serverNat: true,
    forwardPassive: true,
    routerForgetsAfterS: 6,
    vsftpd: { pasvAddress: true, idleTimeoutS: 10 },
    args: ['--modes', 'passive', '--idle', '14'],
    expect: {
      codes: ['CONTROL_IDLE_DROPPED_BY_PATH', 'CONTROL_IDLE_KEEPALIVE_HELPS'],
      verdict: 'degraded',
    },
  },
  {
    id: 36,
    name: 'idle-held',
    description: 'no timer within the maximum: the idle control connections are all held',
    clientNat: false,
    serverNat: false,
    vsftpd: {},
    args: ['--modes', 'passive', '--idle', '5'],
    expect: { codes: ['ALL_MODES_OK', 'CONTROL_IDLE_HELD'], verdict: 'ok' },
  },
  {
    id: 37,
    name: 'compose-remapped',
    description:
      'vsftpd as fauria/vsftpd runs from a compose file: the passive range published under other numbers, PASV_ADDRESS unset: the audit of the file predicts what the client meets',
    clientNat: false,
    serverNat: false,
    container: {
      compose: 'fixtures/deploy/compose/vsftpd-remapped.yml',
      pasv: { low: 21100, high: 21110 },
      published: [
        [2121, 21],
        [31100, 21100],
        [31101, 21101],
        [31102, 21102],
        [31103, 21103],
        [31104, 21104],
        [31105, 21105],
        [31106, 21106],
        [31107, 21107],
        [31108, 21108],
        [31109, 21109],
        [31110, 21110],
      ],
    },
    vsftpd: {},
    args: ['--modes', 'passive'],
    expect: { codes: ['PASV_DATA_REFUSED', 'PASV_PRIVATE_ADDRESS'], verdict: 'failed' },
    composeAudit: {
      codes: ['CONTAINER_EXTERNAL_ADDRESS_UNSET', 'CONTAINER_PASSIVE_PORT_CHANGED'],
      verdict: 'degraded',
    },
  },
  {
    id: 38,
    name: 'compose-good',
    description:
      'the same image run from a good compose file: the whole range published unchanged, PASV_ADDRESS the public address',
    clientNat: false,
    serverNat: false,
    container: {
      compose: 'fixtures/deploy/compose/lab-good.yml',
      pasv: { low: 21100, high: 21110 },
      pasvAddress: '198.51.100.10',
      published: [[21, 21], ...Array.from({ length: 11 }, (_, i): [number, number] => [21100 + i, 21100 + i])],
    },
    vsftpd: {},
    args: ['--modes', 'passive'],
    expect: { codes: ['ALL_MODES_OK'], verdict: 'ok' },
    composeAudit: { codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  },
  {
    id: 40,
    name: 'compose-file-wins',
    description:
      "delfer/alpine-ftp-server with its vsftpd.conf mounted: the file's passive range wins over MIN_PORT and MAX_PORT, which are the ones published: the audit reads the mounted file and predicts the refused data connection",
    clientNat: false,
    serverNat: false,
    container: {
      compose: 'fixtures/deploy/compose/lab-file-wins.yml',
      pasv: { low: 50000, high: 50009 },
      pasvAddress: '198.51.100.10',
      published: [[21, 21], ...Array.from({ length: 11 }, (_, i): [number, number] => [21000 + i, 21000 + i])],
    },
    vsftpd: {},
    args: ['--modes', 'passive'],
    expect: { codes: ['PASV_DATA_REFUSED'], verdict: 'failed' },
    composeAudit: { codes: ['CONTAINER_PASSIVE_NOT_PUBLISHED'], verdict: 'degraded' },
  },
  {
    id: 39,
    name: 'reflector-idle-226-lost',
    description:
      'network via a reflector, client behind a NAT router that forgets idle connections after 6 s: a 10 s slow transfer completes, its 226 never arrives',
    clientNat: true,
    serverNat: false,
    routerForgetsAfterS: 6,
    reflector: true,
    vsftpd: false,
    args: ['--idle', '10'],
    expect: {
      codes: [
        'NETWORK_NAT_DETECTED',
        'NETWORK_PORT_NOT_REWRITTEN',
        'NETWORK_PORT_NOT_REWRITTEN',
        'NETWORK_ACTIVE_INBOUND_BLOCKED',
        'NETWORK_IDLE_226_LOST',
      ],
      verdict: 'degraded',
    },
  },
  {
    id: 41,
    name: 'path-mtu-black-hole',
    description:
      'a 1280-byte link between the routers whose ICMP "fragmentation needed" is dropped: listings work, a 256 KiB download stalls in every mode (curl hangs too)',
    clientNat: false,
    serverNat: false,
    pathMtu: { mtu: 1280, icmp: 'dropped' },
    vsftpd: { largeFileBytes: 256 * 1024 },
    curlDownload: { succeeds: false },
    args: ['--transfer'],
    expect: {
      codes: ['DOWNLOAD_BLACK_HOLED', 'DOWNLOAD_BLACK_HOLED', 'DOWNLOAD_BLACK_HOLED', 'DOWNLOAD_BLACK_HOLED'],
      verdict: 'degraded',
    },
  },
  {
    id: 42,
    name: 'path-mtu-discovered',
    description:
      'the same 1280-byte link with ICMP let through: path MTU discovery shrinks the segments and the download completes in every mode (curl too)',
    clientNat: false,
    serverNat: false,
    pathMtu: { mtu: 1280, icmp: 'passed' },
    vsftpd: { largeFileBytes: 256 * 1024 },
    curlDownload: { succeeds: true },
    args: ['--transfer'],
    expect: { codes: ['ALL_MODES_OK', 'DOWNLOAD_OK'], verdict: 'ok' },
  },
  {
    id: 43,
    name: 'ftps-reuse-downloads',
    description:
      'FTPS with require_ssl_reuse=YES under TLS 1.3: the listing and then the download in each mode, each data connection resuming the session, all work',
    clientNat: false,
    serverNat: false,
    vsftpd: { tls: 'explicit', sslReuse: true, largeFileBytes: 256 * 1024 },
    args: ['--tls', 'explicit', '--insecure', '--tls-version', '1.3', '--transfer'],
    expect: {
      codes: ['CCC_NOT_SUPPORTED', 'TLS_CERT_INVALID', 'TLS_SESSION_REUSE_REQUIRED', 'DOWNLOAD_OK'],
      verdict: 'ok',
    },
  },
  {
    id: 44,
    name: 'passive-rate-limited',
    description:
      "the server's router admits 10 new passive connections from one source, then 10 a minute (hashlimit): every mode lists, the eleventh transfer of a batch hangs",
    clientNat: false,
    serverNat: false,
    passiveRateLimit: { burst: 10, perMinute: 10 },
    vsftpd: {},
    args: ['--modes', 'passive', '--transfers', '20'],
    expect: { codes: ['TRANSFERS_FAILED_AT'], verdict: 'degraded' },
  },
];
