import type { FindingEntry } from '../entry.js';

/** TLS on the control and data connections. */
export const TLS_FINDINGS = {
  TLS_REQUIRED_BY_SERVER: {
    severity: 'error',
    role: 'degrades',
    title: 'The server requires TLS before login',
    explanation:
      'The server answered "{reply}": it refuses plain-FTP logins and expects FTPS. This is not a wrong password: the same login will work over TLS.',
    fix: 'Probe with `--tls explicit` (or use an `ftpes://` URL) so that the session is encrypted before the login.',
  },
  TLS_NOT_OFFERED: {
    severity: 'warning',
    role: 'degrades',
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
    role: 'degrades',
    title: 'The TLS handshake on the control connection failed',
    explanation:
      'The {how} handshake with {address} port {port} ended with "{error}". No common protocol version or cipher, a broken certificate setup on the server, or something between that is not TLS (a plain-FTP port probed with --tls implicit) cause this.',
    fix: "Check the server's TLS settings and its log; probe with `--tls-version 1.2` to rule out a TLS 1.3 problem; for a plain-FTP port use `--tls explicit` or no `--tls`.",
  },
  TLS_CERT_INVALID: {
    severity: 'error',
    role: 'degrades',
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
    role: 'degrades',
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
    role: 'degrades',
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
    role: 'degrades',
    clients: 'tls-reuse-required',
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
    role: 'degrades',
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
    role: 'informational',
    title: 'The server accepts CCC (clear the control channel)',
    explanation:
      'After the login, the server answered CCC with "{reply}": a client can switch the control connection back to plain text once authenticated, which lets a NAT router\'s FTP helper read PORT and 227 again while the password stayed encrypted (curl `--ftp-ssl-ccc`). Commands and replies after CCC are readable on the network.',
    fix: 'Nothing to change; use CCC only where a router helper is needed.',
  },
  CCC_NOT_SUPPORTED: {
    severity: 'info',
    role: 'informational',
    title: 'The server does not accept CCC: {reply}',
    explanation:
      "CCC (RFC 4217) lets a client return the control connection to plain text after the login so that a router's FTP helper can follow it. This server refuses it ({reply}), so FTPS through a NAT helper can only work if the server announces its public address itself.",
    fix: "Configure the server's external address and passive range rather than relying on a router helper.",
  },
} as const satisfies Record<string, FindingEntry>;
