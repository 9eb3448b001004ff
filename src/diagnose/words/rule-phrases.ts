import { CAPTURE_LIMITS } from '../../record/capture-limits.js';

/** Sentences that fill a finding's {placeholders} where the wording depends on what was seen. */
export const PHRASES = {
  /** --transfer's downloads: why one was not tried, and how one ended. */
  downloadNotRun: 'the download did not start',
  downloadStopped: 'the deadline or an interruption came first',
  downloadRefused: 'the server refused to send the file ({reply}): a permission or a path, not the network',
  downloadNoDataCommand: '{command} got no reply',
  downloadNoDataConnection: 'the data connection {outcome}',
  downloadNoReply: 'RETR got no reply',
  downloadReset: 'the data connection was reset mid-way',
  downloadNoCompletion: 'the data arrived, but the server never confirmed the transfer',
  sizeUnknown: 'an unknown number (SIZE gave none)',
  rateUnknown: '(too fast to time)',
  transfersDeadline: 'the deadline came first (--deadline)',
  transfersInterrupted: 'the run was interrupted',
  transfersPace: '{pace} a second',
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
