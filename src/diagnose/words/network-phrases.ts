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
