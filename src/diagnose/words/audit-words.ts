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

/** Why the audit could not check something (its report's "Not checked"), in words. */
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
