import type { FindingEntry } from '../entry.js';

/** What happened on an opened data connection: the listing or the file. */
export const TRANSFER_FINDINGS = {
  LIST_REJECTED: {
    severity: 'error',
    role: 'degrades',
    title: 'The server refused the {modeName} listing: {reply}',
    explanation:
      'After the data connection was set up, the server answered LIST with an error, so no listing came through this way.',
    fix: "Read the server's reply: a 550 is a permission or path problem (check the path in the URL and the user's rights); a 425 means the server did not see the data connection it expected.",
  },
  LIST_NO_PRELIMINARY_REPLY: {
    severity: 'error',
    role: 'degrades',
    title: 'The server did not answer LIST in {modeName} mode within {timeout}',
    explanation:
      'The data connection {dataState}, but the server sent no "150" or any other reply to LIST. The server is stuck, or something between this machine and the server accepts data connections on its behalf (a proxy, a load balancer, a NAT that forwards the range to another host) without the server seeing them.',
    fix: "Find what accepted the data connection: on the server, `ss -ltnp` should show the FTP server itself listening on the passive ports; on the router or load balancer, the forward of the passive range must point at the FTP server's address, not another host. Then look in the server's log for this session: no LIST there means the connection went elsewhere.",
    inAnalysis: {
      explanation:
        'The data connection {dataState}, but the server sent no "150" or any other reply to LIST. The server is stuck, or something between the client and the server accepts data connections on its behalf (a proxy, a load balancer, a NAT that forwards the range to another host) without the server seeing them.',
    },
  },
  LIST_DATA_STALLED: {
    severity: 'error',
    role: 'degrades',
    title: 'The {modeName} listing started but did not finish within {timeout}',
    explanation:
      'The server said "{reply}" and {bytes} bytes arrived, then the data connection neither finished nor closed. A firewall or a path with a broken MTU can stall a transfer after the first packets; a very slow server does the same.',
    fix: 'Check for MTU problems on the path (large packets dropped) and for traffic shaping on the data ports.',
  },
  LIST_NO_COMPLETION: {
    severity: 'error',
    role: 'degrades',
    title: 'The {modeName} listing arrived, but the server never confirmed it',
    explanation:
      'The data came ({bytes} bytes) and the data connection closed, but no "226" came on the control connection within {timeout}. Clients wait here until they time out, even though the data is complete. A firewall that drops an idle control connection during the transfer causes this, as does a server that loses track of its session.',
    fix: 'Check idle timeouts of firewalls and load balancers on the control connection (port 21).',
  },
  TRANSFER_ABORTED: {
    severity: 'error',
    role: 'degrades',
    title: 'The {modeName} transfer was aborted: {reply}',
    explanation:
      'The data connection broke during the transfer and the server reported it. Resets on the path, a proxy cutting the connection or a server-side error cause this.',
    fix: "Check the server's log for the transfer and any device on the path that resets connections.",
  },
  DOWNLOAD_OK: {
    severity: 'info',
    role: 'informational',
    title: 'Downloading {remotePath} works: {downloads}',
    explanation:
      'With --transfer, {remotePath} was downloaded in each mode that listed, on the same control connection: every byte the server announced arrived ({bytes}), and the server confirmed the transfer.',
    fix: 'Nothing to fix for downloads of this size from this vantage point.',
  },
  DOWNLOAD_BLACK_HOLED: {
    severity: 'error',
    role: 'degrades',
    title: 'The download of {remotePath} in {modeName} stalled at {bytes} bytes: full-size packets do not get through',
    explanation:
      'The listing in {modeName} arrived (small packets pass), the server answered "{reply}" and the data connection was open, but {bytes} bytes of {expectedBytes} came and then nothing for {timeout}. This is what a path MTU black hole does: a link on the way (a tunnel, PPPoE, a VPN) has a smaller MTU, drops full-size packets, and the ICMP "fragmentation needed" that should tell the sender to shrink them is blocked. Small files, listings and the control connection work; big files hang. A server that stops sending at once looks the same from here; a capture on the server side tells them apart.',
    fix: "On the router or tunnel with the smaller MTU, clamp TCP's segment size to the path: `iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu` (nftables: `tcp flags syn tcp option maxseg size set rt mtu`). Let ICMP type 3 code 4 (IPv6: type 2, packet too big) through every firewall on the way. Or lower the MTU of the server's interface or of the tunnel to what the path carries.",
  },
  DOWNLOAD_STALLED: {
    severity: 'error',
    role: 'degrades',
    title: 'The download of {remotePath} in {modeName} stopped at {bytes} of {expectedBytes} bytes',
    explanation:
      'Data arrived and then stopped: nothing for {timeout}, with the data connection still open and no reply from the server. Full-size packets did get through, so this is not an MTU black hole: a firewall or NAT that cuts long or large connections (a byte or time quota, an inspection engine), a server that stalls under load, or a path that went away.',
    fix: "Retry with a longer --timeout to rule out a slow path; then look for a per-connection limit on the firewalls on the way (session byte or time limits, deep inspection of FTP data) and in the server's log for this transfer.",
  },
  DOWNLOAD_TRUNCATED: {
    severity: 'error',
    role: 'degrades',
    title:
      'The download of {remotePath} in {modeName} ended at {bytes} of {expectedBytes} bytes, yet the server said it was complete',
    explanation:
      'SIZE announced {expectedBytes} bytes; the data connection closed after {bytes}, and the server confirmed the transfer ("{reply}"). Something closed the data connection early on the server\'s behalf (a proxy, a NAT or a firewall that resets long connections), or the file changed while it was read.',
    fix: "Compare with a download from the server's own network; if that is whole, look for a proxy, an FTP helper or an inspection engine on the path that ends data connections early. If the file is being written, download it once it is complete.",
  },
  DOWNLOAD_FAILED: {
    severity: 'error',
    role: 'degrades',
    title: 'The download of {remotePath} in {modeName} failed: {ending}',
    explanation:
      'The listing in {modeName} worked, but the download on the same path did not: {ending}. {bytes} bytes of {expectedBytes} had arrived.',
    fix: "A 425 or 426 means the server lost the data connection: see the other findings for this mode, and the server's log for this transfer. A reset mid-way points at a firewall or NAT that ends data connections.",
  },
  DOWNLOAD_NOT_TESTED: {
    severity: 'info',
    role: 'not-tested',
    title: 'Downloads were not tested in {modeName}: {why}',
    explanation:
      'With --transfer, a file is downloaded in each mode that listed; in {modeName} none was: {why}. This says nothing about the network.',
    fix: 'Give the file to download with --transfer=PATH (one the user may read), or raise --transfer-max.',
  },
  TRANSFERS_OK: {
    severity: 'info',
    role: 'informational',
    title: '{asked} transfers in a row worked in {modeName} ({pace})',
    explanation:
      'With --transfers, {command} ran {asked} times one after another on one control connection, each with a data connection of its own, and every one worked: no limit on new data connections, per-address sessions or commands was met up to {asked}.',
    fix: 'Nothing to fix up to this many transfers; a larger batch may still meet a limit, which --transfers with a higher count shows.',
  },
  TRANSFERS_FAILED_AT: {
    severity: 'error',
    role: 'degrades',
    title: 'Transfer {index} of {asked} in {modeName} failed ({ending}), after {worked} that worked',
    explanation:
      'With --transfers, {command} ran one after another on one control connection; the first {worked} worked, so this mode is set up right, and number {index} did not: {ending}. Something counts: a limit on new connections to the passive ports from one address over a short time (iptables hashlimit or recent, a cloud firewall, fail2ban), a full conntrack or FTP helper table on a router, a passive range too small for the connections still in TIME_WAIT, or a server limit on commands or transfers. This is the "it fails after the eleventh file" of batch jobs; a client that reconnects on failure hides it.',
    fix: 'Find the limit at {index}: on the firewalls in front of the server, a rule limiting new connections to the passive range per source (raise it above what a batch needs, or let RELATED/ESTABLISHED data connections through before it); on routers, `conntrack -S` for a full table; on the server, its per-address limits (vsftpd `max_per_ip`, ProFTPD `MaxConnectionsPerHost`, Pure-FTPd `-C`) and a passive range of at least a few hundred ports.',
  },
  TRANSFERS_NOT_FINISHED: {
    severity: 'info',
    role: 'not-tested',
    title: 'Only {worked} of {asked} transfers ran: {why}',
    explanation:
      'With --transfers, {worked} transfers in {modeName} ran one after another and all worked; the rest were not tried: {why}.',
    fix: 'Raise --deadline for a longer batch (each transfer takes a few round trips), or ask for fewer.',
  },
} as const satisfies Record<string, FindingEntry>;
