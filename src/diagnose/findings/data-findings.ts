import type { FindingEntry } from '../entry.js';
import { ANNOUNCE_PUBLIC_ADDRESS, FTP_EXE_ACTIVE_ONLY } from './shared-fixes.js';

/** Data connections: PASV, EPSV, PORT and EPRT, and what each reply named. */
export const DATA_FINDINGS = {
  PASV_PRIVATE_ADDRESS: {
    severity: 'error',
    role: 'workaround',
    alert: 'FtpPassivePrivateAddress',
    title: 'The server tells passive-mode clients to connect to {advertised}',
    explanation:
      "{advertised} is a {advertisedScope} address: it exists only on the server's own network. You reached the server at {peer}, so it sits behind NAT (or in a container) and does not know the address the world sees. Clients that ignore the address in the 227 reply (FileZilla, curl 7.74 and later, lftp, Python 3.9.3 and later) connect to {peer} instead, and list where the passive ports are open there; clients that trust it (older libraries, many devices and scripts) try to reach {advertised} and hang on every listing until they time out.{notConnected}",
    ...ANNOUNCE_PUBLIC_ADDRESS,
  },
  PASV_UNSPECIFIED_ADDRESS: {
    severity: 'warning',
    role: 'workaround',
    alert: 'FtpPassivePrivateAddress',
    title: 'The server names 0.0.0.0 in its passive reply',
    explanation:
      'The 227 reply carries the address 0.0.0.0, which no client can connect to. Some servers do it on purpose, meaning "the address you are already connected to" (AWS Transfer Family with PassiveIp 0.0.0.0; vsftpd on an IPv6 session). Clients that fall back to the control address (FileZilla, curl, lftp) work; clients that trust the reply fail.',
    fix: 'Announce the real public address ({publicAddress}) instead, or make sure every client in use ignores the 227 address. Clients on IPv6 should use EPSV.',
    fixFor: {
      vsftpd: 'Set `pasv_address={publicAddress}` in vsftpd.conf, or have clients use EPSV on IPv6 sessions.',
      proftpd: 'Set `MasqueradeAddress {publicAddress}` in proftpd.conf.',
      'pure-ftpd': 'Start pure-ftpd with `-P {publicAddress}`.',
    },
  },
  PASV_ADDRESS_MISMATCH: {
    severity: 'warning',
    role: 'workaround',
    title: "The passive reply names {advertised}, not the server's address {peer}",
    explanation:
      'The 227 reply names {advertised} ({advertisedScope}), while this connection reached the server at {peer} ({peerScope}): it sends clients to another address than the one they connected to. That is right for a server with a separate data host, and wrong for a server behind NAT with a stale or mistyped external address. Clients that ignore the 227 address (curl 7.74 and later, Python 3.9.3 and later) connect to {peer} instead, and fail if the data host really is elsewhere.',
    fix: 'If {publicAddress} is the server, announce {publicAddress} in passive replies; if the data host is deliberate, expect curl and Python clients to need their "trust the PASV address" options.',
    fixFor: {
      vsftpd:
        'Set `pasv_address={publicAddress}` in vsftpd.conf (vsftpd resolves a name given there only once, at start-up).',
      proftpd: 'Set `MasqueradeAddress {publicAddress}` in proftpd.conf.',
      'pure-ftpd': 'Start pure-ftpd with `-P {publicAddress}`.',
      iis: 'Set "External IP Address of Firewall" to {publicAddress} in IIS Manager\'s FTP Firewall Support.',
    },
  },
  PASV_UNROUTABLE_ADDRESS: {
    severity: 'error',
    role: 'degrades',
    title: 'The client says the passive reply named an address it cannot route to',
    explanation:
      "The client reports that the server's reply to PASV named an unroutable address (a private, loopback or link-local one; this log does not show which) and that it connected to the server's own address instead. The server sits behind NAT (or in a container) and announces its internal address. Clients that ignore the address in the 227 reply (FileZilla, curl 7.74 and later, lftp, Python 3.9.3 and later) work only if the passive ports are reachable at {peer}; clients that trust the reply hang on every listing.",
    ...ANNOUNCE_PUBLIC_ADDRESS,
  },
  PASV_MALFORMED_REPLY: {
    severity: 'error',
    role: 'degrades',
    title: 'The passive reply could not be read: {error}',
    explanation:
      'The server answered PASV with "{reply}", which does not hold a valid address and port ({error}). Every client fails to open a passive data connection from such a reply.',
    fix: "Check the server's passive address setting and anything between client and server that rewrites FTP (a router's FTP helper can garble replies).",
  },
  PASV_DATA_TIMEOUT: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpPassiveRangeBlocked',
    title: 'Passive data connection to {endpoint} timed out',
    explanation:
      'The server opened a port for the listing and said so ({dataPort}), but the connection attempt got no answer within {timeout}: packets to that port are dropped silently. The control port is open, the passive port range is not: this is the classic "logs in fine, then the listing hangs".',
    fix: 'Fix the passive port range on the server and allow it inbound (and forward it to the server, behind NAT) in every firewall on the way.',
    fixFor: {
      vsftpd:
        'Set `pasv_min_port` and `pasv_max_port` in vsftpd.conf (for example 50000 and 50100) and allow/forward exactly that TCP range to the server.',
      proftpd: 'Set `PassivePorts 50000 50100` in proftpd.conf and allow/forward exactly that TCP range to the server.',
      'pure-ftpd': 'Start pure-ftpd with `-p 50000:50100` and allow/forward exactly that TCP range to the server.',
      iis: 'Set the data channel port range in IIS Manager (FTP Firewall Support), restart the FTP service, and allow/forward that range.',
      'filezilla-server':
        "Set a passive port range in FileZilla Server's settings and allow/forward exactly that range.",
    },
  },
  PASV_DATA_REFUSED: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpPassiveRangeBlocked',
    title: 'Passive data connection to {endpoint} was refused',
    explanation:
      'The server named a port for the listing ({dataPort}), but the connection was refused with a reset: the packets reached something that actively rejects them. A firewall rule that REJECTs the passive range does this, and so does a router that forwards the range to the wrong host, or to a host where nothing listens on that port.',
    fix: 'Allow the passive port range through the firewall that rejects it, and check that the router forwards the range to the FTP server itself.',
    fixFor: {
      vsftpd:
        'Allow and forward the range set by `pasv_min_port`/`pasv_max_port` to the vsftpd host; without these settings vsftpd picks any port, which no forwarding rule can cover.',
      proftpd: 'Allow and forward the `PassivePorts` range to the ProFTPD host.',
      'pure-ftpd': 'Allow and forward the range given with `-p` to the Pure-FTPd host.',
      iis: 'Allow and forward the data channel port range set in IIS Manager to the IIS host.',
    },
  },
  PASV_FALLBACK_WORKS: {
    severity: 'info',
    role: 'informational',
    title: 'Passive mode works for clients that ignore the address in the reply',
    explanation:
      'Connecting to the control address {peer} on the port from the reply worked and the listing came through. FileZilla, curl 7.74 and later, lftp and Python 3.9.3 and later do exactly this, so they work; clients that trust the reply do not.',
    fix: "Nothing to do for modern clients; fix the server's announced address for the others.",
  },
  PASV_DATA_FROM_OTHER_ADDRESS_REJECTED: {
    severity: 'error',
    role: 'degrades',
    title: 'The server rejected the data connection as coming from another address',
    explanation:
      'The data connection reached the server, which then answered "{reply}": it saw the data connection come from a different address than the control connection, and refuses that as a security measure. A NAT with several public addresses, a load balancer, or a proxy in front of the server changes the source address of one of the two connections.',
    fix: "Make both connections come from the same address (keep the client's source address at the load balancer, or use one NAT address), or relax the server's check.",
    fixFor: {
      vsftpd:
        "Keep the client's source address at the proxy or load balancer; as a last resort set `pasv_promiscuous=YES` in vsftpd.conf (it turns off a protection against data-connection theft).",
      'filezilla-server':
        "Keep the client's source address at the proxy or load balancer, or turn off the data-connection IP check in FileZilla Server's security settings.",
      iis: "Keep the client's source address at the proxy or load balancer; as a last resort set `matchClientAddressForPasv` to false for the FTP site (it turns off a protection against data-connection theft), then `Restart-Service ftpsvc`.",
    },
  },
  PASV_REJECTED: {
    severity: 'error',
    role: 'degrades',
    title: 'The server refused PASV: {reply}',
    explanation:
      'The server answered the PASV command with an error, so classic passive mode is not available on it. Most clients try passive mode first and fail here.',
    fix: 'Enable passive mode on the server.',
    fixFor: {
      vsftpd: 'Set `pasv_enable=YES` in vsftpd.conf.',
      'pure-ftpd': 'On IPv6 sessions Pure-FTPd refuses PASV; clients must use EPSV there.',
    },
  },
  PASV_ANSWERED_WITH_229: {
    severity: 'warning',
    role: 'degrades',
    title: 'The server answered PASV with an EPSV-style 229 reply',
    explanation:
      'PASV should be answered with 227 and an address; this server sent "{reply}". Clients that expect 227 fail to parse it. This happens on IPv6 and NAT64 paths.',
    fix: 'Use EPSV with this server.',
  },
  PASV_PORT_OUTSIDE_EXPECTED_RANGE: {
    severity: 'error',
    role: 'degrades',
    title: 'The server hands out passive ports outside {expectedRange}',
    explanation:
      "You expect passive ports {expectedRange}, but the server handed out {outside}. A firewall or router that allows or forwards only {expectedRange} blocks those ports, so some listings hang and others work, at random. The server's passive range setting differs from the firewall's, or is not set at all (then the server picks any free port).",
    fix: "Set the server's passive range to exactly {expectedRange}, restart it, and probe again with `--pasv-samples`.",
    fixFor: {
      vsftpd: 'Set `pasv_min_port={low}` and `pasv_max_port={high}` in vsftpd.conf and restart vsftpd.',
      proftpd: 'Set `PassivePorts {low} {high}` in proftpd.conf and restart ProFTPD.',
      'pure-ftpd': 'Start pure-ftpd with `-p {low}:{high}`.',
      iis: 'Set the data channel port range to {low}-{high} in IIS Manager (FTP Firewall Support) and restart the FTP service.',
      'filezilla-server': "Set the passive port range to {low}-{high} in FileZilla Server's settings.",
    },
  },
  PASV_ADDRESS_UNEXPECTED: {
    severity: 'error',
    role: 'degrades',
    title: 'The server announces {seen} for passive mode, not {expected}',
    explanation:
      'You expect clients to be sent to {expected}, but the passive replies name {seen}. Clients that trust the reply go to the wrong address; a stale external address (set once and never updated after the public address changed) looks like this.',
    fix: "Set the server's external address to {expected}.",
    fixFor: {
      vsftpd:
        'Set `pasv_address={expected}` in vsftpd.conf and restart vsftpd (a name there is resolved only at start-up).',
      proftpd: 'Set `MasqueradeAddress {expected}` in proftpd.conf.',
      'pure-ftpd': 'Start pure-ftpd with `-P {expected}`.',
      iis: 'Set "External IP Address of Firewall" to {expected} in IIS Manager.',
      'filezilla-server': "Set the public IP to {expected} in FileZilla Server's passive mode settings.",
    },
  },
  PASV_RANGE_PARTLY_BLOCKED: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpPassiveRangeBlocked',
    title: 'Some passive ports are reachable, others are not',
    explanation:
      'Of the passive ports the server handed out, {open} could be connected to and {blocked} could not. The server picks a port at random for every listing, so clients fail now and then with no visible pattern. Part of the range is not allowed or not forwarded.',
    fix: 'Allow and forward the whole passive range, exactly as the server is configured; compare the firewall rule with the server setting.',
  },
  PASV_ADDRESS_VARIES: {
    severity: 'warning',
    role: 'degrades',
    title: 'The passive replies name several addresses: {addresses}',
    explanation:
      "Successive passive replies named different addresses. Several servers behind one name or a load balancer answer in turn; a client's data connection may reach another server than its control connection, which then refuses it or hangs.",
    fix: 'Make the load balancer keep a client on one server (stickiness by source address), and give each server its own passive range.',
  },
  EPSV_UNSUPPORTED: {
    severity: 'info',
    role: 'informational',
    title: 'The server does not support EPSV',
    explanation:
      'The server answered EPSV with "{reply}". Clients that try EPSV first (curl does) fall back to PASV, so IPv4 clients are not affected; IPv6 clients and NAT64 paths need EPSV.',
    fix: 'Enable EPSV if the server supports it; clients can skip it (curl `--disable-epsv`, lftp `set ftp:prefer-epsv no`).',
  },
  EPSV_MALFORMED_REPLY: {
    severity: 'error',
    role: 'degrades',
    title: 'The EPSV reply could not be read: {error}',
    explanation: 'The server answered EPSV with "{reply}", which does not hold a valid port ({error}).',
    fix: 'Check anything that rewrites FTP between client and server; clients can skip EPSV (curl `--disable-epsv`).',
  },
  EPSV_DATA_TIMEOUT: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpPassiveRangeBlocked',
    title: 'EPSV data connection to {endpoint} timed out',
    explanation:
      'The server opened a port for the listing ({dataPort}), but the connection attempt got no answer within {timeout}: packets to that port are dropped silently. curl tries EPSV first and waits a whole connect timeout here before falling back to PASV.',
    fix: 'Allow and forward the passive port range (EPSV uses the same range as PASV) in every firewall on the way.',
    fixFor: {
      vsftpd: 'Allow and forward the `pasv_min_port`-`pasv_max_port` range to the server.',
      proftpd: 'Allow and forward the `PassivePorts` range to the server.',
      'pure-ftpd': 'Allow and forward the range given with `-p` to the server.',
      iis: 'Allow and forward the data channel port range set in IIS Manager.',
    },
  },
  EPSV_DATA_REFUSED: {
    severity: 'error',
    role: 'degrades',
    alert: 'FtpPassiveRangeBlocked',
    title: 'EPSV data connection to {endpoint} was refused',
    explanation:
      'The server named a port ({dataPort}), but the connection was actively refused: a firewall REJECTs the range, or it is forwarded to the wrong host.',
    fix: 'Allow the passive port range through the rejecting firewall and forward it to the FTP server itself.',
  },
  EPSV_ANSWERED_WITH_227: {
    severity: 'warning',
    role: 'degrades',
    title: 'The server answered EPSV with a PASV-style 227 reply',
    explanation: 'EPSV should be answered with 229; this server sent "{reply}". Strict clients fail on it.',
    fix: 'Use PASV with this server, or update it.',
  },
  DATA_CONNECT_FAILED: {
    severity: 'error',
    role: 'degrades',
    title: '{modeName} data connection to {endpoint} failed: {outcome}',
    explanation:
      'Connecting to the port the server named ended with "{error}". The network on the way reports the address as unreachable, or the connection was cut.',
    fix: 'Check routes and firewalls between this machine and {host}.',
    inAnalysis: {
      fix: 'Check routes and firewalls between the client and {host}.',
    },
  },
  ACTIVE_CLIENT_PRIVATE_ADDRESS: {
    severity: 'warning',
    role: 'degrades',
    title: 'This machine is behind NAT: active mode must announce {local}',
    explanation:
      "In active mode the client tells the server where to connect back. This machine's address on the control connection is {local}, a {localScope} address the server at {peer} cannot reach. Unless a router rewrites the PORT command on the way, active mode cannot work from here. This is about where the probe runs, not about the server.",
    fix: "Use passive mode from this network. To use active mode, forward a port range on this side's router and run with `--external-ip <public address> --active-ports <range>`.",
    ...FTP_EXE_ACTIVE_ONLY,
    inAnalysis: {
      title: 'The client is behind NAT: active mode announced {local}',
      explanation:
        "In active mode the client tells the server where to connect back. The address it announced is {local}, a {localScope} address the server at {peer} cannot reach. Unless a router rewrites the PORT command on the way, active mode cannot work from the client's network. This is about where the client runs, not about the server.",
      fix: "Use passive mode in the client. To use active mode, forward a port range on the client's router and set the client's public address and that range (FileZilla: Settings > Connection > FTP > Active mode; lftp: `set ftp:port-ipv4` and `set ftp:port-range`; curl: `--ftp-port <public address>`).",
    },
  },
  ACTIVE_PORT_REJECTED: {
    severity: 'warning',
    role: 'degrades',
    title: 'The server refused {command}: {reply}',
    explanation: 'The server will not connect back to the address this probe announced ({announced}). {rejectHint}',
    fix: 'Use passive mode. If active mode is needed, announce the public address with `--external-ip`, or allow foreign PORT addresses on the server.',
    fixFor: {
      vsftpd:
        "Use passive mode. If active mode is needed: `port_enable=YES` allows it at all, and vsftpd refuses a PORT address other than the control connection's unless `port_promiscuous=YES` (which also allows FTP bounce attacks).",
      proftpd:
        "Use passive mode. If active mode is needed: ProFTPD refuses a PORT address other than the control connection's unless `AllowForeignAddress on`, and `<Limit PORT EPRT>` sections can deny the commands.",
      'pure-ftpd': 'Use passive mode; Pure-FTPd connects back only to the address it sees the client at.',
      'filezilla-server':
        "Use passive mode; FileZilla Server refuses a PORT address that differs from the control connection's, and can be set to refuse active mode altogether.",
      iis: "Use passive mode; IIS refuses PORT addresses it does not accept as the client's.",
    },
    ...FTP_EXE_ACTIVE_ONLY,
    inAnalysis: {
      explanation: 'The server will not connect back to the address the client announced ({announced}). {rejectHint}',
      fix: 'Use passive mode. If active mode is needed, make the client announce its public address (FileZilla: Settings > Connection > FTP > Active mode; lftp: `set ftp:port-ipv4`; curl: `--ftp-port <public address>`), or allow foreign PORT addresses on the server.',
    },
  },
  ACTIVE_DATA_TIMEOUT: {
    severity: 'warning',
    role: 'degrades',
    title: 'The server never connected back for the {command} listing',
    explanation:
      "The server accepted {command} {announced}:{listenPort} and the LIST, but no connection arrived within {timeout}. Packets from the server to this machine's port are lost on the way: {reason} This is the classic active-mode hang: a client waits here until its timeout.",
    fix: "Use passive mode. For active mode, this side must accept inbound connections from the server: forward a port range and announce the public address (`--external-ip`, `--active-ports`), and allow it in this machine's firewall.",
    ...FTP_EXE_ACTIVE_ONLY,
    inAnalysis: {
      explanation:
        "The server accepted {command} {announced}:{listenPort} and the LIST, but no connection arrived within {timeout}. Packets from the server to the client's port are lost on the way: {reason} This is the classic active-mode hang: a client waits here until its timeout.",
      fix: "Use passive mode. For active mode, the client's side must accept inbound connections from the server: forward a port range, set the client's public address and that range (FileZilla: Settings > Connection > FTP > Active mode; lftp: `set ftp:port-ipv4` and `set ftp:port-range`; curl: `--ftp-port <public address>`), and allow it in the client machine's firewall.",
    },
  },
  ACTIVE_SERVER_CANNOT_CONNECT: {
    severity: 'warning',
    role: 'degrades',
    title: 'The server could not connect back: {reply}',
    explanation:
      "The server accepted {command} with the address {announced} and reported that it could not connect back to it. Either that address is not reachable from the server (a private address behind NAT, which a router's FTP helper did not rewrite), or a firewall on this side drops or refuses connections from outside.",
    fix: 'Use passive mode, or forward and allow the active port range on this side (`--external-ip`, `--active-ports`).',
    ...FTP_EXE_ACTIVE_ONLY,
    inAnalysis: {
      explanation:
        "The server accepted {command} with the address {announced} and reported that it could not connect back to it. Either that address is not reachable from the server (a private address behind NAT, which a router's FTP helper did not rewrite), or a firewall on the client's side drops or refuses connections from outside.",
      fix: "Use passive mode, or forward and allow a port range on the client's side and set the client's public address and that range (FileZilla: Settings > Connection > FTP > Active mode; lftp: `set ftp:port-ipv4` and `set ftp:port-range`; curl: `--ftp-port <public address>`).",
    },
  },
  ACTIVE_DATA_FROM_OTHER_ADDRESS: {
    severity: 'warning',
    role: 'degrades',
    title: "The server's data connection came from {remote}, not {peer}",
    explanation:
      "In active mode the server connected back from {remote}, while the control connection goes to {peer}. A firewall on this side that only allows the server's address will drop such connections; the server uses another outgoing address (several interfaces, a NAT pool, or a separate data host).",
    fix: 'Allow inbound connections from {remote} too, or configure the server to connect from its control address.',
    inAnalysis: {
      explanation:
        "In active mode the server connected back from {remote}, while the control connection goes to {peer}. A firewall on the client's side that only allows the server's address will drop such connections; the server uses another outgoing address (several interfaces, a NAT pool, or a separate data host).",
    },
  },
  ALG_REWRITE_SUSPECTED: {
    severity: 'info',
    role: 'informational',
    title: "A NAT router's FTP helper seems to have rewritten the PORT command",
    explanation:
      "This machine sent its private address {local} in {command}, the server at {peer} accepted it and connected back, which it could not have done to {local} itself. A router on this side (a Linux conntrack FTP helper, or a consumer router's ALG) rewrote the command in flight and opened the port. It works for plain FTP only: the helper cannot read an encrypted FTPS control connection, so active mode will break the day TLS is turned on.",
    fix: 'Prefer passive mode, which does not depend on the helper. Keep the helper in mind when moving to FTPS.',
    inAnalysis: {
      explanation:
        "The client sent its private address {local} in {command}, the server at {peer} accepted it and connected back, which it could not have done to {local} itself. A router on the client's side (a Linux conntrack FTP helper, or a consumer router's ALG) rewrote the command in flight and opened the port. It works for plain FTP only: the helper cannot read an encrypted FTPS control connection, so active mode will break the day TLS is turned on.",
    },
  },
  EPRT_UNSUPPORTED: {
    severity: 'info',
    role: 'informational',
    title: 'The server does not support EPRT',
    explanation:
      'The server answered EPRT with "{reply}". Clients that try EPRT first (curl with `-P`) fall back to PORT.',
    fix: 'Nothing for IPv4 clients; IPv6 clients need EPRT or EPSV.',
  },
} as const satisfies Record<string, FindingEntry>;
