import type { FindingEntry } from '../entry.js';

/** An idle control connection during a long transfer. */
export const IDLE_FINDINGS = {
  CONTROL_IDLE_DROPPED_BY_PATH: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpIdleControlDropped',
    title: 'The path forgets an idle control connection after between {survived} and {dropped}',
    explanation:
      "A control connection held idle for {survived} still answered NOOP; one held {dropped} did not: its NOOP {how}, and no 421 came from the server, so the server did not close it: a NAT router, a firewall or a load balancer on the way dropped its state. During a long transfer the control connection is idle; when it is forgotten, the transfer completes and the client then hangs waiting for the 226, or fails on its next command. Known timers: AWS Network Load Balancer and Network Firewall 350 s, Azure Load Balancer 4 minutes (silently, unless TCP reset is on), GCP Cloud NAT 1200 s for established TCP, Linux conntrack's nf_conntrack_tcp_timeout_established (5 days by default, often lowered on routers).",
    fix: 'Raise the idle timeout of the NAT, firewall or load balancer above your longest transfer (Linux: `sysctl -w net.netfilter.nf_conntrack_tcp_timeout_established=7440`), or have clients keep the connection alive: TCP keepalive or NOOP every {half} or less (docs/clients.md says how for each client).',
  },
  CONTROL_IDLE_SERVER_TIMEOUT: {
    severity: 'info',
    role: 'informational',
    title: '{software} closes a control connection idle for between {survived} and {dropped}',
    explanation:
      'A control connection held idle for {survived} still answered NOOP; the server itself ended the one held {dropped} ({how}): its own idle timer, not the network. Servers do not count a running transfer as idle, so this ends forgotten sessions, not long transfers; a client that sits idle between commands reconnects.',
    fix: "Nothing to do unless clients sit idle longer between commands; then raise the server's idle timeout.",
    fixFor: {
      vsftpd: 'Raise `idle_session_timeout` (seconds, 300 by default) in vsftpd.conf; restart vsftpd.',
      proftpd: 'Raise `TimeoutIdle` (seconds, 600 by default) in proftpd.conf; restart ProFTPD.',
      'pure-ftpd': 'Start pure-ftpd with a longer `-I` (minutes, 15 by default).',
      iis: 'Raise the site\'s `controlChannelTimeout` (seconds, 120 by default): `& "$env:windir\\system32\\inetsrv\\appcmd.exe" set site "SITE" /ftpServer.connections.controlChannelTimeout:600`; then `Restart-Service ftpsvc`.',
      'filezilla-server': 'Raise the "No Transfer timeout" in FileZilla Server\'s settings.',
    },
  },
  CONTROL_IDLE_KEEPALIVE_HELPS: {
    severity: 'info',
    role: 'informational',
    title: "TCP keepalive every {every} keeps the idle control connection past the path's timer",
    explanation:
      "A connection with TCP keepalive on (a probe every {every}) was still reachable well after {dropped}, where ones without were gone: the keepalives keep the path's state. Clients that send keepalives or NOOPs while a transfer runs are not affected.",
    fix: 'Turn keepalive on in the clients that run long transfers (docs/clients.md: curl `--keepalive-time`, FileZilla, WinSCP, lftp; Python ftplib and basic-ftp need it set on the socket), or remove the timer on the path.',
  },
  CONTROL_IDLE_KEEPALIVE_NOT_ENOUGH: {
    severity: 'warning',
    role: 'degrades',
    title: 'Even TCP keepalive every {every} did not keep the idle control connection through {max}',
    explanation:
      'The connection with TCP keepalive on was dropped too: the path counts only data (some load balancers and firewalls ignore keepalive segments) or drops the keepalives. Only commands keep it: a client that sends NOOP during a transfer.',
    fix: 'Raise the idle timeout on the path above the longest transfer; or use clients that send NOOP while a transfer runs (FileZilla, WinSCP, lftp can).',
  },
  CONTROL_IDLE_HELD: {
    severity: 'info',
    role: 'informational',
    title: 'An idle control connection was held for {max}',
    explanation:
      'Neither the server nor anything on the path forgot a control connection left idle for {max}: long transfers up to that long will get their 226.{partly}',
    fix: 'Nothing to do; transfers longer than {max} were not measured.',
  },
  CONTROL_IDLE_NOT_MEASURED: {
    severity: 'info',
    role: 'not-tested',
    title: 'The idle control connection could not be measured within {max}',
    explanation: 'No control connection could be held idle and asked afterwards: {why}.',
    fix: 'Run the idle test again when the server accepts more connections, and let it run to the end.',
  },
} as const satisfies Record<string, FindingEntry>;
