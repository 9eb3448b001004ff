import type { FindingEntry } from '../entry.js';

/** The network command: data connections through this network, tested against a reflector. */
export const NETWORK_FINDINGS = {
  NETWORK_IDLE_226_LOST: {
    severity: 'error',
    role: 'degrades',
    title: 'After a {seconds} s transfer the 226 never arrived: the idle control connection was forgotten on the way',
    explanation:
      'The reflector kept a data connection busy for {seconds} s ({bytes} bytes arrived) while the control connection carried nothing, then sent 226; this machine got {how}. Something on the path (a NAT router, a firewall, a load balancer) dropped the idle control connection\'s state during the transfer: this is how a long transfer "completes" and the client then hangs.',
    fix: 'Have clients keep the control connection alive during transfers (TCP keepalive or NOOP: docs/clients.md), or raise the idle timeout of the NAT or firewall on this side; `ftp-doctor probe HOST --idle SECONDS` against a server shows how long the path keeps an idle connection.',
  },
  NETWORK_IDLE_226_ARRIVED: {
    severity: 'info',
    role: 'informational',
    title: 'A {seconds} s transfer got its 226 over an idle control connection',
    explanation:
      'The reflector kept a data connection busy for {seconds} s while the control connection carried nothing, and its 226 arrived: nothing on this path forgot the idle control connection in that time.',
    fix: 'Nothing to do for transfers up to {seconds} s.',
  },
  NETWORK_IDLE_NOT_TESTED: {
    severity: 'info',
    role: 'not-tested',
    title: 'The slow transfer of {seconds} s could not be made',
    explanation: 'The idle test needs a passive data connection to the reflector: {why}.',
    fix: 'Make the passive test work first (see the other findings), then run --idle again.',
  },
  NETWORK_REFLECTOR_UNREACHABLE: {
    severity: 'error',
    role: 'blocks',
    title: 'The reflector at {address} port {port} could not be reached: the connection {how}',
    explanation:
      "The control connection to the reflector {how}. Either this network blocks outbound connections to port {port}, or the reflector is not running there, or its own host's firewall does not let port {port} in. Nothing else could be tested.",
    fix: 'Check the reflector first: it prints "listening on" when it starts, and `ftp-doctor network --via` run on its own host reaches it. If it answers there, ask for outbound TCP {port} to be allowed from this network.',
  },
  NETWORK_NOT_A_REFLECTOR: {
    severity: 'info',
    role: 'informational',
    title: 'The server at {address} port {port} is not an ftp-doctor reflector',
    explanation:
      'It answered {greeting}, without the reflector\'s "fdr/1 hello" line, so nothing it says can be read as what arrived. Nothing was tested.',
    fix: 'Point --via at a host running `ftp-doctor reflector`. To test an FTP server itself, use `ftp-doctor probe`.',
  },
  NETWORK_NAT_DETECTED: {
    severity: 'info',
    role: 'informational',
    title: 'This machine is behind NAT: {localAddress} here, {seenAs} to the world',
    explanation:
      "The reflector saw the control connection come from {seenAs}, while this machine's own address on it is {localAddress} ({localScope}). Servers see {seenAs}. Passive mode needs nothing more; active mode needs this network to let the server's connection back in to this machine.",
    fix: 'Nothing to change for passive mode. For active mode, see the other findings.',
  },
  NETWORK_NO_NAT: {
    severity: 'info',
    role: 'informational',
    title: 'No NAT between this machine and the reflector: both see {seenAs}',
    explanation:
      "The reflector saw the control connection come from {seenAs}, this machine's own ({localScope}) address: the addresses in PORT and EPRT are right as they leave.",
    fix: 'Nothing to do.',
  },
  NETWORK_HELPER_REWROTE: {
    severity: 'info',
    role: 'informational',
    title: "A router's FTP helper rewrote {command} from {sent} to {arrived}",
    explanation:
      "This machine sent {command} with {sent}; the reflector received {arrived}, this network's public address. An FTP helper (ALG, such as Linux's nf_nat_ftp) on the way rewrote it, and lets the server's connection back in. It can do so in plain FTP only: under TLS it cannot read the command.",
    fix: 'Nothing to change for plain FTP. For FTPS, see the TLS findings.',
  },
  NETWORK_HELPER_WRONG_ADDRESS: {
    severity: 'error',
    role: 'degrades',
    title: "An FTP helper rewrote {command} to {arrived}, which is not this network's public address {seenAs}",
    explanation:
      'This machine sent {sent}; the reflector received {arrived}, but the control connection came from {seenAs}. A server connects to {arrived}, or refuses the command (vsftpd: "500 Illegal PORT command"), and active listings fail. A helper set up with a stale or internal address does this.',
    fix: 'Fix or turn off the FTP helper on the router (on Linux: the `CT --helper ftp` rule and nf_nat_ftp); use passive mode meanwhile.',
  },
  NETWORK_PORT_NOT_REWRITTEN: {
    severity: 'warning',
    role: 'degrades',
    title: '{command} leaves this network with the private address {sent}',
    explanation:
      'This machine is behind NAT ({seenAs} to the world), and nothing on the way rewrote {command}{where}: the reflector received {arrived}. Servers that check the address refuse it ("500 Illegal PORT command", vsftpd\'s default); others connect to {sent}, which cannot be reached from outside, and the listing hangs until it times out.',
    fix: 'Use passive mode. For active mode, forward a port range to this machine and make the client announce {seenAs} (FileZilla: "Use the following IP address"; curl: `--ftp-port {seenAs}`; ftp-doctor: `--external-ip`), or enable the router\'s FTP helper, which works for plain FTP only.',
  },
  NETWORK_ACTIVE_INBOUND_BLOCKED: {
    severity: 'warning',
    role: 'degrades',
    title: "Connections from outside for active mode do not reach this machine: the reflector's connection back {how}",
    explanation:
      'After {commands}{where}, the reflector connected to {seenAs} at the port that arrived, as an FTP server does in active mode, and the connection {how}. {cause}',
    fix: 'Use passive mode. Active mode needs inbound TCP to this machine: a port range forwarded on the router and allowed by its firewall, with the client held to that range and announcing {seenAs}.',
  },
  NETWORK_TLS_BLINDS_HELPER: {
    severity: 'warning',
    role: 'degrades',
    title: 'Under TLS the FTP helper cannot rewrite {commands}, and active mode fails',
    explanation:
      "In plain FTP the router's helper rewrote {commands} to {seenAs} and the reflector's connection back came in. Under TLS the reflector received {arrived} unchanged, and its connection back {how}: the helper cannot read encrypted commands. FTPS clients on this network fail or hang in active mode.",
    fix: 'Use passive mode for FTPS. For active FTPS, forward a port range to this machine and make the client announce {seenAs}.',
  },
  NETWORK_PASSIVE_OUTBOUND_BLOCKED: {
    severity: 'warning',
    role: 'degrades',
    title: "Data connections from this machine to the reflector's passive ports ({ports}): each {how}",
    explanation:
      "After {commands}{where}, this machine connected to {address} at the port the reflector handed out, and the connection {how}, while the control connection to port {controlPort} works. Either this network blocks outbound connections to high ports (an egress filter), or the reflector's own firewall does not let its passive range ({pasvRange}) in: check the reflector's side first, it is one rule there.",
    fix: "Allow outbound TCP from this network to FTP servers' passive ranges (or to ports 1024-65535 of FTP servers). A firewall that opens them only through its FTP helper stops working under TLS.",
  },
  NETWORK_DATA_SOURCE_DIFFERS: {
    severity: 'warning',
    role: 'degrades',
    title: "Data connections leave from {dataAddresses}, not from the control connection's {seenAs}",
    explanation:
      'The reflector saw the control connection come from {seenAs} and {count} data connection(s) from {dataAddresses}: the NAT on the way picks a public address per connection from a pool. Servers that check that data comes from the client\'s address refuse such connections (vsftpd: "425 Security: Bad IP connecting"), and the listing fails.',
    fix: 'Make the NAT keep one public address per inside host: iptables `-j SNAT --to-source A-B --persistent`, nftables `snat to A-B persistent`, or one address (or address affinity) on a cloud NAT gateway.',
  },
  NETWORK_TLS_NOT_TESTED: {
    severity: 'info',
    role: 'not-tested',
    title: 'The tests under TLS did not run: {why}',
    explanation:
      "Under TLS a router's FTP helper cannot read PORT, EPRT or the replies, so the same tests can come out differently. They did not run ({why}), so this report says nothing about FTPS from this network.",
    fix: '{hint}',
  },
  NETWORK_TLS_FINGERPRINT_MISMATCH: {
    severity: 'error',
    role: 'degrades',
    title: "The reflector's certificate is not the one pinned with --via-fingerprint",
    explanation:
      "The certificate presented has the fingerprint {seen}; --via-fingerprint pinned {pinned}. Either something on the way intercepts TLS (a TLS-inspecting proxy presents its own certificate, which breaks FTPS too), or the pinned fingerprint is not this reflector's (it makes a new certificate at each start unless given --cert). The tests under TLS did not run.",
    fix: 'Compare with the fingerprint the reflector printed when it started. If it is the same there and different here, ask the network team about TLS inspection.',
  },
  NETWORK_ALL_OK: {
    severity: 'info',
    role: 'informational',
    title: 'Every data connection got through: {tests}',
    explanation: 'Active and passive mode both work from this network{tlsPart}, as seen by the reflector at {address}.',
    fix: 'Nothing to do.',
  },
} as const satisfies Record<string, FindingEntry>;
