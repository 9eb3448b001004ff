import type { FindingEntry } from '../entry.js';

/** A host audit: the server's configuration and the host firewall. */
export const AUDIT_FINDINGS = {
  AUDIT_CONTROL_PORT_BLOCKED: {
    severity: 'error',
    role: 'blocks',
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
    role: 'degrades',
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
    role: 'degrades',
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
    role: 'degrades',
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
    role: 'degrades',
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
    role: 'degrades',
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
    role: 'degrades',
    title: 'The configured external address {external} is not the public address {publicAddress}',
    explanation:
      'The server announces {external} in its 227 replies ({where}), but clients reach it at {publicAddress} (--public-address): clients that trust the reply connect elsewhere and hang. A stale address, set before the public one changed, looks like this.',
    fix: 'Set the external address to {publicAddress} and restart the server.',
  },
  AUDIT_EXTERNAL_ADDRESS_IS_NAME: {
    severity: 'warning',
    role: 'degrades',
    title: 'The external address is a name, resolved when the server starts',
    explanation:
      'The external address {external} is a name ({where}); vsftpd resolves it once, at start-up, and announces that address until it restarts. After the public address changes (a dynamic address), every 227 reply names the old one.',
    fix: 'Restart the server when the public address changes, or set the address itself.',
  },
  AUDIT_NO_IPV6_LISTENER: {
    severity: 'warning',
    role: 'degrades',
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
    role: 'degrades',
    title: 'The IPv6 firewall blocks {what}, which the IPv4 firewall allows',
    explanation:
      'For IPv4, {what} is allowed; for IPv6, new connections meet this rule: {rule}. Clients that prefer IPv6 (most current systems) log in and then hang, or cannot connect at all. IPv4 and IPv6 rules are separate (iptables and ip6tables), and an IPv4 port forward has no IPv6 counterpart.',
    fix: 'Allow {what} for IPv6 as for IPv4 (ip6tables, or one nftables inet table for both families).',
  },
  AUDIT_PORT_PROMISCUOUS: {
    severity: 'warning',
    role: 'degrades',
    title: 'The server connects back to any address a PORT command names',
    explanation:
      "With {setting} ({where}), the server opens active-mode data connections to whatever address a client names, not only the client's own: the FTP bounce attack lets anyone use it to scan or reach hosts on its network.",
    fix: 'Turn it off; clients behind NAT should use passive mode instead.',
  },
  AUDIT_PASV_PROMISCUOUS: {
    severity: 'warning',
    role: 'degrades',
    title: 'The server accepts passive data connections from any address',
    explanation:
      "With {setting} ({where}), a passive data connection is accepted from another address than the control connection's: anyone who guesses the port can take the data (a protection against data-connection theft is off). It is sometimes set for load balancers that change the source address.",
    fix: "Turn it off, and keep the client's source address at the load balancer or proxy instead.",
  },
  AUDIT_CLIENTS_RESTRICTED: {
    severity: 'warning',
    role: 'degrades',
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
    role: 'informational',
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
    role: 'degrades',
    title: "The whole passive range {passiveRange} lies in Windows' excluded port ranges",
    explanation:
      'Windows reserves {excluded} (`netsh int ipv4 show excludedportrange protocol=tcp`; Hyper-V, WSL, Docker Desktop and WinNAT take such ranges, often at boot), and no program may listen on a reserved port. {software} cannot open any port of its passive range, so every passive listing fails.',
    fix: 'Move the passive range outside the excluded ranges, or reserve it for the FTP server first: `netsh int ipv4 add excludedportrange protocol=tcp startport={low} numberofports={size}` as administrator (only while no other program has reserved it; stop the Windows NAT driver with `net stop winnat` first if it has), then restart the server.',
  },
  AUDIT_PASSIVE_RANGE_PARTLY_EXCLUDED: {
    severity: 'warning',
    role: 'degrades',
    title: "{excludedCount} ports of the passive range {passiveRange} lie in Windows' excluded port ranges",
    explanation:
      'Windows reserves {excluded} (`netsh int ipv4 show excludedportrange protocol=tcp`; Hyper-V, WSL, Docker Desktop and WinNAT take such ranges, often at boot), and no program may listen on a reserved port. {software} cannot use those ports of its passive range: it has {usable} ports left, and passive commands fail once they are in use.',
    fix: 'Move the passive range outside the excluded ranges, or reserve it for the FTP server first: `netsh int ipv4 add excludedportrange protocol=tcp startport={low} numberofports={size}` as administrator (only while no other program has reserved it), then restart the server.',
  },
  AUDIT_RANGE_SMALL: {
    severity: 'info',
    role: 'informational',
    title: 'The passive range has {size} ports for up to {clients} sessions',
    explanation:
      'Each listing or transfer in passive mode takes one port of the range ({passiveRange}) while it lasts; the server allows {clients} sessions ({where}). When the ports run out, passive commands fail.',
    fix: 'Make the range at least as large as the transfers that run at once.',
  },
  AUDIT_CONFIG_NOT_RUNNING: {
    severity: 'warning',
    role: 'degrades',
    title: '{file} is probably not the configuration the running {software} read',
    explanation:
      "The running server does not show which file it was started with (its process title is overwritten, or its command line names none), so the package's default {file} was read; but the server's own answers disagree with it: {contradiction}. The server's answers are used instead, and nothing is concluded from that file. A package's default file beside a server started with another one (`-c`, a container's mounted file, a control panel's own path) looks exactly like this.",
    fix: 'Find the file the server really reads: `systemctl cat` its unit and look at `ExecStart` (and a `-c` option there); for a container, `docker inspect` its mounts; then run `ftp-doctor audit --config THAT_FILE`.',
  },
  AUDIT_ALL_CHECKS_OK: {
    severity: 'info',
    role: 'informational',
    title: 'Nothing in the configuration or the firewall will make clients hang',
    explanation: 'Checked: {checked}.',
    fix: 'Nothing to do.',
  },
} as const satisfies Record<string, FindingEntry>;
