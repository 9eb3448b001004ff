import type { FindingEntry } from '../entry.js';

/** A name with IPv4 and IPv6 addresses that fare differently. */
export const DUAL_STACK_FINDINGS = {
  DUAL_STACK_IPV6_CONTROL_FAILS: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpDualStackFamilyFailing',
    title: '{host} answers over IPv4 but not over IPv6 ({v6Address})',
    explanation:
      'The name has an IPv6 address (AAAA record) and an IPv4 one. Over IPv4 ({v4Address}) the server answered; over IPv6 the connection to port {port} {how}. Most systems try IPv6 first: clients that fall back to IPv4 (Happy Eyeballs, RFC 8305: browsers, curl, recent FileZilla) connect after a delay, clients that do not (many scripts, libraries and devices) fail to connect at all.',
    fix: "Make the server listen on IPv6 and allow TCP {port} inbound for IPv6 in every firewall (ip6tables, an nftables inet or ip6 table, the cloud security group's IPv6 rules), or remove the AAAA record until it does.",
    fixFor: {
      vsftpd:
        'Set `listen_ipv6=YES` and `listen=NO` in vsftpd.conf (one socket serves both families), restart vsftpd, and allow TCP {port} for IPv6 in ip6tables or the nftables inet table; or remove the AAAA record.',
      proftpd:
        'Set `UseIPv6 on` (and no IPv4-only `DefaultAddress`) in proftpd.conf, restart ProFTPD, and allow TCP {port} for IPv6 in ip6tables or the nftables inet table; or remove the AAAA record.',
      'pure-ftpd':
        'Start pure-ftpd without an IPv4-only listening address (`-S`), restart it, and allow TCP {port} for IPv6 in ip6tables or the nftables inet table; or remove the AAAA record.',
    },
  },
  DUAL_STACK_IPV6_DATA_FAILS: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpDualStackFamilyFailing',
    title: 'Over IPv6 the login works but listings do not: {v6Failing}',
    explanation:
      "Over IPv4 ({v4Address}) listings work ({v4Working}); over IPv6 ({v6Address}) the control connection and the login work, but {v6Failing} did not list. This is the worst dual-stack case: clients that prefer IPv6 (most current systems) connect and log in over IPv6 and then hang on every listing that uses {v6Failing}; nothing makes them fall back to IPv4, because the connection itself worked. The IPv6 path lacks what the IPv4 one has: usually the passive port range in the IPv6 firewall (an IPv4 NAT's port forward has no IPv6 counterpart).",
    fix: "Allow the passive port range inbound for IPv6 to the server in every firewall (ip6tables, an nftables inet or ip6 table, the cloud security group's IPv6 rules), as the IPv4 rules or port forward do; or remove the AAAA record until it works.",
    fixFor: {
      vsftpd:
        'Allow the `pasv_min_port`-`pasv_max_port` range for IPv6 (ip6tables, or the nftables inet table) as for IPv4; or remove the AAAA record.',
      proftpd:
        'Allow the `PassivePorts` range for IPv6 (ip6tables, or the nftables inet table) as for IPv4; or remove the AAAA record.',
      'pure-ftpd':
        'Allow the `-p` passive range for IPv6 (ip6tables, or the nftables inet table) as for IPv4; or remove the AAAA record.',
    },
  },
} as const satisfies Record<string, FindingEntry>;
