import { CAPTURE_LIMITS } from '../record/capture-limits.js';
import type { AuditSoftware } from '../record/audit.js';
import type { ExitReason, NotTestedReason, VerdictName } from './vocabulary.js';
import type { CatalogueEntry } from './entry.js';

/**
 * All finding wording, one entry per code. `{name}` stands for a value the rule
 * supplies; the parameters each code needs are read from its text by the type
 * system (ParamsOf), so a rule that leaves one out does not compile.
 */
/** The fix for a server that announces an address clients cannot reach: the same whether the probe or a log saw it. */
/** Windows ftp.exe has no passive mode: what its user can do instead of the probe's flags. */
const FTP_EXE_ACTIVE_ONLY = {
  fixForClient: {
    'Windows ftp.exe':
      'Windows ftp.exe has no passive mode, so it cannot avoid this: use a client that has one (curl.exe, built into Windows 10 and later, `curl.exe ftp://server/`; WinSCP; FileZilla), or let the server connect back: allow ftp.exe inbound in Windows Firewall (`netsh advfirewall firewall add rule name="ftp.exe" dir=in action=allow program="%SystemRoot%\\System32\\ftp.exe"`) and, behind NAT, a router that forwards the ports or rewrites PORT. On the server side, passive mode works for every other client.',
  },
} as const;

const ANNOUNCE_PUBLIC_ADDRESS = {
  fix: 'Configure the server to announce its public address ({publicAddress}) in passive replies, and forward its passive port range to it.',
  fixFor: {
    vsftpd:
      'Set `pasv_address={publicAddress}` (no quotes) in vsftpd.conf, and fix the passive range with `pasv_min_port`/`pasv_max_port` forwarded on the router; restart vsftpd.',
    proftpd:
      'Set `MasqueradeAddress {publicAddress}` and a `PassivePorts` range forwarded on the router in proftpd.conf; restart ProFTPD.',
    'pure-ftpd':
      'Start pure-ftpd with `-P {publicAddress}` and a passive range with `-p low:high` forwarded on the router.',
    iis: 'In IIS Manager, FTP Firewall Support: set "External IP Address of Firewall" to {publicAddress} and a data channel port range; restart the FTP service.',
    'filezilla-server':
      "In FileZilla Server's passive mode settings, set the public IP to {publicAddress} and a port range forwarded on the router.",
  },
} as const;

export const CATALOGUE = {
  CONTROL_DNS_FAILED: {
    severity: 'error',
    title: 'The name {host} could not be resolved',
    explanation:
      'Looking up {host} failed ({error}), so no connection was attempted. Either the name is misspelt, it has no A or AAAA record, or this machine cannot reach its DNS resolver.',
    fix: 'Check the spelling, then look the name up with `dig {host}` or `getent hosts {host}`; probe the IP address directly to test the FTP server on its own.',
  },
  CONTROL_REFUSED: {
    severity: 'error',
    title: 'Connection to {address} port {port} was refused',
    explanation:
      'The host answered the connection attempt with a reset: it is reachable, but nothing accepts connections on port {port} there, or a firewall rejects them. No FTP server was reached.',
    fix: 'Check that the FTP server is running and listening on port {port} on that address (`ss -ltnp` on the server), and that no firewall rule rejects the port. If the server sits behind a router, forward port {port} to it.',
    fixFor: {
      vsftpd:
        'Check that vsftpd runs (`systemctl status vsftpd`) and listens on port {port}: `listen=YES` (or `listen_ipv6=YES`) and `listen_port={port}` in vsftpd.conf. Forward port {port} if it sits behind a router.',
    },
  },
  CONTROL_TIMEOUT: {
    severity: 'error',
    title: 'No answer from {address} port {port} within {timeout}',
    explanation:
      'The connection attempt got no answer at all: not an acceptance, not a refusal. Packets to port {port} are being dropped silently, by a firewall in front of the server, by a router without a forwarding rule for the port, or because the host is down.',
    fix: 'Allow inbound TCP {port} to the server in every firewall on the way (host firewall, cloud security group, router) and, behind NAT, forward port {port} to the server. Then probe again.',
  },
  CONTROL_UNREACHABLE: {
    severity: 'error',
    title: 'No route to {address}',
    explanation: 'The network reported that {address} cannot be reached ({error}). No packet got as far as the server.',
    fix: "Check the address and this machine's routes (`ip route get {address}`); a router on the way may also be reporting the host as unreachable.",
  },
  CONTROL_LOST: {
    severity: 'error',
    title: 'The control connection ended during {step}',
    explanation:
      'The server accepted the connection but then {how} while the probe waited for its answer to {step}. Servers do this when a connection limit or a security rule (fail2ban, tcp wrappers) cuts the session short.',
    fix: "Look in the server's log for the moment of this probe; check connection limits and access rules for this client's address.",
    inAnalysis: {
      explanation:
        'The server accepted the connection but then {how} while the client waited for its answer to {step}. Servers do this when a connection limit or a security rule (fail2ban, tcp wrappers) cuts the session short.',
      fix: "Look in the server's log for the time of this session; check connection limits and access rules for the client's address.",
    },
  },
  COMMAND_NO_REPLY: {
    severity: 'error',
    title: 'The server did not answer {command} within {timeout}',
    explanation:
      'The control connection was working, but the server sent no reply to {command}. A client hangs here. Servers stall like this when a firewall or router FTP helper holds back the reply (a helper that cannot parse it drops the segment), or when the server itself is stuck.',
    fix: "Check for a router FTP helper (ALG) between client and server and try turning it off; look in the server's log for this session.",
  },
  GREETING_TIMEOUT: {
    severity: 'error',
    title: 'Connected, but the server sent no greeting within {timeout}',
    explanation:
      'The TCP connection to port {port} was accepted, but no "220" greeting came. A server that speaks implicit FTPS (usually on port 990) waits in silence for the client to start TLS; a very slow server may be stuck looking up the client\'s name in DNS; a proxy or load balancer may accept the connection without a server behind it.',
    fix: 'If this port is implicit FTPS, probe it with `--tls implicit`. Otherwise turn off reverse-DNS lookups of clients on the server and check whatever forwards port {port}.',
    fixFor: {
      vsftpd:
        'If this port is implicit FTPS, probe it with `--tls implicit`. Otherwise check whatever forwards port {port}, and name lookups of clients (`tcp_wrappers`, PAM rules by host name).',
      proftpd:
        'If this port is implicit FTPS, probe it with `--tls implicit`. Otherwise set `UseReverseDNS off` and `IdentLookups off` in proftpd.conf and check whatever forwards port {port}.',
      'pure-ftpd':
        'If this port is implicit FTPS, probe it with `--tls implicit`. Otherwise start pure-ftpd with `-H` (no name resolution) and check whatever forwards port {port}.',
    },
  },
  GREETING_SLOW: {
    severity: 'warning',
    title: 'The greeting took {ms} ms',
    explanation:
      'The server accepted the connection at once but took {ms} ms to say "220". That delay is typical of a server that looks up the client\'s name in reverse DNS, or asks its ident service, before greeting. Clients with short timeouts give up before the greeting arrives, and every connection pays the delay again.',
    fix: 'Turn off reverse-DNS and ident lookups of clients on the server.',
    fixFor: {
      vsftpd:
        'Look for name lookups of clients: `tcp_wrappers=YES` with host names in /etc/hosts.allow, or PAM rules by host name; Red Hat builds also have `reverse_lookup_enable=NO`.',
      proftpd: 'Set `UseReverseDNS off` and `IdentLookups off` in proftpd.conf, then restart ProFTPD.',
      'pure-ftpd': 'Start pure-ftpd with `-H` (do not resolve host names).',
      iis: "Check the FTP site's logging and any reverse-DNS based IP restrictions in IIS Manager.",
    },
  },
  SERVER_NOT_READY: {
    severity: 'error',
    title: 'The server said it is not ready yet',
    explanation:
      'The server answered with "{reply}" and did not send its "220" greeting within the wait. It is starting up or overloaded.',
    fix: "Wait and probe again; if it persists, check the server's load and logs.",
  },
  WRONG_PROTOCOL: {
    severity: 'error',
    title: 'Port {port} speaks {protocolName}, not FTP',
    explanation:
      'The first bytes from {address} port {port} were "{firstLine}": that is {protocolName}, not an FTP server\'s "220" greeting. {protocolHint}',
    fix: '{protocolFix}',
  },
  SERVER_REFUSED_SESSION: {
    severity: 'error',
    title: 'The server refused the session: {reply}',
    explanation:
      'The server closed the door before any data mode could be tried. A "421" greeting means it will not serve this client now (too many users, this address is banned, or it is shutting down); vsftpd\'s "500 OOPS" means its own configuration is broken and every session dies the same way.',
    fix: 'Read the server\'s message above. For a "500 OOPS", fix the vsftpd.conf line it names and restart vsftpd; for "421", check the server\'s connection limits and ban lists.',
    fixFor: {
      vsftpd:
        'For "500 OOPS: ...", correct the setting it names in vsftpd.conf (for example an unquoted `pasv_address=` value, or a missing `secure_chroot_dir`) and restart vsftpd. For "421", check `max_clients` and `max_per_ip`.',
      'pure-ftpd': 'Check the maximum-clients (`-c`) and per-address (`-C`) limits pure-ftpd was started with.',
      proftpd: 'Check `MaxClients`, `MaxClientsPerHost` and `<Limit LOGIN>` in proftpd.conf.',
    },
  },
  LOGIN_FAILED: {
    severity: 'error',
    title: 'Login as {user} was refused',
    explanation:
      'The server answered "{reply}" to the login. No data mode could be tested, because listings need a logged-in session. {anonymousHint}',
    fix: 'Check the user name and password (with `--user` and `--password-env`, `--password-file` or `--netrc`); for anonymous access, check that the server allows it.',
    fixFor: {
      vsftpd:
        'Check the user name and password. For anonymous access set `anonymous_enable=YES` in vsftpd.conf; for local users `local_enable=YES`, and check /etc/ftpusers and `userlist_enable`.',
      proftpd: 'Check the user name and password; anonymous access needs an `<Anonymous>` section in proftpd.conf.',
      'pure-ftpd': 'Check the user name and password; anonymous access is refused when pure-ftpd runs with `-E`.',
    },
  },
  TLS_REQUIRED_BY_SERVER: {
    severity: 'error',
    title: 'The server requires TLS before login',
    explanation:
      'The server answered "{reply}": it refuses plain-FTP logins and expects FTPS. This is not a wrong password: the same login will work over TLS.',
    fix: 'Probe with `--tls explicit` (or use an `ftpes://` URL) so that the session is encrypted before the login.',
  },
  TLS_NOT_OFFERED: {
    severity: 'warning',
    title: 'The server does not offer TLS: {reply}',
    explanation:
      'The server answered AUTH TLS with "{reply}", so FTPS (explicit TLS) is not available: user names, passwords and files cross the network unencrypted.{explicitHint}',
    fix: 'Enable explicit FTPS on the server with a certificate.',
    fixFor: {
      vsftpd: 'Set `ssl_enable=YES` with `rsa_cert_file` and `rsa_private_key_file` in vsftpd.conf and restart vsftpd.',
      proftpd:
        'Load mod_tls and set `TLSEngine on`, `TLSRSACertificateFile` and `TLSRSACertificateKeyFile` in proftpd.conf.',
      'pure-ftpd':
        'Start pure-ftpd with `--tls=1` (or 2 to require it) and a certificate in /etc/ssl/private/pure-ftpd.pem.',
      iis: 'Bind a certificate to the FTP site and set its SSL policy in IIS Manager (FTP SSL Settings).',
      'filezilla-server': "Set up a TLS certificate in FileZilla Server's FTP over TLS settings.",
    },
  },
  TLS_HANDSHAKE_FAILED: {
    severity: 'error',
    title: 'The TLS handshake on the control connection failed',
    explanation:
      'The {how} handshake with {address} port {port} ended with "{error}". No common protocol version or cipher, a broken certificate setup on the server, or something between that is not TLS (a plain-FTP port probed with --tls implicit) cause this.',
    fix: "Check the server's TLS settings and its log; probe with `--tls-version 1.2` to rule out a TLS 1.3 problem; for a plain-FTP port use `--tls explicit` or no `--tls`.",
  },
  TLS_CERT_INVALID: {
    severity: 'error',
    title: "The server's certificate does not verify: {reason}",
    explanation:
      "The certificate ({subject}, issued by {issuer}, valid until {validTo}) was checked against this machine's trusted certificate authorities and the name {name}: {reason}. Clients that verify certificates (curl, lftp, FileZilla after a warning) refuse to connect or ask the user to trust it, and a client that does not verify cannot tell the server from an impostor. {stopHint}",
    fix: "Install a certificate for {name} from a certificate authority the clients trust (with its intermediate certificates), or distribute the server's own certificate to the clients and pin it.",
    fixFor: {
      vsftpd:
        'Point `rsa_cert_file` (certificate with its chain) and `rsa_private_key_file` in vsftpd.conf at a certificate for {name} from a trusted authority, and restart vsftpd.',
      proftpd:
        'Set `TLSRSACertificateFile`, `TLSRSACertificateKeyFile` and `TLSCertificateChainFile` for a certificate for {name} from a trusted authority.',
      'pure-ftpd':
        'Put a certificate for {name} from a trusted authority, with its chain and key, in /etc/ssl/private/pure-ftpd.pem.',
      iis: 'Bind a certificate for {name} from a trusted authority to the FTP site in IIS Manager.',
    },
  },
  PROT_P_REFUSED: {
    severity: 'warning',
    title: 'The server refused to protect data connections: {reply}',
    explanation:
      'The control connection is encrypted, but the server answered PROT P with "{reply}": listings and files would travel unencrypted. Clients that require PROT P (most FTPS clients) fail here.',
    fix: 'Allow PROT P on the server.',
    fixFor: {
      vsftpd:
        'Check `ssl_enable=YES`; vsftpd accepts PROT P whenever TLS is on (and `force_local_data_ssl=YES` requires it).',
      proftpd: 'Remove `TLSProtocol`/`TLSOptions` settings that forbid data protection, and check `TLSRequired`.',
    },
  },
  TLS_DATA_HANDSHAKE_FAILED: {
    severity: 'error',
    title: 'TLS on the {modeName} data connection failed',
    explanation:
      'The data connection itself was made, but its TLS handshake failed ({error}){finalReply}. The listing never came.{reuseHint}',
    fix: "Check the server's TLS settings for data connections and its log; clients must resume the control connection's TLS session on data connections when the server asks for it.",
    fixFor: {
      vsftpd:
        'If the log mentions session reuse, the client must resume TLS sessions, or set `require_ssl_reuse=NO` in vsftpd.conf.',
      proftpd:
        'If the log mentions session reuse, the client must resume TLS sessions, or set `TLSOptions NoSessionReuseRequired`.',
    },
  },
  TLS_SESSION_REUSE_REQUIRED: {
    severity: 'warning',
    title: 'The server requires data connections to resume the TLS session',
    explanation:
      "Listings work when the data connection resumes the control connection's TLS session, as this probe does, but a data connection with a new session was refused{finalReply}. This is a protection against data-connection theft; clients that do not resume sessions (older curl builds, many libraries and devices) fail every listing with it, typically a few milliseconds after the 150.",
    fix: 'Keep it (it protects the data connections) and use clients that resume TLS sessions (FileZilla, lftp, recent curl); or turn it off for clients that cannot.',
    fixFor: {
      vsftpd:
        "This is `require_ssl_reuse=YES`, vsftpd's default. `require_ssl_reuse=NO` lets clients without session resumption in.",
      proftpd: '`TLSOptions NoSessionReuseRequired` lets clients without session resumption in.',
      'filezilla-server': 'FileZilla Server always requires resumption; clients must support it.',
    },
  },
  TLS_HIDES_ADDRESS_FROM_ALG: {
    severity: 'error',
    title: 'Passive mode depends on a router FTP helper that TLS blinds',
    explanation:
      "Over plain FTP the server's 227 reply named {plainAddress}; over FTPS it names {tlsAddress}. The server itself announces {tlsAddress}: a NAT router's FTP helper (ALG) rewrites the plain reply in flight, but cannot read the encrypted one. So the setup works for plain FTP and breaks for FTPS clients that trust the 227 address: the day TLS is switched on, listings hang.",
    fix: 'Configure the external address on the server itself rather than relying on the router, and forward the passive range.',
    fixFor: {
      vsftpd: 'Set `pasv_address={plainAddress}` and a forwarded `pasv_min_port`/`pasv_max_port` range in vsftpd.conf.',
      proftpd:
        'Set `MasqueradeAddress {plainAddress}` (and `TLSMasqueradeAddress` where the TLS address differs) and a forwarded `PassivePorts` range.',
      'pure-ftpd': 'Start pure-ftpd with `-P {plainAddress}` and a forwarded `-p` range.',
      iis: "Set the FTP site's external IP address to {plainAddress} and forward the data channel port range.",
      'filezilla-server': 'Set the public IP to {plainAddress} in the passive mode settings and forward the range.',
    },
  },
  CCC_SUPPORTED: {
    severity: 'info',
    title: 'The server accepts CCC (clear the control channel)',
    explanation:
      'After the login, the server answered CCC with "{reply}": a client can switch the control connection back to plain text once authenticated, which lets a NAT router\'s FTP helper read PORT and 227 again while the password stayed encrypted (curl `--ftp-ssl-ccc`). Commands and replies after CCC are readable on the network.',
    fix: 'Nothing to change; use CCC only where a router helper is needed.',
  },
  CCC_NOT_SUPPORTED: {
    severity: 'info',
    title: 'The server does not accept CCC: {reply}',
    explanation:
      "CCC (RFC 4217) lets a client return the control connection to plain text after the login so that a router's FTP helper can follow it. This server refuses it ({reply}), so FTPS through a NAT helper can only work if the server announces its public address itself.",
    fix: "Configure the server's external address and passive range rather than relying on a router helper.",
  },
  TOO_MANY_CONNECTIONS: {
    severity: 'warning',
    title: 'The server limits simultaneous connections from one address',
    explanation:
      'The first control connection worked, but a second one at the same time was turned away ({reply}). The probe ran the remaining modes one after another instead. Clients that open several connections at once (FileZilla uses two by default, and a separate one for each transfer) will see these refusals.',
    fix: 'Raise the per-address connection limit on the server, or limit the client to one connection.',
    fixFor: {
      vsftpd: 'Raise `max_per_ip` (0 means no limit) in vsftpd.conf.',
      proftpd: 'Raise `MaxClientsPerHost` in proftpd.conf.',
      'pure-ftpd': 'Raise the per-address limit given with `-C`.',
      'filezilla-server': "Raise the per-IP connection limit in FileZilla Server's settings.",
      iis: "Raise the FTP site's maximum connections in IIS Manager.",
    },
  },
  PASV_PRIVATE_ADDRESS: {
    severity: 'error',
    title: 'The server tells passive-mode clients to connect to {advertised}',
    explanation:
      "{advertised} is a {advertisedScope} address: it exists only on the server's own network. You reached the server at {peer}, so it sits behind NAT (or in a container) and does not know the address the world sees. Clients that ignore the address in the 227 reply (FileZilla, curl 7.74 and later, lftp, Python 3.9.3 and later) connect to {peer} instead, and list where the passive ports are open there; clients that trust it (older libraries, many devices and scripts) try to reach {advertised} and hang on every listing until they time out.{notConnected}",
    ...ANNOUNCE_PUBLIC_ADDRESS,
  },
  PASV_UNSPECIFIED_ADDRESS: {
    severity: 'warning',
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
    title: 'The client says the passive reply named an address it cannot route to',
    explanation:
      "The client reports that the server's reply to PASV named an unroutable address (a private, loopback or link-local one; this log does not show which) and that it connected to the server's own address instead. The server sits behind NAT (or in a container) and announces its internal address. Clients that ignore the address in the 227 reply (FileZilla, curl 7.74 and later, lftp, Python 3.9.3 and later) work only if the passive ports are reachable at {peer}; clients that trust the reply hang on every listing.",
    ...ANNOUNCE_PUBLIC_ADDRESS,
  },
  PASV_MALFORMED_REPLY: {
    severity: 'error',
    title: 'The passive reply could not be read: {error}',
    explanation:
      'The server answered PASV with "{reply}", which does not hold a valid address and port ({error}). Every client fails to open a passive data connection from such a reply.',
    fix: "Check the server's passive address setting and anything between client and server that rewrites FTP (a router's FTP helper can garble replies).",
  },
  PASV_DATA_TIMEOUT: {
    severity: 'error',
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
    title: 'Passive mode works for clients that ignore the address in the reply',
    explanation:
      'Connecting to the control address {peer} on the port from the reply worked and the listing came through. FileZilla, curl 7.74 and later, lftp and Python 3.9.3 and later do exactly this, so they work; clients that trust the reply do not.',
    fix: "Nothing to do for modern clients; fix the server's announced address for the others.",
  },
  PASV_DATA_FROM_OTHER_ADDRESS_REJECTED: {
    severity: 'error',
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
    title: 'The server answered PASV with an EPSV-style 229 reply',
    explanation:
      'PASV should be answered with 227 and an address; this server sent "{reply}". Clients that expect 227 fail to parse it. This happens on IPv6 and NAT64 paths.',
    fix: 'Use EPSV with this server.',
  },
  PASV_PORT_OUTSIDE_EXPECTED_RANGE: {
    severity: 'error',
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
    title: 'Some passive ports are reachable, others are not',
    explanation:
      'Of the passive ports the server handed out, {open} could be connected to and {blocked} could not. The server picks a port at random for every listing, so clients fail now and then with no visible pattern. Part of the range is not allowed or not forwarded.',
    fix: 'Allow and forward the whole passive range, exactly as the server is configured; compare the firewall rule with the server setting.',
  },
  PASV_ADDRESS_VARIES: {
    severity: 'warning',
    title: 'The passive replies name several addresses: {addresses}',
    explanation:
      "Successive passive replies named different addresses. Several servers behind one name or a load balancer answer in turn; a client's data connection may reach another server than its control connection, which then refuses it or hangs.",
    fix: 'Make the load balancer keep a client on one server (stickiness by source address), and give each server its own passive range.',
  },
  EPSV_UNSUPPORTED: {
    severity: 'info',
    title: 'The server does not support EPSV',
    explanation:
      'The server answered EPSV with "{reply}". Clients that try EPSV first (curl does) fall back to PASV, so IPv4 clients are not affected; IPv6 clients and NAT64 paths need EPSV.',
    fix: 'Enable EPSV if the server supports it; clients can skip it (curl `--disable-epsv`, lftp `set ftp:prefer-epsv no`).',
  },
  EPSV_MALFORMED_REPLY: {
    severity: 'error',
    title: 'The EPSV reply could not be read: {error}',
    explanation: 'The server answered EPSV with "{reply}", which does not hold a valid port ({error}).',
    fix: 'Check anything that rewrites FTP between client and server; clients can skip EPSV (curl `--disable-epsv`).',
  },
  EPSV_DATA_TIMEOUT: {
    severity: 'error',
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
    title: 'EPSV data connection to {endpoint} was refused',
    explanation:
      'The server named a port ({dataPort}), but the connection was actively refused: a firewall REJECTs the range, or it is forwarded to the wrong host.',
    fix: 'Allow the passive port range through the rejecting firewall and forward it to the FTP server itself.',
  },
  EPSV_ANSWERED_WITH_227: {
    severity: 'warning',
    title: 'The server answered EPSV with a PASV-style 227 reply',
    explanation: 'EPSV should be answered with 229; this server sent "{reply}". Strict clients fail on it.',
    fix: 'Use PASV with this server, or update it.',
  },
  DATA_CONNECT_FAILED: {
    severity: 'error',
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
    title: "A NAT router's FTP helper seems to have rewritten the PORT command",
    explanation:
      "This machine sent its private address {local} in {command}, the server at {peer} accepted it and connected back, which it could not have done to {local} itself. A router on this side (a Linux conntrack FTP helper, or a consumer router's ALG) rewrote the command in flight and opened the port. It works for plain FTP only: the helper cannot read an encrypted FTPS control connection, so active mode will break the day TLS is turned on.",
    fix: 'Prefer passive mode, which does not depend on the helper. Keep the helper in mind when moving to FTPS.',
    inAnalysis: {
      explanation:
        "The client sent its private address {local} in {command}, the server at {peer} accepted it and connected back, which it could not have done to {local} itself. A router on the client's side (a Linux conntrack FTP helper, or a consumer router's ALG) rewrote the command in flight and opened the port. It works for plain FTP only: the helper cannot read an encrypted FTPS control connection, so active mode will break the day TLS is turned on.",
    },
  },
  CONTROL_IDLE_DROPPED_BY_PATH: {
    severity: 'error',
    title: 'The path forgets an idle control connection after between {survived} and {dropped}',
    explanation:
      "A control connection held idle for {survived} still answered NOOP; one held {dropped} did not: its NOOP {how}, and no 421 came from the server, so the server did not close it: a NAT router, a firewall or a load balancer on the way dropped its state. During a long transfer the control connection is idle; when it is forgotten, the transfer completes and the client then hangs waiting for the 226, or fails on its next command. Known timers: AWS Network Load Balancer and Network Firewall 350 s, Azure Load Balancer 4 minutes (silently, unless TCP reset is on), GCP Cloud NAT 1200 s for established TCP, Linux conntrack's nf_conntrack_tcp_timeout_established (5 days by default, often lowered on routers).",
    fix: 'Raise the idle timeout of the NAT, firewall or load balancer above your longest transfer (Linux: `sysctl -w net.netfilter.nf_conntrack_tcp_timeout_established=7440`), or have clients keep the connection alive: TCP keepalive or NOOP every {half} or less (docs/clients.md says how for each client).',
  },
  CONTROL_IDLE_SERVER_TIMEOUT: {
    severity: 'info',
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
    title: "TCP keepalive every {every} keeps the idle control connection past the path's timer",
    explanation:
      "A connection with TCP keepalive on (a probe every {every}) was still reachable well after {dropped}, where ones without were gone: the keepalives keep the path's state. Clients that send keepalives or NOOPs while a transfer runs are not affected.",
    fix: 'Turn keepalive on in the clients that run long transfers (docs/clients.md: curl `--keepalive-time`, FileZilla, WinSCP, lftp; Python ftplib and basic-ftp need it set on the socket), or remove the timer on the path.',
  },
  CONTROL_IDLE_KEEPALIVE_NOT_ENOUGH: {
    severity: 'warning',
    title: 'Even TCP keepalive every {every} did not keep the idle control connection through {max}',
    explanation:
      'The connection with TCP keepalive on was dropped too: the path counts only data (some load balancers and firewalls ignore keepalive segments) or drops the keepalives. Only commands keep it: a client that sends NOOP during a transfer.',
    fix: 'Raise the idle timeout on the path above the longest transfer; or use clients that send NOOP while a transfer runs (FileZilla, WinSCP, lftp can).',
  },
  CONTROL_IDLE_HELD: {
    severity: 'info',
    title: 'An idle control connection was held for {max}',
    explanation:
      'Neither the server nor anything on the path forgot a control connection left idle for {max}: long transfers up to that long will get their 226.{partly}',
    fix: 'Nothing to do; transfers longer than {max} were not measured.',
  },
  CONTROL_IDLE_NOT_MEASURED: {
    severity: 'info',
    title: 'The idle control connection could not be measured within {max}',
    explanation: 'No control connection could be held idle and asked afterwards: {why}.',
    fix: 'Run the idle test again when the server accepts more connections, and let it run to the end.',
  },
  CONTAINER_CONTROL_NOT_PUBLISHED: {
    severity: 'error',
    title: 'The service {service} does not publish {what} {port}',
    explanation:
      "No `ports:` entry of {service} in {file} publishes the container's port {port}, and it does not share the host's network: no client outside the host can reach the FTP server at all.",
    fix: 'Publish it under `ports:` of {service}: `- "{port}:{port}"`.',
  },
  K8S_CONTROL_NOT_EXPOSED: {
    severity: 'error',
    title: 'Nothing exposes {what} {port} of {service} outside the cluster',
    explanation:
      'No NodePort or LoadBalancer Service in {file} targets the container port {port} of {service}, and it has no hostPort and no hostNetwork: no client outside the cluster can reach the FTP server.',
    fix: 'Add the port to the `ports:` of a Service of type LoadBalancer (or NodePort) whose selector picks these pods, with `port: {port}` and `targetPort: {port}`.',
  },
  CONTAINER_PASSIVE_NOT_PUBLISHED: {
    severity: 'error',
    title: 'The service {service} does not publish {count} of its {size} passive ports ({ports})',
    explanation:
      'The server hands out passive ports {passiveRange} ({rangeSetting}), but {file} publishes only part of the range, or none of it: a listing on an unpublished port hangs until the client gives up, and since the server picks ports in turn, clients fail now and then.',
    fix: 'Publish the whole range, unchanged, under `ports:` of {service}: `- "{passiveRange}:{passiveRange}"`.',
  },
  K8S_PASSIVE_NOT_EXPOSED: {
    severity: 'error',
    title: '{count} of the {size} passive ports of {service} are not exposed ({ports})',
    explanation:
      'The server hands out passive ports {passiveRange} ({rangeSetting}), but no Service in {file} exposes those ports, each of them, outside the cluster (a Service cannot take a port range: kubernetes/kubernetes#23864). A listing on an unexposed port hangs.',
    fix: 'List every passive port in a LoadBalancer Service (port = targetPort), or in a NodePort Service with nodePort equal to the port (choose a range inside 30000-32767); or run the pods with hostNetwork. Keep the range small ({rangeSetting}) so the list stays short.',
  },
  CONTAINER_PASSIVE_PORT_CHANGED: {
    severity: 'error',
    title: 'Passive port {container} of {service} reaches the outside as {outsidePort}',
    explanation:
      'The 227 reply names the port the server listens on, {container}, but clients reach it only as {outsidePort} ({count} ports of {passiveRange} are mapped to other numbers): a client that connects to the port the server named hangs. Port mappings that change numbers break passive FTP.{nodePortRange}',
    fix: 'Map each passive port to the same number outside: in compose `- "{passiveRange}:{passiveRange}"`; in Kubernetes `nodePort` equal to `port` and `targetPort`.',
  },
  CONTAINER_EXTERNAL_ADDRESS_UNSET: {
    severity: 'error',
    title: '{service} does not set {setting}: its 227 replies name {announcedInstead}',
    explanation:
      'Without {setting}, the server announces {announcedInstead} in every passive reply, an address no client outside the host can reach. Clients that connect where a 227 reply says (Python ftplib without the CVE-2021-4189 fix, older curl where EPSV is off or refused and `--ftp-skip-pasv-ip` is not given, many devices and scripts) hang on every listing; those that replace a private 227 address, or use EPSV, do not.',
    fix: 'Set it to the public address clients use, {where}.',
  },
  CONTAINER_EXTERNAL_ADDRESS_PLACEHOLDER: {
    severity: 'error',
    title: "{service} announces the image's placeholder {configured}",
    explanation:
      "{setting} is not set in {file}, so the image's documented default {configured} is used: the server announces that in every passive reply, and clients connect to whatever it resolves to, or fail to resolve it.",
    fix: 'Set it to the public address clients use, {where}.',
  },
  CONTAINER_EXTERNAL_ADDRESS_IS_NAME: {
    severity: 'error',
    title: '{service} sets {setting} to a name, {configured}, which this server does not resolve',
    explanation:
      'vsftpd takes an IP address for its passive address unless told to resolve a name (pasv_addr_resolve): with a name, passive replies are wrong or the server refuses to start passive mode.',
    fix: 'Set {setting} to the address itself, or turn name resolution on where the image offers it (fauria/vsftpd: `PASV_ADDR_RESOLVE: "YES"`).',
  },
  CONTAINER_EXTERNAL_ADDRESS_PRIVATE: {
    severity: 'error',
    title: '{service} announces {configured}, a {scope} address',
    explanation:
      "{setting} in {file} is {configured}: every passive reply names it, and clients outside its network cannot reach it (a container's or a Service's cluster address is not the address clients use).",
    fix: 'Set it to the public address clients connect to, {where}.',
  },
  K8S_REPLICAS_WITHOUT_AFFINITY: {
    severity: 'error',
    title: 'The Service {service} spreads connections over {replicas} pods of {workload} without session affinity',
    explanation:
      "A client's data connection is a new TCP connection: without `sessionAffinity: ClientIP` the Service may send it to another pod than its control connection, one that opened no passive port for it, and the listing fails or hangs (seen as aledv/kubernetes-ftp#3).{tlsReuse}",
    fix: 'Set `sessionAffinity: ClientIP` on the Service {service}, or run one replica.',
  },
  K8S_AFFINITY_WITHOUT_CLIENT_ADDRESS: {
    severity: 'warning',
    title: "The Service {service} keys its session affinity on an address that is not the client's",
    explanation:
      "{service} sets `sessionAffinity: ClientIP` in front of {replicas} pods of {workload}, but with `externalTrafficPolicy: Cluster` (the default) a connection that enters through another node arrives with that node's address. A client's control and data connections can enter through different nodes (a load balancer spreads them), so they can still reach different pods, and the listing fails now and then.{tlsReuse}",
    fix: 'Set `externalTrafficPolicy: Local` on the Service {service}, so that affinity sees the client, or run one replica.',
  },
  K8S_LOAD_BALANCER_TERMINATES_TLS: {
    severity: 'error',
    title: 'The load balancer of {service} ends TLS itself on the FTP ports',
    explanation:
      "The annotation {annotation} makes the load balancer the TLS endpoint. FTPS does not pass through that: explicit FTPS starts in plain text and asks for TLS with AUTH TLS on the control connection, which the load balancer cannot answer, and every data connection is its own TLS session that the server expects to resume from the control connection's.",
    fix: 'Remove {annotation} (and its ssl-ports) from the Service {service}, so that TLS goes through to the server, which holds the certificate.',
  },
  CONTAINER_PASSIVE_RANGE_UNSET: {
    severity: 'error',
    title: '{service} leaves its passive range unset: the server picks any free port',
    explanation:
      'Without {rangeSetting}, each passive reply names a port the server picks from all free ones: no `ports:` list or Service can publish them all, and listings hang on whatever port is not published.',
    fix: 'Set a small range, {where}, and publish that range unchanged.',
  },
  CONTAINER_TLS_FILE_NOT_MOUNTED: {
    severity: 'warning',
    title: '{service} turns TLS on, but nothing mounts {path}',
    explanation:
      'The server reads {path} for TLS when it starts, and no volume, bind mount, Secret or ConfigMap of {service} provides it. Unless the image itself holds that file, TLS fails: vsftpd refuses to start ("500 OOPS: SSL: cannot load RSA certificate"), ProFTPD and Pure-FTPd answer AUTH TLS with an error.',
    fix: 'Mount the certificate and its key at {path}, from a Secret (Kubernetes) or a file or secret (compose), read-only.',
  },
  K8S_SOURCE_NAT_REFUSED: {
    severity: 'warning',
    title:
      "The Service {service} uses externalTrafficPolicy Cluster, and {software} checks the data connection's source",
    explanation:
      'With `externalTrafficPolicy: Cluster` (the default) kube-proxy may forward a connection through another node and replace the client\'s address with that node\'s. The control and the data connection can then arrive from different addresses, and the server refuses the data connection (vsftpd: "425 Security: Bad IP connecting.").',
    fix: 'Set `externalTrafficPolicy: Local` on the Service {service} (clients keep their address); only otherwise turn the check off (vsftpd `pasv_promiscuous=YES`, fauria/vsftpd `PASV_PROMISCUOUS: "YES"`, ProFTPD `AllowForeignAddress on`), which lets anyone who guesses the port take the data.',
  },
  K8S_LOAD_BALANCER_IDLE_TIMEOUT: {
    severity: 'warning',
    title: 'The load balancer of {service} forgets connections idle {seconds} s',
    explanation:
      '{cloud}: its idle timeout is {seconds} s. During a transfer longer than that the control connection is idle and forgotten; the transfer completes and the client waits for a 226 that never comes.',
    fix: 'Raise the idle timeout where the cloud allows it (Azure: `service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout`, up to 100 minutes), or have clients send keepalives (docs/clients.md); measure it with `ftp-doctor probe HOST --idle 600`.',
  },
  K8S_LOAD_BALANCER_IDLE_UNKNOWN: {
    severity: 'info',
    title: 'The load balancer of {service} has an idle timeout this file does not show',
    explanation:
      'Cloud load balancers forget idle connections (AWS NLB 350 s, Azure 4 minutes by default, GCP Cloud NAT 1200 s); during a long transfer the control connection is idle.',
    fix: 'Measure it once deployed: `ftp-doctor probe HOST --idle 600`.',
  },
  CONTAINER_CONFIG_OK: {
    severity: 'info',
    title: 'Nothing in the deployment will make clients hang',
    explanation:
      'Checked: {servers}: the control port and the whole passive range reach the outside under their own numbers, and the external address is public (or a name the server resolves at start, which this audit does not look up).',
    fix: 'Nothing to do.',
  },
  MIDDLEBOX_REWROTE_PASSIVE_REPLY: {
    severity: 'warning',
    title: 'A middlebox rewrote the {line} reply between the server and the client',
    explanation:
      'The server sent "{sent}"; the client received "{received}". Something between the two captures (a router\'s FTP helper: Linux conntrack, a consumer router\'s ALG, a firewall\'s FTP inspection) rewrote the reply and opened the port. Plain FTP works because of it; under TLS the helper cannot read the reply, and clients then get the address the server itself sends.',
    fix: 'Make the server announce the address clients use, so that it works without the helper and under TLS.',
    fixFor: ANNOUNCE_PUBLIC_ADDRESS.fixFor,
  },
  MIDDLEBOX_REWROTE_PORT: {
    severity: 'info',
    title: 'A middlebox rewrote the {line} command between the client and the server',
    explanation:
      'The client sent "{sent}"; the server received "{received}". A router on the way (a NAT router\'s FTP helper) rewrote the command and opened the port for the server\'s connection back. Active mode works because of it, for plain FTP only: under TLS the helper cannot read the command.',
    fix: 'Prefer passive mode, which does not depend on the helper; keep the helper in mind when moving to FTPS.',
  },
  MIDDLEBOX_NAT: {
    severity: 'info',
    title: 'The control connection was translated on the way',
    explanation: "The client's capture shows {clientSide}; the server's shows {serverSide}. {translated}",
    fix: 'Nothing to do for the control connection: NAT is why the data connections need the care the other findings describe.',
  },
  TLS_DATA_CONNECTION_FAILED: {
    severity: 'error',
    title: 'Under TLS, data connections failed: {connections}',
    explanation:
      "After AUTH TLS the control connection is encrypted: the capture cannot show the 227 or PORT, nor the replies to LIST. It still shows the data connections as TCP: {connections}. A router's FTP helper cannot read encrypted replies either, so it opens no port: a passive range that is not forwarded, or a private 227 the helper used to rewrite, breaks FTPS where plain FTP works.",
    fix: 'Forward the passive port range to the server and make the server announce the address clients use, so that nothing depends on the helper; then allow that range on every firewall.',
    fixFor: ANNOUNCE_PUBLIC_ADDRESS.fixFor,
  },
  TLS_DATA_CONNECTIONS_OK: {
    severity: 'info',
    title: 'Under TLS, the data connections got through: {connections}',
    explanation:
      'After AUTH TLS the capture cannot show the commands and replies, but every data connection it shows between the two hosts was answered: {connections}.',
    fix: 'Nothing to do.',
  },
  DATA_LOST_BETWEEN_CAPTURES: {
    severity: 'error',
    title: 'A data connection to {endpoint} left the client and never reached the server',
    explanation:
      "The client's capture shows {syns} SYN packets to {endpoint}; the server's capture shows none of them arriving. Something between the two captures dropped them: a firewall that does not allow the port, or a router that does not forward it.",
    fix: 'Allow and forward the passive port range to the server on every firewall and router between the two, and make sure the server uses exactly that range.',
  },
  DATA_FROM_OTHER_SOURCE: {
    severity: 'error',
    title: 'The data connection came from {data}, the control connection from {control}',
    explanation:
      'Seen from the server, the client\'s data connection to port {port} arrived from another address than its control connection: the client\'s NAT gives each connection an address from a pool. Servers that check that both come from the same address refuse such data connections (vsftpd: "425 Security: Bad IP connecting."; IIS with matchClientAddressForPasv).',
    fix: "On the client's side, make the NAT keep one public address per client (a paired or sticky pool: Linux SNAT with --persistent, a cloud NAT gateway's endpoint-independent mapping). Only if that cannot be done, turn the server's check off for this client's network, which lets anyone who guesses the port take the data.",
  },
  EPRT_UNSUPPORTED: {
    severity: 'info',
    title: 'The server does not support EPRT',
    explanation:
      'The server answered EPRT with "{reply}". Clients that try EPRT first (curl with `-P`) fall back to PORT.',
    fix: 'Nothing for IPv4 clients; IPv6 clients need EPRT or EPSV.',
  },
  LIST_REJECTED: {
    severity: 'error',
    title: 'The server refused the {modeName} listing: {reply}',
    explanation:
      'After the data connection was set up, the server answered LIST with an error, so no listing came through this way.',
    fix: "Read the server's reply: a 550 is a permission or path problem (check the path in the URL and the user's rights); a 425 means the server did not see the data connection it expected.",
  },
  LIST_NO_PRELIMINARY_REPLY: {
    severity: 'error',
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
    title: 'The {modeName} listing started but did not finish within {timeout}',
    explanation:
      'The server said "{reply}" and {bytes} bytes arrived, then the data connection neither finished nor closed. A firewall or a path with a broken MTU can stall a transfer after the first packets; a very slow server does the same.',
    fix: 'Check for MTU problems on the path (large packets dropped) and for traffic shaping on the data ports.',
  },
  LIST_NO_COMPLETION: {
    severity: 'error',
    title: 'The {modeName} listing arrived, but the server never confirmed it',
    explanation:
      'The data came ({bytes} bytes) and the data connection closed, but no "226" came on the control connection within {timeout}. Clients wait here until they time out, even though the data is complete. A firewall that drops an idle control connection during the transfer causes this, as does a server that loses track of its session.',
    fix: 'Check idle timeouts of firewalls and load balancers on the control connection (port 21).',
  },
  TRANSFER_ABORTED: {
    severity: 'error',
    title: 'The {modeName} transfer was aborted: {reply}',
    explanation:
      'The data connection broke during the transfer and the server reported it. Resets on the path, a proxy cutting the connection or a server-side error cause this.',
    fix: "Check the server's log for the transfer and any device on the path that resets connections.",
  },
  MULTILINE_REPLY_ODD_END: {
    severity: 'warning',
    title: 'A multi-line reply ended with a different code',
    explanation:
      'The server started a reply with "{first}" but ended it with "{last}". RFC 959 requires the same code on the last line; some clients wait for it forever.',
    fix: 'Update or reconfigure the server software.',
  },
  DUAL_STACK_IPV6_CONTROL_FAILS: {
    severity: 'error',
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
  AUDIT_CONTROL_PORT_BLOCKED: {
    severity: 'error',
    title: 'The host firewall {verdictWords} new connections to the control port {port} (IPv{family})',
    explanation:
      "A client's connection to port {port} over IPv{family} meets this rule first: {rule}. No client can reach the FTP server this way, whatever its configuration says.",
    fix: 'Allow new inbound TCP {port} before that rule, for example `{allowCommand}`, and make it persistent with the firewall front end in use (ufw allow {port}/tcp; firewall-cmd --add-service=ftp --permanent).',
    fixFor: {
      iis: 'Allow new inbound TCP {port} in Windows Firewall: `{allowCommand}` (or enable the "FTP Server (FTP Traffic-In)" rule IIS installs), and remove any block rule for it: a block rule wins over every allow rule.',
      'filezilla-server':
        'Allow new inbound TCP {port} in Windows Firewall: `{allowCommand}`, and remove any block rule for it: a block rule wins over every allow rule.',
    },
  },
  AUDIT_NO_PASSIVE_RANGE: {
    severity: 'error',
    title: 'No passive port range is configured',
    explanation:
      'Without a range, {software} picks any free port for each passive data connection ({where}). No firewall rule or NAT port forward can cover "any port", so passive listings hang through a firewall or NAT unless a connection-tracking helper opens the port, which TLS blinds.',
    fix: 'Set a passive range (for example {low}-{high}, outside the ports this host uses for its own outgoing connections), restart the server, and allow that range inbound.',
    fixFor: {
      vsftpd:
        'Add `pasv_min_port={low}` and `pasv_max_port={high}` to {file}, restart vsftpd, and allow TCP {low}:{high} inbound.',
      proftpd: 'Add `PassivePorts {low} {high}` to {file}, restart ProFTPD, and allow TCP {low}:{high} inbound.',
      'pure-ftpd':
        'Start pure-ftpd with `-p {low}:{high}` (Debian: `echo "{low} {high}" > /etc/pure-ftpd/conf/PassivePortRange`), restart it, and allow TCP {low}:{high} inbound.',
      iis: 'Set a data channel port range in IIS Manager (server node › FTP Firewall Support), or in PowerShell `& "$env:windir\\system32\\inetsrv\\appcmd.exe" set config -section:system.ftpServer/firewallSupport /lowDataChannelPort:{low} /highDataChannelPort:{high} /commit:apphost` ({file}); then `Restart-Service ftpsvc`, and allow TCP {low}-{high} inbound.',
      'filezilla-server':
        'In Settings › Passive mode settings, tick "Use custom port range" with {low}-{high} ({file}), and allow TCP {low}-{high} inbound in Windows Firewall.',
    },
  },
  AUDIT_PASSIVE_RANGE_BLOCKED: {
    severity: 'error',
    title: 'The host firewall blocks {blockedPorts} of the passive range {passiveRange} (IPv{family})',
    explanation:
      'The server hands out passive ports from {passiveRange} ({where}), but new connections to {blockedPorts} meet this rule: {rule}. Listings on those ports hang (dropped) or fail (rejected); the server picks a port at random, so clients fail now and then.',
    fix: 'Allow new inbound TCP {passiveRange} in the host firewall, for example `{allowCommand}`, before that rule (ufw allow {rangeColon}/tcp).',
    fixFor: {
      iis: 'First check the rule that installing the FTP service adds, "FTP Server Passive (FTP Passive Traffic-In)": in PowerShell `Get-NetFirewallRule -DisplayName "FTP Server Passive (FTP Passive Traffic-In)"` shows whether it exists, and `Enable-NetFirewallRule -DisplayName "FTP Server Passive (FTP Passive Traffic-In)"` turns it on. Otherwise allow new inbound TCP {passiveRange}: `{allowCommand}`. Remove any block rule for those ports (a block rule wins).',
      'filezilla-server':
        'Allow new inbound TCP {passiveRange} in Windows Firewall: `{allowCommand}`, and remove any block rule for those ports (a block rule wins).',
    },
  },
  AUDIT_PASSIVE_RANGE_HELPER_ONLY: {
    severity: 'warning',
    title: "The passive range is allowed only through the firewall's FTP helper (IPv{family})",
    explanation:
      "New connections to the passive ports are not allowed; only those the FTP helper expects are ({rule}): the helper (Linux's conntrack FTP helper, Windows Firewall's stateful FTP filter) reads each 227 reply on the control connection and opens that one port. That works for plain FTP and breaks under TLS, where the helper cannot read the replies.{tlsHint}",
    fix: 'Allow the passive range itself for new connections (`{allowCommand}`), so that FTPS works too.',
    fixFor: {
      iis: 'For FTPS, Microsoft\'s sequence, in PowerShell as administrator: allow the FTP service itself, `New-NetFirewallRule -DisplayName "FTP Service (ftpsvc)" -Direction Inbound -Action Allow -Protocol TCP -Program "%windir%\\system32\\svchost.exe" -Service ftpsvc`; then `netsh advfirewall set global StatefulFTP disable`; then `Restart-Service ftpsvc`. Or allow the range itself for new connections: `{allowCommand}`. For plain FTP only, the stateful filter is enough.',
    },
  },
  AUDIT_NO_EXTERNAL_ADDRESS: {
    severity: 'error',
    title: 'The host has only private addresses, and no external address is configured',
    explanation:
      "This host's addresses are {addresses}: it sits behind NAT (or in a container), and {software} announces the address a client's connection arrived at, a private one, in every 227 reply. Clients that trust the reply hang.",
    fix: "Configure the public address clients reach the server at ({publicAddress}) as the server's external address.",
    fixFor: {
      vsftpd: 'Add `pasv_address={publicAddress}` (no quotes) to {file} and restart vsftpd.',
      proftpd: 'Add `MasqueradeAddress {publicAddress}` to {file} and restart ProFTPD.',
      'pure-ftpd': 'Start pure-ftpd with `-P {publicAddress}` (Debian: /etc/pure-ftpd/conf/ForcePassiveIP).',
      iis: 'In IIS Manager, the FTP site\'s FTP Firewall Support: set "External IP Address of Firewall" to {publicAddress} ({file}, the site\'s `<firewallSupport externalIp4Address>`), and restart the FTP service.',
      'filezilla-server':
        'In Settings › Passive mode settings, choose "Use the following IP" with {publicAddress} ({file}).',
    },
  },
  AUDIT_EXTERNAL_ADDRESS_PRIVATE: {
    severity: 'error',
    title: 'The configured external address {external} is a {scope} address',
    explanation:
      'The server announces {external} in its 227 replies ({where}), an address clients outside its network cannot reach.',
    fix: 'Set the external address to the public one clients connect to ({publicAddress}).',
    fixFor: {
      vsftpd: 'Set `pasv_address={publicAddress}` in vsftpd.conf ({where}) and restart vsftpd.',
      proftpd: 'Set `MasqueradeAddress {publicAddress}` in proftpd.conf ({where}) and restart ProFTPD.',
      'pure-ftpd':
        'Start pure-ftpd with `-P {publicAddress}` (Debian: `echo {publicAddress} > /etc/pure-ftpd/conf/ForcePassiveIP`) and restart it.',
      iis: 'Set `externalIp4Address` to {publicAddress}: IIS Manager › FTP Firewall Support › "External IP Address of Firewall" ({where}); then `Restart-Service ftpsvc`.',
      'filezilla-server':
        'In Settings › Passive mode settings, set "Use the following IP" to {publicAddress} ({where}).',
    },
  },
  AUDIT_EXTERNAL_ADDRESS_MISMATCH: {
    severity: 'error',
    title: 'The configured external address {external} is not the public address {publicAddress}',
    explanation:
      'The server announces {external} in its 227 replies ({where}), but clients reach it at {publicAddress} (--public-address): clients that trust the reply connect elsewhere and hang. A stale address, set before the public one changed, looks like this.',
    fix: 'Set the external address to {publicAddress} and restart the server.',
  },
  AUDIT_EXTERNAL_ADDRESS_IS_NAME: {
    severity: 'warning',
    title: 'The external address is a name, resolved when the server starts',
    explanation:
      'The external address {external} is a name ({where}); vsftpd resolves it once, at start-up, and announces that address until it restarts. After the public address changes (a dynamic address), every 227 reply names the old one.',
    fix: 'Restart the server when the public address changes, or set the address itself.',
  },
  AUDIT_NO_IPV6_LISTENER: {
    severity: 'warning',
    title: 'The host has a global IPv6 address, but {software} does not listen on IPv6',
    explanation:
      "This host has {addresses6} ({where}). If the server's name has an AAAA record, clients that prefer IPv6 are refused and must fall back to IPv4, or fail.",
    fix: "Listen on IPv6 too, or publish no AAAA record for the server's name.",
    fixFor: {
      vsftpd: 'Set `listen_ipv6=YES` and `listen=NO` in {file} (one socket serves both families) and restart vsftpd.',
      proftpd: 'Set `UseIPv6 on` in {file} and restart ProFTPD.',
      'pure-ftpd': 'Start pure-ftpd without -4.',
    },
  },
  AUDIT_IPV6_FIREWALL_MISSES: {
    severity: 'error',
    title: 'The IPv6 firewall blocks {what}, which the IPv4 firewall allows',
    explanation:
      'For IPv4, {what} is allowed; for IPv6, new connections meet this rule: {rule}. Clients that prefer IPv6 (most current systems) log in and then hang, or cannot connect at all. IPv4 and IPv6 rules are separate (iptables and ip6tables), and an IPv4 port forward has no IPv6 counterpart.',
    fix: 'Allow {what} for IPv6 as for IPv4 (ip6tables, or one nftables inet table for both families).',
  },
  AUDIT_PORT_PROMISCUOUS: {
    severity: 'warning',
    title: 'The server connects back to any address a PORT command names',
    explanation:
      "With {setting} ({where}), the server opens active-mode data connections to whatever address a client names, not only the client's own: the FTP bounce attack lets anyone use it to scan or reach hosts on its network.",
    fix: 'Turn it off; clients behind NAT should use passive mode instead.',
  },
  AUDIT_PASV_PROMISCUOUS: {
    severity: 'warning',
    title: 'The server accepts passive data connections from any address',
    explanation:
      "With {setting} ({where}), a passive data connection is accepted from another address than the control connection's: anyone who guesses the port can take the data (a protection against data-connection theft is off). It is sometimes set for load balancers that change the source address.",
    fix: "Turn it off, and keep the client's source address at the load balancer or proxy instead.",
  },
  AUDIT_CLIENTS_RESTRICTED: {
    severity: 'warning',
    title: 'Only listed client addresses may connect: {allowed}',
    explanation:
      'The FTP site refuses every client address not listed ({where}). Clients from anywhere else are turned away at connect or login; if that is meant, nothing hangs, but a partner behind a NAT whose address changed, or a new office, is refused without a word in the network.',
    fix: 'Check that every address your clients connect from is listed; a client behind NAT connects from its public address.',
    fixFor: {
      iis: 'IIS Manager › the FTP site › FTP IP Address and Domain Restrictions: add the clients\' public addresses, or set "Access for unspecified clients" to Allow (`allowUnlisted`).',
    },
  },
  AUDIT_RANGE_OVERLAPS_EPHEMERAL: {
    severity: 'info',
    title: "The passive range {passiveRange} overlaps the kernel's ephemeral ports {ephemeral}",
    explanation:
      'Outgoing connections of this host take local ports from {ephemeral} (net.ipv4.ip_local_port_range on Linux, the dynamic port range on Windows); a port in the passive range can be taken by one while it lasts. The server then cannot listen on that port and takes another from the range, so clients notice nothing unless most of the range is taken at once: worth knowing on a busy host, not a cause of hangs.',
    fix: 'Move the passive range outside {ephemeral}, or reserve it (`sysctl -w net.ipv4.ip_local_reserved_ports={rangeDash}`).',
    fixFor: {
      iis: "Move the data channel range outside Windows' dynamic port range {ephemeral} (`netsh int ipv4 show dynamicport tcp`), or move that range (`netsh int ipv4 set dynamicport tcp start=... num=...`); then `Restart-Service ftpsvc`.",
      'filezilla-server':
        "Move the passive range outside Windows' dynamic port range {ephemeral} (`netsh int ipv4 show dynamicport tcp`), or move that range (`netsh int ipv4 set dynamicport tcp start=... num=...`).",
    },
  },
  AUDIT_PASSIVE_RANGE_EXCLUDED: {
    severity: 'error',
    title: "The whole passive range {passiveRange} lies in Windows' excluded port ranges",
    explanation:
      'Windows reserves {excluded} (`netsh int ipv4 show excludedportrange protocol=tcp`; Hyper-V, WSL, Docker Desktop and WinNAT take such ranges, often at boot), and no program may listen on a reserved port. {software} cannot open any port of its passive range, so every passive listing fails.',
    fix: 'Move the passive range outside the excluded ranges, or reserve it for the FTP server first: `netsh int ipv4 add excludedportrange protocol=tcp startport={low} numberofports={size}` as administrator (only while no other program has reserved it; stop the Windows NAT driver with `net stop winnat` first if it has), then restart the server.',
  },
  AUDIT_PASSIVE_RANGE_PARTLY_EXCLUDED: {
    severity: 'warning',
    title: "{excludedCount} ports of the passive range {passiveRange} lie in Windows' excluded port ranges",
    explanation:
      'Windows reserves {excluded} (`netsh int ipv4 show excludedportrange protocol=tcp`; Hyper-V, WSL, Docker Desktop and WinNAT take such ranges, often at boot), and no program may listen on a reserved port. {software} cannot use those ports of its passive range: it has {usable} ports left, and passive commands fail once they are in use.',
    fix: 'Move the passive range outside the excluded ranges, or reserve it for the FTP server first: `netsh int ipv4 add excludedportrange protocol=tcp startport={low} numberofports={size}` as administrator (only while no other program has reserved it), then restart the server.',
  },
  AUDIT_RANGE_SMALL: {
    severity: 'info',
    title: 'The passive range has {size} ports for up to {clients} sessions',
    explanation:
      'Each listing or transfer in passive mode takes one port of the range ({passiveRange}) while it lasts; the server allows {clients} sessions ({where}). When the ports run out, passive commands fail.',
    fix: 'Make the range at least as large as the transfers that run at once.',
  },
  AUDIT_CONFIG_NOT_RUNNING: {
    severity: 'warning',
    title: '{file} is probably not the configuration the running {software} read',
    explanation:
      "The running server does not show which file it was started with (its process title is overwritten, or its command line names none), so the package's default {file} was read; but the server's own answers disagree with it: {contradiction}. The server's answers are used instead, and nothing is concluded from that file. A package's default file beside a server started with another one (`-c`, a container's mounted file, a control panel's own path) looks exactly like this.",
    fix: 'Find the file the server really reads: `systemctl cat` its unit and look at `ExecStart` (and a `-c` option there); for a container, `docker inspect` its mounts; then run `ftp-doctor audit --config THAT_FILE`.',
  },
  AUDIT_ALL_CHECKS_OK: {
    severity: 'info',
    title: 'Nothing in the configuration or the firewall will make clients hang',
    explanation: 'Checked: {checked}.',
    fix: 'Nothing to do.',
  },
  NETWORK_IDLE_226_LOST: {
    severity: 'error',
    title: 'After a {seconds} s transfer the 226 never arrived: the idle control connection was forgotten on the way',
    explanation:
      'The reflector kept a data connection busy for {seconds} s ({bytes} bytes arrived) while the control connection carried nothing, then sent 226; this machine got {how}. Something on the path (a NAT router, a firewall, a load balancer) dropped the idle control connection\'s state during the transfer: this is how a long transfer "completes" and the client then hangs.',
    fix: 'Have clients keep the control connection alive during transfers (TCP keepalive or NOOP: docs/clients.md), or raise the idle timeout of the NAT or firewall on this side; `ftp-doctor probe HOST --idle SECONDS` against a server shows how long the path keeps an idle connection.',
  },
  NETWORK_IDLE_226_ARRIVED: {
    severity: 'info',
    title: 'A {seconds} s transfer got its 226 over an idle control connection',
    explanation:
      'The reflector kept a data connection busy for {seconds} s while the control connection carried nothing, and its 226 arrived: nothing on this path forgot the idle control connection in that time.',
    fix: 'Nothing to do for transfers up to {seconds} s.',
  },
  NETWORK_IDLE_NOT_TESTED: {
    severity: 'info',
    title: 'The slow transfer of {seconds} s could not be made',
    explanation: 'The idle test needs a passive data connection to the reflector: {why}.',
    fix: 'Make the passive test work first (see the other findings), then run --idle again.',
  },
  NETWORK_REFLECTOR_UNREACHABLE: {
    severity: 'error',
    title: 'The reflector at {address} port {port} could not be reached: the connection {how}',
    explanation:
      "The control connection to the reflector {how}. Either this network blocks outbound connections to port {port}, or the reflector is not running there, or its own host's firewall does not let port {port} in. Nothing else could be tested.",
    fix: 'Check the reflector first: it prints "listening on" when it starts, and `ftp-doctor network --via` run on its own host reaches it. If it answers there, ask for outbound TCP {port} to be allowed from this network.',
  },
  NETWORK_NOT_A_REFLECTOR: {
    severity: 'info',
    title: 'The server at {address} port {port} is not an ftp-doctor reflector',
    explanation:
      'It answered {greeting}, without the reflector\'s "fdr/1 hello" line, so nothing it says can be read as what arrived. Nothing was tested.',
    fix: 'Point --via at a host running `ftp-doctor reflector`. To test an FTP server itself, use `ftp-doctor probe`.',
  },
  NETWORK_NAT_DETECTED: {
    severity: 'info',
    title: 'This machine is behind NAT: {localAddress} here, {seenAs} to the world',
    explanation:
      "The reflector saw the control connection come from {seenAs}, while this machine's own address on it is {localAddress} ({localScope}). Servers see {seenAs}. Passive mode needs nothing more; active mode needs this network to let the server's connection back in to this machine.",
    fix: 'Nothing to change for passive mode. For active mode, see the other findings.',
  },
  NETWORK_NO_NAT: {
    severity: 'info',
    title: 'No NAT between this machine and the reflector: both see {seenAs}',
    explanation:
      "The reflector saw the control connection come from {seenAs}, this machine's own ({localScope}) address: the addresses in PORT and EPRT are right as they leave.",
    fix: 'Nothing to do.',
  },
  NETWORK_HELPER_REWROTE: {
    severity: 'info',
    title: "A router's FTP helper rewrote {command} from {sent} to {arrived}",
    explanation:
      "This machine sent {command} with {sent}; the reflector received {arrived}, this network's public address. An FTP helper (ALG, such as Linux's nf_nat_ftp) on the way rewrote it, and lets the server's connection back in. It can do so in plain FTP only: under TLS it cannot read the command.",
    fix: 'Nothing to change for plain FTP. For FTPS, see the TLS findings.',
  },
  NETWORK_HELPER_WRONG_ADDRESS: {
    severity: 'error',
    title: "An FTP helper rewrote {command} to {arrived}, which is not this network's public address {seenAs}",
    explanation:
      'This machine sent {sent}; the reflector received {arrived}, but the control connection came from {seenAs}. A server connects to {arrived}, or refuses the command (vsftpd: "500 Illegal PORT command"), and active listings fail. A helper set up with a stale or internal address does this.',
    fix: 'Fix or turn off the FTP helper on the router (on Linux: the `CT --helper ftp` rule and nf_nat_ftp); use passive mode meanwhile.',
  },
  NETWORK_PORT_NOT_REWRITTEN: {
    severity: 'warning',
    title: '{command} leaves this network with the private address {sent}',
    explanation:
      'This machine is behind NAT ({seenAs} to the world), and nothing on the way rewrote {command}{where}: the reflector received {arrived}. Servers that check the address refuse it ("500 Illegal PORT command", vsftpd\'s default); others connect to {sent}, which cannot be reached from outside, and the listing hangs until it times out.',
    fix: 'Use passive mode. For active mode, forward a port range to this machine and make the client announce {seenAs} (FileZilla: "Use the following IP address"; curl: `--ftp-port {seenAs}`; ftp-doctor: `--external-ip`), or enable the router\'s FTP helper, which works for plain FTP only.',
  },
  NETWORK_ACTIVE_INBOUND_BLOCKED: {
    severity: 'warning',
    title: "Connections from outside for active mode do not reach this machine: the reflector's connection back {how}",
    explanation:
      'After {commands}{where}, the reflector connected to {seenAs} at the port that arrived, as an FTP server does in active mode, and the connection {how}. {cause}',
    fix: 'Use passive mode. Active mode needs inbound TCP to this machine: a port range forwarded on the router and allowed by its firewall, with the client held to that range and announcing {seenAs}.',
  },
  NETWORK_TLS_BLINDS_HELPER: {
    severity: 'warning',
    title: 'Under TLS the FTP helper cannot rewrite {commands}, and active mode fails',
    explanation:
      "In plain FTP the router's helper rewrote {commands} to {seenAs} and the reflector's connection back came in. Under TLS the reflector received {arrived} unchanged, and its connection back {how}: the helper cannot read encrypted commands. FTPS clients on this network fail or hang in active mode.",
    fix: 'Use passive mode for FTPS. For active FTPS, forward a port range to this machine and make the client announce {seenAs}.',
  },
  NETWORK_PASSIVE_OUTBOUND_BLOCKED: {
    severity: 'warning',
    title: "Data connections from this machine to the reflector's passive ports ({ports}): each {how}",
    explanation:
      "After {commands}{where}, this machine connected to {address} at the port the reflector handed out, and the connection {how}, while the control connection to port {controlPort} works. Either this network blocks outbound connections to high ports (an egress filter), or the reflector's own firewall does not let its passive range ({pasvRange}) in: check the reflector's side first, it is one rule there.",
    fix: "Allow outbound TCP from this network to FTP servers' passive ranges (or to ports 1024-65535 of FTP servers). A firewall that opens them only through its FTP helper stops working under TLS.",
  },
  NETWORK_DATA_SOURCE_DIFFERS: {
    severity: 'warning',
    title: "Data connections leave from {dataAddresses}, not from the control connection's {seenAs}",
    explanation:
      'The reflector saw the control connection come from {seenAs} and {count} data connection(s) from {dataAddresses}: the NAT on the way picks a public address per connection from a pool. Servers that check that data comes from the client\'s address refuse such connections (vsftpd: "425 Security: Bad IP connecting"), and the listing fails.',
    fix: 'Make the NAT keep one public address per inside host: iptables `-j SNAT --to-source A-B --persistent`, nftables `snat to A-B persistent`, or one address (or address affinity) on a cloud NAT gateway.',
  },
  NETWORK_TLS_NOT_TESTED: {
    severity: 'info',
    title: 'The tests under TLS did not run: {why}',
    explanation:
      "Under TLS a router's FTP helper cannot read PORT, EPRT or the replies, so the same tests can come out differently. They did not run ({why}), so this report says nothing about FTPS from this network.",
    fix: '{hint}',
  },
  NETWORK_TLS_FINGERPRINT_MISMATCH: {
    severity: 'error',
    title: "The reflector's certificate is not the one pinned with --via-fingerprint",
    explanation:
      "The certificate presented has the fingerprint {seen}; --via-fingerprint pinned {pinned}. Either something on the way intercepts TLS (a TLS-inspecting proxy presents its own certificate, which breaks FTPS too), or the pinned fingerprint is not this reflector's (it makes a new certificate at each start unless given --cert). The tests under TLS did not run.",
    fix: 'Compare with the fingerprint the reflector printed when it started. If it is the same there and different here, ask the network team about TLS inspection.',
  },
  NETWORK_ALL_OK: {
    severity: 'info',
    title: 'Every data connection got through: {tests}',
    explanation: 'Active and passive mode both work from this network{tlsPart}, as seen by the reflector at {address}.',
    fix: 'Nothing to do.',
  },
  SERVER_REPLY_FLOOD: {
    severity: 'error',
    title: 'The server sent {replies} replies nobody asked for',
    explanation:
      'On {channel} the server sent {replies} replies ({bytes} bytes) faster than commands asked for them, starting with "{sample}". FTP answers each command with one reply; the probe closed that connection rather than keep reading, so what it was doing there is not tested. A server that does this is misbehaving or is not an FTP server; a client would misread every later reply.',
    fix: 'Look at the server (or whatever answers on this port) for a loop or a misconfigured proxy; probe it again with `--transcript` to see the first lines it sent.',
  },
  SERVER_SURPLUS_REPLIES: {
    severity: 'error',
    title: 'The server sent {count} more {replyWord} than asked for, after {after}',
    explanation:
      'FTP answers each command with one reply (a "1yz" preliminary one may come first). After {after} the server sent {count} more, starting with "{first}", before {before} was sent. Clients read replies in order, so curl, lftp, FileZilla and the libraries take the extra one as the answer to {before} and every later answer is one step behind: a login that seems refused, a data mode that seems broken. The probe set these replies aside and matched each later command to its own reply.',
    fix: 'The server (or a proxy or router FTP helper in front of it that answers for it) sends replies nobody asked for: update or reconfigure it, and look at `--transcript` for the lines it sends after {after}.',
  },
  REPLY_UNEXPECTED_CLASS: {
    severity: 'error',
    title: 'The server answered {command} with "{replyCode}", a reply that fits no outcome of {command}',
    explanation:
      'RFC 959 groups replies by their first digit: 1yz preliminary, 2yz done, 3yz more information needed, 4yz and 5yz refused. {command} is either done (2yz) or refused (4yz, 5yz); this server answered "{reply}", a {replyClass} reply, so no client can go on: curl stops with "Bad PASV/EPSV response" or "Failed to do PORT", other clients wait or give up. The {modeName} mode cannot work with this server.',
    fix: 'Update or reconfigure the server software; if a proxy or router FTP helper sits in front of it, try without it. Clients may still work in another data mode (see the table).',
  },
  SERVER_REPLY_MALFORMED: {
    severity: 'error',
    title: 'The reply to {command} is malformed: {problem}',
    explanation:
      'The server answered {command} with "{reply}", which {problem}. Current curl releases refuse such a reply ("weird server reply", exit 8) and stop on every URL, since a byte like that could smuggle a command into what the client sends next; older ones (curl 7.88, say) and other clients may go on. The probe could list anyway, but the reply is not one that RFC 959 allows.',
    fix: 'Update or reconfigure the server software so that its replies hold no control characters and PWD names the directory in double quotes (`257 "/path"`, a quote inside doubled).',
  },
  PROBE_DEADLINE_REACHED: {
    severity: 'info',
    title: 'The probe stopped at its deadline of {deadlineS} s',
    explanation:
      'Not every step finished before the overall deadline (--deadline), so some results are incomplete. Steps cut short are reported as not tested: the probe ran out of time, which says nothing about the server.',
    fix: 'Probe again with a longer `--deadline`.',
  },
  ALL_MODES_OK: {
    severity: 'info',
    title: 'Every tested data mode works',
    explanation: 'Each tested mode produced a complete listing from this vantage point: {modes}.',
    fix: 'Nothing to do.',
  },
  EXPECTED_OK: {
    severity: 'error',
    title: '{modeName} was expected to work and ended {status}',
    explanation:
      'The targets file says {modeName} must work for this target ({modeKey}: ok), and it did not: {detail}.',
    fix: 'See the other findings about {modeName} for the cause; if this mode may fail from here, write {modeKey}: fail (or any) under expect.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** A finding's stable code: a key of the catalogue, so a code without its wording cannot exist. */
export type FindingCode = keyof typeof CATALOGUE;

type Placeholders<Text> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type EntryTexts<Entry> = Entry extends { title: infer T; explanation: infer E; fix: infer F }
  ? | T
    | E
    | F
    | (Entry extends { fixFor: infer Fixes } ? Fixes[keyof Fixes] : never)
    | (Entry extends { inAnalysis: infer Words } ? Words[keyof Words] : never)
  : never;

/** The parameters a code's wording needs, read from its catalogue text. */
export type ParamsOf<Code extends FindingCode> = Placeholders<EntryTexts<(typeof CATALOGUE)[Code]>>;
/** Every parameter name any finding uses. */
export type ParamName = ParamsOf<FindingCode>;

/**
 * What each parameter stands for, in words: `explain` and docs/findings.md show
 * these where a live report shows the value. Typed so that a new parameter needs its words.
 */
export const PARAM_WORDS: Record<ParamName, string> = {
  replyWord: '"reply" or "replies", by the count',
  after: 'the command the surplus replies followed, or the greeting',
  before: 'the command sent next, which they would have been read as answering',
  replyCode: 'the reply code the server sent',
  replyClass: "the reply's class by its first digit (RFC 959)",
  problem: 'what is wrong with the reply',
  host: 'the host name or address probed',
  error: 'the error the system reported',
  address: 'the address the control connection went to',
  port: 'the control port',
  timeout: 'the wait allowed',
  step: 'the step that was under way',
  how: 'how the connection ended',
  command: 'the command sent',
  ms: 'the delay',
  reply: "the server's reply",
  protocolName: 'the protocol found',
  firstLine: 'the first line received',
  replies: 'how many replies arrived unasked',
  contradiction: "how the server's answers differ from the file",
  channel: 'which control connection',
  sample: 'the first of those replies',
  protocolHint: 'what that protocol means here',
  protocolFix: 'what to do instead',
  user: 'the user name',
  anonymousHint: 'a hint about anonymous logins, where one applies',
  explicitHint: 'what --tls explicit means for the rest of the probe, where it applies',
  reason: 'why it does not verify',
  subject: "the certificate's subject",
  issuer: "the certificate's issuer",
  validTo: 'the end of its validity',
  name: 'the name checked against the certificate',
  stopHint: 'whether the probe went on past the certificate',
  modeName: 'the data mode',
  finalReply: "the server's final reply, where it sent one",
  reuseHint: 'a note on TLS session reuse, where the server asked for it',
  plainAddress: 'the address in the plain-FTP passive reply',
  tlsAddress: 'the address in the FTPS passive reply',
  advertised: "the address in the server's passive reply",
  advertisedScope: 'the kind of that address (private, loopback, ...)',
  peerScope: 'the kind of the address the server was reached at',
  peer: 'the address you reached the server at',
  notConnected: 'whether the probe connected to the advertised address',
  dataPort: 'the data port',
  expectedRange: 'the passive range you expect',
  outside: 'the ports handed out outside that range',
  low: 'the low end of the range',
  high: 'the high end of the range',
  seen: 'the addresses the server announced',
  expected: 'the address you expect',
  open: 'the ports that could be connected to',
  blocked: 'the ports that could not',
  addresses: 'the addresses named',
  outcome: 'how the attempt ended',
  local: "this machine's address",
  localScope: 'the kind of that address',
  announced: 'the address announced in PORT/EPRT',
  rejectHint: 'what the refusal tells about the path',
  listenPort: 'the port this machine listened on',
  remote: 'the address the data connection came from',
  dataState: 'how far the data connection got',
  bytes: 'the bytes received',
  first: 'the first line of the reply',
  last: 'its last line',
  deadlineS: 'the deadline in seconds',
  modes: 'the modes tested',
  status: 'how the mode ended',
  modeKey: "the mode's key in the targets file",
  detail: 'how far it got',
  endpoint: 'the address and port connected to',
  v4Address: "the server's IPv4 address",
  v6Address: "the server's IPv6 address",
  v4Working: 'the modes that listed over IPv4',
  v6Failing: 'the modes that failed over IPv6',
  verdictWords: 'drops or rejects',
  family: 'the address family',
  rule: 'the firewall rule that decides',
  allowCommand: 'the command that allows it',
  software: 'the server software',
  where: 'the file and line, or the default, the setting comes from',
  file: 'the configuration file',
  blockedPorts: 'the ports blocked',
  passiveRange: 'the passive range',
  rangeColon: 'the passive range as low:high',
  rangeDash: 'the passive range as low-high',
  tlsHint: 'whether TLS is on in the server',
  external: 'the configured external address',
  scope: 'the kind of address',
  addresses6: "this host's global IPv6 addresses",
  what: 'the ports concerned',
  tlsReuse: 'what TLS session reuse adds, where the server requires it',
  annotation: 'the annotation',
  path: 'the path inside the container',
  setting: 'the setting',
  ephemeral: "the kernel's ephemeral port range",
  excluded: "Windows' excluded port ranges that overlap the passive range",
  excludedCount: 'how many ports of the passive range Windows reserves',
  usable: 'how many ports of the passive range are left',
  line: 'the command or reply a middlebox changed (PORT, EPRT, 227, 229)',
  service: 'the compose service, Kubernetes workload or Service concerned',
  rangeSetting: "the image's setting for its passive range",
  container: 'the passive port inside the container',
  configured: 'the external address the file sets',
  outsidePort: 'the port it is reached at from outside',
  announcedInstead: 'what the server announces instead',
  nodePortRange: 'a note on the NodePort range, where it matters',
  workload: 'the Kubernetes workload',
  replicas: 'how many pods run the server',
  cloud: "the load balancer's cloud",
  servers: 'the servers checked',
  seconds: "the seconds the finding is about (a load balancer's idle timeout, a slow transfer's length)",
  received: 'the line as the other side received it',
  clientSide: "the control connection's addresses in the client's capture",
  serverSide: "the control connection's addresses in the server's capture",
  translated: 'which addresses were translated, and where',
  syns: 'how many SYN packets the client sent',
  connections: 'the data connections under TLS, each with how it fared',
  survived: 'the longest idle wait a control connection survived',
  dropped: 'the shortest idle wait after which it was gone',
  half: 'half of that: how often a keepalive must be sent',
  every: 'how often the keepalive connection sent a TCP keepalive',
  max: 'the longest idle wait tried (--idle)',
  partly: 'which waits could not be made, if any',
  allowed: 'the client addresses allowed to connect',
  data: "the data connection's source address",
  control: "the control connection's source address",
  size: 'the number of ports',
  clients: 'the sessions allowed',
  checked: 'what was checked',
  publicAddress: "the server's public address (the one clients reach it at)",
  arrived: 'what reached the reflector, after any rewriting on the way',
  cause: 'what that outcome means',
  commands: 'the commands concerned',
  controlPort: "the reflector's control port",
  count: 'how many',
  dataAddresses: 'where the data connections came from',
  greeting: 'what the server answered instead',
  hint: 'what to do about it',
  localAddress: "this machine's own address on the control connection",
  pasvRange: "the reflector's passive range",
  pinned: 'the fingerprint pinned with --via-fingerprint',
  ports: 'the ports concerned',
  seenAs: "this machine's address as the reflector saw it (its public address)",
  sent: 'what this machine sent in PORT or EPRT (address:port)',
  tests: 'the tests that got through',
  why: 'why not',
  tlsPart: 'whether TLS was tested too',
};

/** Each audited server kind as a report names it. */
export const SOFTWARE_LABELS: Record<AuditSoftware, string> = {
  vsftpd: 'vsftpd',
  proftpd: 'ProFTPD',
  'pure-ftpd': 'Pure-FTPd',
  iis: 'IIS FTP',
  'filezilla-server': 'FileZilla Server',
};

/** Sentences that fill a finding's {placeholders} where the wording depends on what was seen. */
export const PHRASES = {
  /** What a wait cut short by the deadline or Ctrl-C had seen, beside its not-tested reason. */
  waitedFor: '{reason}, after waiting {seconds} s for {what}',
  waitedWhat: {
    command: 'the reply to {command}',
    dataConnect: 'the data connection',
    list: 'the reply to LIST',
    accept: "the server's connection back",
    transfer: 'the listing data ({bytes} bytes had arrived)',
    completion: 'the final reply after the listing',
  },
  /** Where a fix points when the server's configuration file could not be read. */
  auditConfigUnread: 'its configuration file (which could not be read here)',
  auditServerUnknown: 'the server',
  protocol: {
    ssh: {
      name: 'SSH',
      hint: 'This is an SSH server, which offers SFTP: a different protocol from FTP, despite the name.',
      fix: 'Use an SFTP client (`sftp`, or FileZilla with an sftp:// URL) for this port, or find the port where the FTP server listens (21 by default).',
    },
    http: {
      name: 'HTTP',
      hint: 'A web server answers on this port.',
      fix: 'Find the port where the FTP server listens (21 by default) and probe that.',
    },
    tls: {
      name: 'TLS',
      hint: 'The server expects a TLS handshake before anything else: this is implicit FTPS.',
      fix: 'Probe with `--tls implicit` (or an `ftps://` URL).',
    },
    'smtp-like': {
      name: 'an unknown protocol',
      hint: 'Whatever answers here does not greet like an FTP server.',
      fix: 'Check which service listens on this port.',
    },
    unknown: {
      name: 'an unknown protocol',
      hint: 'Whatever answers here does not greet like an FTP server.',
      fix: 'Check which service listens on this port.',
    },
    ftp: { name: 'FTP', hint: '', fix: '' },
  },
  anonymousLogin:
    'The probe logged in anonymously because no user was given: if this server has no anonymous access, run it with `--user`.',
  namedLogin: '',
  /** Who ran the session, in a phrase's {self}, {selfs} and {side}: the probe's machine, or a log's or capture's client. */
  voice: {
    probe: { self: 'this machine', selfs: "this machine's", side: 'this side' },
    analysis: { self: 'the client', selfs: "the client's", side: "the client's side" },
  },
  portRejectSeenAs: 'The server sees {self} as {seenAs}, so a router between them translates addresses.',
  portRejectPrivate:
    "That is a private address and the server sees {self} elsewhere: servers refuse a PORT address that differs from the client's.",
  portRejectOther: "Servers refuse PORT addresses they do not accept as the client's own.",
  portRejectOwn:
    'That is the address the server sees {self} at, so the address is not the reason: the server refuses active mode itself (turned off, or limited by its configuration).',
  activeHangPrivate:
    'the server was told to connect to {announced}, a private address it cannot reach from its side of the NAT.',
  activeHangPublic:
    "a firewall on {side} (or {selfs} own) drops inbound connections, or the server's outbound firewall blocks them.",
  dataAccepted: 'was accepted',
  dataArrived: 'from the server arrived',
  /** What is wrong with a reply that real clients refuse (SERVER_REPLY_MALFORMED). */
  replyProblems: {
    nul: 'holds a NUL byte',
    control: 'holds a control character',
    pwdUnquoted: 'does not name the directory between double quotes',
    pwdControl: 'names a directory holding a control character',
  },
  /** RFC 959's reply classes, for REPLY_UNEXPECTED_CLASS. */
  replyClasses: {
    preliminary: 'preliminary (1yz)',
    completion: 'completion (2yz)',
    intermediate: 'more-information (3yz)',
    transient: 'transient refusal (4yz)',
    permanent: 'permanent refusal (5yz)',
  },
  /** SERVER_SURPLUS_REPLIES: one reply or several, and what came before the first command. */
  replyWord: { one: 'reply', many: 'replies' },
  afterGreeting: 'the greeting',
  stepGreeting: 'the greeting',
  stepLogin: 'the login',
  howClosed: 'closed it',
  howReset: 'reset it',
  howSilent: 'stopped answering',
  howRefused: 'was refused (nothing listens there, or a firewall rejects it)',
  howDropped: 'got no answer (a firewall drops it)',
  howUnreachable: 'could not be made (no route)',
  unknownWait: "the client's timeout",
  probeDidNotConnect: ' This probe did not connect to {advertised}.',
  logClientTriedAdvertised:
    ' This client connected to {advertised} and got no data connection: the address explains it, and the passive ports at {peer} were never tried.',
  /** A log that does not show the server's address, or a port. */
  addressNotShown: "the server's address (not shown in this log)",
  clientAddressNotShown: 'the address it named (not shown in this log)',
  /** How the server's own answers contradict a configuration file that was only assumed (AUDIT_CONFIG_NOT_RUNNING's {contradiction}). */
  configContradicts: {
    portOutside: "the server handed out port {port}, outside the file's range {low}-{high}",
    narrowBand: 'the file sets no passive range, but every port the server handed out lies within {low}-{high}',
    address: 'the server announces {announced}, the file {external}',
  },
  portNotShown: 'not shown in this log',
  /** In a fix, where the probe could not see the server's public address (it probed over loopback or a private network). */
  publicAddressUnknown: '<public address>',
  /** Two captures: how the control connection's addresses changed between them. */
  natClientSide: "The client's address {from} was translated to {to} (NAT on the client's side).",
  encryptedOutcome: { ok: 'answered', refused: 'refused (reset)', timeout: 'unanswered ({syns} SYNs)' },
  idleOutcome: {
    survived: 'NOOP answered',
    'server-closed': 'the server said 421',
    closed: 'closed without a 421',
    'path-reset': 'NOOP was answered with a reset',
    'path-silent': 'NOOP got no answer at all',
    'not-opened': 'could not be opened',
    stopped: 'stopped before the end',
  },
  idleClosedWithout421: 'closed without a 421',
  deployUnresolved: '{name}: {value} is left to the environment; what it sets was not checked',
  deployUnresolvedWhy: 'some values are left to the environment (${VAR})',
  deployUnreadWhy: "some of the server's configuration was not read",
  deployUnreachable: 'no client outside can reach the control port.',
  deployRangeFixed: "the image's own configuration",
  deployAnyPort: 'a port Docker picks at start',
  deployGateway: "the container's default gateway (the Docker bridge, 172.17.0.1 by default)",
  deployContainerAddress:
    "the container's own address (172.17.x.x on Docker's default bridge, the pod's address in Kubernetes)",
  deployNodePortRange:
    ' NodePorts must lie in 30000-32767: move the passive range there, so that each NodePort can equal its port.',
  deployControl: { plain: 'the control port', implicit: 'the implicit FTPS port' },
  deployTlsReuse:
    ' With TLS it fails even when the port is right: the other pod cannot resume the control connection\'s TLS session, which the server requires unless told otherwise ({setting}): "522 SSL connection failed; session reuse required".',
  deploySetAt: {
    environment: 'in {file} under `environment:` of {service}: {lines}',
    vsftpd: 'in {file}: {lines}',
    proftpd: 'in {file}: {lines}',
    flag: 'on the command line of {service} in {file}: {lines}',
    'conf-folder': 'in the file {file}, which holds only the value: {lines}',
  },
  deploySetLine: {
    environment: '`{setting}: "{value}"`',
    vsftpd: '`{setting}={value}`',
    proftpd: '`{setting} {value}`',
    flag: '`{setting} {value}`',
    'conf-folder': '`{value}`',
  },
  deployAnd: ' and ',
  deployPublicAddress: '<public address>',
  deployLowPort: '<low port>',
  deployHighPort: '<high port>',
  deployUnread: {
    'in-image':
      "{name}: the server's configuration ({path}) is the image's own, not in these files: what it sets was not checked",
    'outside-repository':
      "{name}: {path}, mounted from {source}, leads outside the repository: it is the deploying host's file, and was not read",
    missing: '{name}: {path} is mounted from {source}, which is not there: what it sets was not checked',
    unreadable: '{name}: {path} is mounted from {source}, which cannot be read ({why}): what it sets was not checked',
    volume: '{name}: {path} comes from the volume {source}, whose content these files do not show: not checked',
    command: "{name}: its command ({path}) replaces the image's start script: how it runs the server was not checked",
  },
  deployCloud: {
    aws: 'AWS Network Load Balancer (fixed)',
    azure: 'Azure Load Balancer',
    gcp: 'GCP',
    other: 'The load balancer',
  },
  idlePartly:
    ' {count} of the connections the test holds could not be opened (a connection limit per address?): longer waits, and the one with keepalive, were not made.',
  idleNothingSurvived: 'the shortest wait',
  idleStopped: 'the probe was stopped before the waits ended',
  idleNotOpened:
    'the server would not open or log in the extra connections the test holds (a connection limit per address?)',
  natServerSide:
    'The address the client connected to, {from}, reached the server as {to} (port forwarding to the server).',
  auditAllPorts: 'every port',
  auditNoneListed: 'none',
  /** audit: TLS is on, so the helper cannot open the passive ports. */
  auditTlsOn: ' TLS is on in the server ({where}): FTPS clients hang on every passive listing.',
  /** analyze: what a log leaves out. */
  notShown: {
    'server-address': "the server's address (give --server-address)",
    'data-connection': 'any data connection (no PASV, EPSV, PORT or EPRT)',
    timings: 'timings',
    'client-data-side':
      "the client's side of the data connection (it never sent LIST after the passive reply: the connection most likely never arrived)",
    'earlier-lines':
      'what the log says before its last 200,000 lines (a log this long is read from its end; cut the part around the failure to see more)',
    'encrypted-commands':
      'the commands and replies after AUTH TLS (encrypted: the data connections are still seen as TCP, where they went and how they fared)',
    'capture-gaps':
      'some bytes of the control connection (missing from the capture: lost before it, or cut by its snap length)',
    'capture-end': 'what came after the file was cut (it ends in the middle of a packet, or is corrupt from there)',
    'capture-fragments': 'what the IP fragments in the capture carried (fragments are counted, not reassembled)',
    'capture-reorder-cap': `some bytes of the control connection that came too far out of order (a direction holds back at most ${CAPTURE_LIMITS.heldBytes / 1024 / 1024} MiB of them, a capture ${CAPTURE_LIMITS.heldTotalBytes / 1024 / 1024} MiB): given up, though the capture may hold them later`,
    'capture-session-cap': `the control connection's later lines (a capture's session is read up to ${CAPTURE_LIMITS.sessionLines.toLocaleString('en')} lines or ${CAPTURE_LIMITS.sessionBytes / 1024 / 1024} MiB, and all its sessions up to ${CAPTURE_LIMITS.totalBytes / 1024 / 1024} MiB; cut the capture around the failure to see more)`,
    'capture-sessions-cap': `the capture's FTP sessions after its first ${CAPTURE_LIMITS.sessions} (a capture is read up to ${CAPTURE_LIMITS.sessions} sessions; cut it around the failure, with editcap or tcpdump -r and a filter, to see the others)`,
    'capture-budget': `what the capture holds after the first ${CAPTURE_LIMITS.readingMs / 1000} s of reading (a capture is read for at most ${CAPTURE_LIMITS.readingMs / 1000} s; cut it around the failure to see the rest)`,
  },
  explicitOnly: ' With `--tls explicit` nothing else could be tested.',
  certStopped: 'The probe stopped before the login so as not to send a password to it; `--insecure` goes on.',
  certInsecure: 'The probe went on because of `--insecure`.',
  selfSigned: 'it is self-signed',
  /** Node's certificate verification codes, in words. */
  certificateErrors: {
    DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
    SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed certificate that is not trusted here',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      'its issuer is not a trusted authority here, or the server does not send its intermediate certificates',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      'the server does not send the intermediate certificates that lead to a trusted authority',
    CERT_HAS_EXPIRED: 'it has expired',
    CERT_NOT_YET_VALID: 'it is not valid yet',
    ERR_TLS_CERT_ALTNAME_INVALID: 'it is for another name',
  } as Record<string, string>,
  nameMismatch: 'it is not for {name}',
  reuseHint: ' The server refused a data connection that did not resume the TLS session.',
} as const;

export const VERDICTS: Record<VerdictName, { label: string; summary: string }> = {
  ok: { label: 'OK', summary: 'Listings work in every tested mode ({working}).' },
  degraded: { label: 'DEGRADED', summary: 'Listings work in {working}; {failing}.' },
  failed: { label: 'FAILED', summary: 'No listing was possible from this vantage point.' },
  inconclusive: {
    label: 'INCONCLUSIVE',
    summary: 'Not everything asked could be tested: {untested}. Listings work in {working}; nothing tested failed.',
  },
};

/** A network test's verdict, in words: the same four verdicts, about data connections through this network. */
export const NETWORK_VERDICTS: Record<VerdictName, { label: string; summary: string }> = {
  ok: { label: 'OK', summary: 'Data connections get through in every test ({working}).' },
  degraded: { label: 'DEGRADED', summary: 'Data connections get through in {working}; {failing}.' },
  failed: { label: 'FAILED', summary: 'No data connection got through from this network: see the findings.' },
  inconclusive: {
    label: 'INCONCLUSIVE',
    summary:
      'Not everything could be tested: {untested}. Data connections get through in {working}; nothing tested failed.',
  },
};

/** The network command's own phrases: where a finding held, how a connection ended, why a test did not run. */
export const NETWORK_PHRASES = {
  idleNotTested: {
    'control-failed': 'the control connection failed ({detail})',
    'no-greeting': 'the reflector did not greet',
    'no-port': '{detail} was not answered with a port',
    'data-failed': 'the data connection failed ({detail})',
    'not-started': 'RETR idle-{seconds} was not started ({detail})',
    stopped: 'stopped ({detail})',
  },
  /** network --idle: how the wait for the 226 ended, when it was not the 226. */
  idleEnds: {
    timeout: 'nothing at all until its reply timeout',
    closed: 'the control connection closed without it',
    reset: 'a reset of the control connection instead',
  },
  plainOnly: ' in plain FTP',
  tlsOnly: ' under TLS only (in plain FTP they got through)',
  both: ' in plain FTP and under TLS',
  tlsLabel: '{command} under TLS',
  /** One test's outcome in a few words, as the tests table shows it. */
  detail: {
    arrived: 'arrived as {arrived}',
    arrivedRewritten: 'arrived as {arrived} (rewritten)',
    arrivalNotReported: 'arrival not reported',
    connectBackOk: '{arrived}; connect-back got through',
    connectBackFailed: '{arrived}; the connection back {how}',
    listReply: 'LIST: {reply}',
    noListAnswer: 'no answer to LIST ({outcome})',
    noReply: 'no reply ({outcome})',
    passiveUnreadable: 'the passive reply could not be read',
    connectFailed: 'connection to port {port} {how}',
    dataFrom: 'data connection arrived from {source}',
    dataFromOther: 'data connection arrived from {source} (not the control address)',
    noDataSeen: 'the reflector saw no data connection ({result})',
  },
  failedWith: 'failed ({error})',
  helpersNotSeen: 'routers\u2019 FTP helpers watch port 21 only: run it on 21 to see them',
  tlsPart: ', in plain FTP and under TLS',
  plainPart: ' in plain FTP (TLS was not tested)',
  how: {
    timeout: 'timed out',
    refused: 'was refused',
    unreachable: 'was reported unreachable',
    error: 'failed',
    none: 'never arrived',
  } as Record<string, string>,
  causeRefused:
    'A reset means something on the way (usually the router) answered for that port itself: no port forward and no helper let the connection through to this machine.',
  causeTimeout: 'No answer at all means a firewall on the way drops connections from outside without a word.',
  causeOther: 'The reflector could not open the connection.',
  notTested: {
    deadline: 'the --deadline ran out first',
    interrupted: 'the run was interrupted',
    'not-a-reflector': 'the server is not a reflector',
    'control-failed': 'the control connection could not be made or was lost',
    'tls-off': '--tls none was given',
    'tls-not-offered': 'the reflector has no certificate (it runs without TLS)',
    'tls-failed': 'AUTH TLS or the TLS handshake failed',
    'certificate-unverified':
      "the reflector's certificate does not verify, and no --via-fingerprint was given to pin it",
    'fingerprint-mismatch': "the reflector's certificate is not the pinned one",
    family: 'PORT and PASV carry IPv4 addresses only',
    limit: "the reflector's limits refused it",
  },
  /** What to ask the firewall team for, one line per finding that needs them; {localAddress} and {via} are this machine and the reflector. */
  asks: {
    NETWORK_PASSIVE_OUTBOUND_BLOCKED:
      'Allow outbound TCP from {localAddress} to the passive port ranges of the FTP servers it uses (or to their ports 1024-65535): connections to the reflector at {via} on ports {ports} {how}.',
    NETWORK_ACTIVE_INBOUND_BLOCKED:
      "Only if active mode is needed: forward a TCP port range on {seenAs} to {localAddress} and allow it inbound from the FTP servers (the reflector's connection back {how}).",
    NETWORK_HELPER_WRONG_ADDRESS:
      "Fix or turn off the router's FTP helper (ALG): it rewrites {command} to {arrived}, not to this network's public address {seenAs}.",
    NETWORK_DATA_SOURCE_DIFFERS:
      'Keep one public address per inside host on the NAT (SNAT --persistent, or address affinity): data connections leave from {dataAddresses} while the control connection came from {seenAs}.',
    NETWORK_TLS_BLINDS_HELPER:
      "For FTPS in active mode, forward a TCP port range on {seenAs} to {localAddress}: the router's FTP helper cannot read encrypted commands.",
    NETWORK_TLS_FINGERPRINT_MISMATCH:
      "Say whether TLS inspection runs on the way to {via}: it presented a certificate other than the reflector's ({seen}), and FTPS breaks under it.",
  } as Partial<Record<string, string>>,
  notTestedHint: {
    'certificate-unverified': 'Pass the fingerprint the reflector printed at start: `--via-fingerprint AA:BB:...`.',
    'tls-not-offered': 'Start the reflector where the openssl command is installed, or give it --cert and --key.',
    other: 'Run again; see the transcript (--transcript) for where it stopped.',
  },
} as const;

/** The client matrix in one sentence. */
export const CLIENT_WORDS = {
  allFine: 'every client checked lists (see the matrix for each)',
  fine: '{clients} users are fine',
  setting: '{clients} work with a setting',
  failing: '{clients} users fail or hang',
  unknown: 'what the probe saw does not tell how clients fare',
  undecided: 'could not tell for {clients}',
  byAddress:
    'differs by address ({outcomes}): it depends on which address the client connects to first, and whether it tries the next after a failure',
  vantage: 'This holds for clients where this probe ran.',
  vantageAnalysis: "This holds for clients on the same network as this session's client.",
  outcomes: {
    works: 'works',
    fails: 'fails',
    'works-with-setting': 'works with a setting',
    'could-not-tell': 'could not tell',
    'not-supported': 'not supported',
  },
} as const;

/** Codes a gate prints (check, the exporter's success, JUnit) that are not findings: explainable like them. */
export const GATE_CODES = {
  VERDICT_FAILED: {
    title: 'The verdict is failed, and this target does not allow every mode to fail',
    explanation:
      'No requested data mode produced a listing, for reasons the findings name. A target passes its gate with a failed verdict only when its targets file (or exporter module) expects every requested mode may fail (`expect: { passive: fail, ... }`).',
    fix: 'Fix what the findings name; if this target is expected to fail from this vantage point, say so under `expect:` for each mode it probes.',
  },
} as const satisfies Record<string, { title: string; explanation: string; fix: string }>;
export type GateCode = keyof typeof GATE_CODES;

/** An audit's verdict, in words. */
export const AUDIT_VERDICTS: Record<VerdictName, string> = {
  ok: 'nothing found in the configuration or the firewall that makes clients hang.',
  degraded: 'some clients or some modes will fail: {codes}.',
  failed: 'no client can reach the control port through the host firewall.',
  inconclusive: 'not everything could be checked: {why}.',
};

/** Why a mode was not tested, in words. */
export const NOT_TESTED_WORDS: Record<NotTestedReason, string> = {
  deadline: "the probe's --deadline ran out first",
  interrupted: 'the probe was interrupted',
  'not-requested': 'not requested (--modes)',
  'not-applicable': 'not applicable to this address family',
  'not-shown-in-log': 'not shown in this log',
  'stopped-earlier': 'an earlier step failed (see the findings)',
};

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

/** Which earlier step stopped a mode ("stopped-earlier"), as the probe recorded it. */
export const STOPPED_WORDS: Record<'login-failed' | 'control-failed' | 'setup-failed', string> = {
  'login-failed': 'the login was refused',
  'control-failed': 'the session could not be set up (see the findings)',
  'setup-failed': 'no further control connection could be opened',
};

/** What an exit code means, for the report's last line. */
export const EXIT_WORDS: Record<ExitReason, string> = {
  passed: 'no findings at or above --fail-on={failOn}',
  findings: 'findings at or above --fail-on={failOn}',
  failed: 'no listing was possible',
  expectation: 'a mode expected to work did not',
  inconclusive: 'not everything could be tested',
  interrupted: 'interrupted',
};

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

/**
 * The alerts monitoring/ftp-doctor.rules.yml ships (written from this table by
 * `npm run docs:rules`): each fires on the findings it names, and says why in
 * these words; `for` is how long a finding must stand before it pages.
 */
export const ALERTS = {
  FtpControlUnreachable: {
    codes: ['CONTROL_REFUSED', 'CONTROL_TIMEOUT', 'CONTROL_UNREACHABLE', 'CONTROL_DNS_FAILED'],
    severity: 'critical',
    for: '5m',
    summary: 'No FTP client can reach {{ $labels.instance }}: its control port does not answer',
  },
  FtpPassivePrivateAddress: {
    codes: ['PASV_PRIVATE_ADDRESS', 'PASV_UNSPECIFIED_ADDRESS'],
    severity: 'warning',
    for: '15m',
    summary: '{{ $labels.instance }} names a private address in its 227 replies: clients that trust it hang',
  },
  FtpPassiveRangeBlocked: {
    codes: [
      'PASV_DATA_TIMEOUT',
      'PASV_DATA_REFUSED',
      'EPSV_DATA_TIMEOUT',
      'EPSV_DATA_REFUSED',
      'PASV_RANGE_PARTLY_BLOCKED',
    ],
    severity: 'critical',
    for: '10m',
    summary: 'Listings on {{ $labels.instance }} hang or fail: its passive port range is blocked or not forwarded',
  },
  FtpDualStackFamilyFailing: {
    codes: ['DUAL_STACK_IPV6_CONTROL_FAILS', 'DUAL_STACK_IPV6_DATA_FAILS'],
    severity: 'warning',
    for: '15m',
    summary: 'One address family of {{ $labels.instance }} fails while the other works',
  },
  FtpIdleControlDropped: {
    codes: ['CONTROL_IDLE_DROPPED_BY_PATH'],
    severity: 'warning',
    for: '30m',
    summary: 'The path to {{ $labels.instance }} forgets idle control connections: long transfers never get their 226',
  },
} as const satisfies Record<
  string,
  { codes: ReadonlyArray<keyof typeof CATALOGUE>; severity: string; for: string; summary: string }
>;

/** Every finding alert's description: the finding's own text is one command away. */
export const ALERT_DESCRIPTION =
  '{{ $labels.code }}: `ftp-doctor explain {{ $labels.code }}` gives the cause and the fix for each server software.';

/** The alert on a probe that cannot tell, for too long: not a failure, but nothing is being watched. */
export const INCONCLUSIVE_ALERT = {
  name: 'FtpProbeInconclusive',
  severity: 'warning',
  for: '1h',
  summary: 'ftp-doctor could not test {{ $labels.instance }} for an hour (deadline, interruption, or a login it lacks)',
} as const;

/** Why the audit could not check something (its report's "Not checked"), in words. */
/** The audit's settings table: each row's name, and the words for values that are not a number, a path or an address. */
export const SETTING_WORDS = {
  names: {
    site: 'FTP site',
    controlPort: 'control port',
    listenIpv4: 'listens on IPv4',
    listenIpv6: 'listens on IPv6',
    passiveRange: 'passive range',
    externalAddress: 'external address',
    tls: 'TLS',
    portPromiscuous: 'PORT to any address',
    pasvPromiscuous: 'passive data from any address',
    maxClients: 'sessions allowed',
    idleTimeout: 'idle timeout (s)',
    image: 'image',
    configFile: 'configuration file',
    published: 'published',
    replicas: 'replicas',
  },
  yes: 'yes',
  no: 'no',
  noIdleTimeout: 'none',
  anyPort: 'not set (any port)',
  anyFreePort: 'not set (any free port)',
  notKnown: 'not known',
  notSet: 'not set',
  hostNetwork: 'host network',
  nothingPublished: 'none',
  anyOutsidePort: 'any',
  implicitTls: 'implicit',
  explicitTls: 'explicit',
  byDefault: 'default ({what})',
} as const;

export const AUDIT_NOT_CHECKED = {
  windowsOnlyIis:
    'on Windows only IIS is read without files: give `--config "FileZilla Server.xml"` for FileZilla Server',
  noServerRunning:
    'no running vsftpd, proftpd or pure-ftpd was found (run as root to see every process, or give --config)',
  otherSites: 'one FTP site is audited (--site NAME picks another); not: {sites}',
  windowsFirewallFiles:
    "give --firewall with the JSON of docs/windows.md's PowerShell command (or saved `netsh advfirewall firewall show rule name=all verbose` and `netsh advfirewall show global` output) to check Windows Firewall",
  forwarded:
    'a DNAT rule forwards port {port} to another host or a container ({rule}): the FORWARD path to it was not evaluated',
  publicAddress: 'give --public-address to check the external address against the one clients use',
  otherHost:
    "the files come from another host: its addresses and ephemeral ports were not read (this machine's would mislead)",
  otherHostNoExternal:
    'no external address is configured: if that host sits behind NAT, every 227 reply names its private address (its own addresses were not read)',
  firewallUnreadable:
    'the host firewall could not be read ({error}); run as root, or give --firewall with saved output',
  firewallNoTool:
    'no host firewall tool (iptables-save, ip6tables-save, nft) is installed, so no host firewall was read; a firewall elsewhere (the router, a cloud security group) is checked with --firewall and its saved rules',
  firewallFailed: 'the host firewall could not be read ({error}); give --firewall with saved output',
  windowsFirewallUnreadable:
    'Windows Firewall could not be read ({error}); run as administrator, or give --firewall with the JSON of docs/windows.md',
  noAnswers: 'the server did not answer passive commands on {address}:{port}{error}',
} as const;

/** Live progress on a terminal (never in pipes). */
export const PROGRESS_WORDS = {
  idle: '{address} idle test: {elapsed} s of {max} s, {alive} connections alive',
} as const;

/** The demo's own lines. */
export const DEMO_WORDS = {
  waits:
    'The demo waits at most {demoTimeout} at each step, so that it ends quickly; a probe of your own waits --timeout ({defaultTimeout} by default).',
  closing: 'These were local demo servers on 127.0.0.1. Probe your own with: {invokedAs} probe ftp.example.com',
} as const;

/** A check's summary: its table's headers and its closing line, about the targets. */
export const CHECK_WORDS = {
  headers: ['Target', 'Verdict', 'Modes', 'Result'],
  pass: 'pass',
  fail: 'FAIL: {codes}',
  closing: '{passed} of {total} targets pass (their expectations, and --fail-on={failOn}).',
  failedGates: '{failed} of {total} targets failed their gate',
} as const;

/** What a failed verdict means for the commands that do not list: the audit and the network test. */
export const FAILED_EXIT_WORDS = {
  audit: 'no client can reach the control port',
  network: 'no data connection got through',
} as const;

/** How an exit line begins: the process's own code, or (in the demo, which always exits 0) what a probe of that server would return. */
export const EXIT_LEAD = {
  own: 'Exit code {code}',
  demo: 'A probe of this server alone would exit with code {code}',
} as const;

export const VERDICT_PHRASES = {
  errorFindings: 'but {codes} stands',
  failingModes: '{modes} did not',
  fallbackOnly:
    'passive mode works only for clients that ignore the address in the 227 reply (FileZilla, curl 7.74+, lftp, Python 3.9.3+); clients that trust it fail',
  none: 'no mode',
  addressesMixed:
    'Listings work over {working}, not over {failing}: clients that try the next address after a failed one list, the others fail.',
} as const;
