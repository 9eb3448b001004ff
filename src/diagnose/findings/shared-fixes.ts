/** Fixes that several findings share, written once. */
/** Windows ftp.exe has no passive mode: what its user can do instead of the probe's flags. */
export const FTP_EXE_ACTIVE_ONLY = {
  fixForClient: {
    'Windows ftp.exe':
      'Windows ftp.exe has no passive mode, so it cannot avoid this: use a client that has one (curl.exe, built into Windows 10 and later, `curl.exe ftp://server/`; WinSCP; FileZilla), or let the server connect back: allow ftp.exe inbound in Windows Firewall (`netsh advfirewall firewall add rule name="ftp.exe" dir=in action=allow program="%SystemRoot%\\System32\\ftp.exe"`) and, behind NAT, a router that forwards the ports or rewrites PORT. On the server side, passive mode works for every other client.',
  },
} as const;

/** The fix for a server that announces an address clients cannot reach: the same whether the probe or a log saw it. */
export const ANNOUNCE_PUBLIC_ADDRESS = {
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
