import type { FindingEntry } from '../entry.js';

/** The control connection: reaching the server, its greeting, the login and its replies. */
export const CONTROL_FINDINGS = {
  CONTROL_DNS_FAILED: {
    severity: 'error',
    role: 'blocks',
    alert: 'FtpControlUnreachable',
    title: 'The name {host} could not be resolved',
    explanation:
      'Looking up {host} failed ({error}), so no connection was attempted. Either the name is misspelt, it has no A or AAAA record, or this machine cannot reach its DNS resolver.',
    fix: 'Check the spelling, then look the name up with `dig {host}` or `getent hosts {host}`; probe the IP address directly to test the FTP server on its own.',
  },
  CONTROL_REFUSED: {
    severity: 'error',
    role: 'blocks',
    alert: 'FtpControlUnreachable',
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
    role: 'blocks',
    alert: 'FtpControlUnreachable',
    title: 'No answer from {address} port {port} within {timeout}',
    explanation:
      'The connection attempt got no answer at all: not an acceptance, not a refusal. Packets to port {port} are being dropped silently, by a firewall in front of the server, by a router without a forwarding rule for the port, or because the host is down.',
    fix: 'Allow inbound TCP {port} to the server in every firewall on the way (host firewall, cloud security group, router) and, behind NAT, forward port {port} to the server. Then probe again.',
  },
  CONTROL_UNREACHABLE: {
    severity: 'error',
    role: 'blocks',
    alert: 'FtpControlUnreachable',
    title: 'No route to {address}',
    explanation: 'The network reported that {address} cannot be reached ({error}). No packet got as far as the server.',
    fix: "Check the address and this machine's routes (`ip route get {address}`); a router on the way may also be reporting the host as unreachable.",
  },
  CONTROL_LOST: {
    severity: 'error',
    role: 'degrades',
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
    role: 'degrades',
    title: 'The server did not answer {command} within {timeout}',
    explanation:
      'The control connection was working, but the server sent no reply to {command}. A client hangs here. Servers stall like this when a firewall or router FTP helper holds back the reply (a helper that cannot parse it drops the segment), or when the server itself is stuck.',
    fix: "Check for a router FTP helper (ALG) between client and server and try turning it off; look in the server's log for this session.",
  },
  GREETING_TIMEOUT: {
    severity: 'error',
    role: 'degrades',
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
    role: 'degrades',
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
    role: 'degrades',
    title: 'The server said it is not ready yet',
    explanation:
      'The server answered with "{reply}" and did not send its "220" greeting within the wait. It is starting up or overloaded.',
    fix: "Wait and probe again; if it persists, check the server's load and logs.",
  },
  WRONG_PROTOCOL: {
    severity: 'error',
    role: 'degrades',
    title: 'Port {port} speaks {protocolName}, not FTP',
    explanation:
      'The first bytes from {address} port {port} were "{firstLine}": that is {protocolName}, not an FTP server\'s "220" greeting. {protocolHint}',
    fix: '{protocolFix}',
  },
  SERVER_REFUSED_SESSION: {
    severity: 'error',
    role: 'degrades',
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
    role: 'blocks',
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
  TOO_MANY_CONNECTIONS: {
    severity: 'warning',
    role: 'degrades',
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
  MULTILINE_REPLY_ODD_END: {
    severity: 'warning',
    role: 'degrades',
    title: 'A multi-line reply ended with a different code',
    explanation:
      'The server started a reply with "{first}" but ended it with "{last}". RFC 959 requires the same code on the last line; some clients wait for it forever.',
    fix: 'Update or reconfigure the server software.',
  },
  SERVER_REPLY_FLOOD: {
    severity: 'error',
    role: 'degrades',
    title: 'The server sent {replies} replies nobody asked for',
    explanation:
      'On {channel} the server sent {replies} replies ({bytes} bytes) faster than commands asked for them, starting with "{sample}". FTP answers each command with one reply; the probe closed that connection rather than keep reading, so what it was doing there is not tested. A server that does this is misbehaving or is not an FTP server; a client would misread every later reply.',
    fix: 'Look at the server (or whatever answers on this port) for a loop or a misconfigured proxy; probe it again with `--transcript` to see the first lines it sent.',
  },
  SERVER_SURPLUS_REPLIES: {
    severity: 'error',
    role: 'degrades',
    title: 'The server sent {count} more {replyWord} than asked for, after {after}',
    explanation:
      'FTP answers each command with one reply (a "1yz" preliminary one may come first). After {after} the server sent {count} more, starting with "{first}", before {before} was sent. Clients read replies in order, so curl, lftp, FileZilla and the libraries take the extra one as the answer to {before} and every later answer is one step behind: a login that seems refused, a data mode that seems broken. The probe set these replies aside and matched each later command to its own reply.',
    fix: 'The server (or a proxy or router FTP helper in front of it that answers for it) sends replies nobody asked for: update or reconfigure it, and look at `--transcript` for the lines it sends after {after}.',
  },
  REPLY_UNEXPECTED_CLASS: {
    severity: 'error',
    role: 'degrades',
    title: 'The server answered {command} with "{replyCode}", a reply that fits no outcome of {command}',
    explanation:
      'RFC 959 groups replies by their first digit: 1yz preliminary, 2yz done, 3yz more information needed, 4yz and 5yz refused. {command} is either done (2yz) or refused (4yz, 5yz); this server answered "{reply}", a {replyClass} reply, so no client can go on: curl stops with "Bad PASV/EPSV response" or "Failed to do PORT", other clients wait or give up. The {modeName} mode cannot work with this server.',
    fix: 'Update or reconfigure the server software; if a proxy or router FTP helper sits in front of it, try without it. Clients may still work in another data mode (see the table).',
  },
  SERVER_REPLY_MALFORMED: {
    severity: 'error',
    role: 'degrades',
    clients: 'reply-refused-by-curl',
    title: 'The reply to {command} is malformed: {problem}',
    explanation:
      'The server answered {command} with "{reply}", which {problem}. Current curl releases refuse such a reply ("weird server reply", exit 8) and stop on every URL, since a byte like that could smuggle a command into what the client sends next; older ones (curl 7.88, say) and other clients may go on. The probe could list anyway, but the reply is not one that RFC 959 allows.',
    fix: 'Update or reconfigure the server software so that its replies hold no control characters and PWD names the directory in double quotes (`257 "/path"`, a quote inside doubled).',
  },
} as const satisfies Record<string, FindingEntry>;
