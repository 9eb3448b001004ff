import type { FindingEntry } from '../entry.js';
import { ANNOUNCE_PUBLIC_ADDRESS } from './shared-fixes.js';

/** What only a packet capture shows: middleboxes, encrypted data connections, two captures compared. */
export const CAPTURE_FINDINGS = {
  MIDDLEBOX_REWROTE_PASSIVE_REPLY: {
    severity: 'warning',
    role: 'degrades',
    title: 'A middlebox rewrote the {line} reply between the server and the client',
    explanation:
      'The server sent "{sent}"; the client received "{received}". Something between the two captures (a router\'s FTP helper: Linux conntrack, a consumer router\'s ALG, a firewall\'s FTP inspection) rewrote the reply and opened the port. Plain FTP works because of it; under TLS the helper cannot read the reply, and clients then get the address the server itself sends.',
    fix: 'Make the server announce the address clients use, so that it works without the helper and under TLS.',
    fixFor: ANNOUNCE_PUBLIC_ADDRESS.fixFor,
  },
  MIDDLEBOX_REWROTE_PORT: {
    severity: 'info',
    role: 'informational',
    title: 'A middlebox rewrote the {line} command between the client and the server',
    explanation:
      'The client sent "{sent}"; the server received "{received}". A router on the way (a NAT router\'s FTP helper) rewrote the command and opened the port for the server\'s connection back. Active mode works because of it, for plain FTP only: under TLS the helper cannot read the command.',
    fix: 'Prefer passive mode, which does not depend on the helper; keep the helper in mind when moving to FTPS.',
  },
  MIDDLEBOX_NAT: {
    severity: 'info',
    role: 'informational',
    title: 'The control connection was translated on the way',
    explanation: "The client's capture shows {clientSide}; the server's shows {serverSide}. {translated}",
    fix: 'Nothing to do for the control connection: NAT is why the data connections need the care the other findings describe.',
  },
  TLS_DATA_CONNECTION_FAILED: {
    severity: 'error',
    role: 'degrades',
    title: 'Under TLS, data connections failed: {connections}',
    explanation:
      "After AUTH TLS the control connection is encrypted: the capture cannot show the 227 or PORT, nor the replies to LIST. It still shows the data connections as TCP: {connections}. A router's FTP helper cannot read encrypted replies either, so it opens no port: a passive range that is not forwarded, or a private 227 the helper used to rewrite, breaks FTPS where plain FTP works.",
    fix: 'Forward the passive port range to the server and make the server announce the address clients use, so that nothing depends on the helper; then allow that range on every firewall.',
    fixFor: ANNOUNCE_PUBLIC_ADDRESS.fixFor,
  },
  TLS_DATA_CONNECTIONS_OK: {
    severity: 'info',
    role: 'informational',
    title: 'Under TLS, the data connections got through: {connections}',
    explanation:
      'After AUTH TLS the capture cannot show the commands and replies, but every data connection it shows between the two hosts was answered: {connections}.',
    fix: 'Nothing to do.',
  },
  DATA_LOST_BETWEEN_CAPTURES: {
    severity: 'error',
    role: 'degrades',
    title: 'A data connection to {endpoint} left the client and never reached the server',
    explanation:
      "The client's capture shows {syns} SYN packets to {endpoint}; the server's capture shows none of them arriving. Something between the two captures dropped them: a firewall that does not allow the port, or a router that does not forward it.",
    fix: 'Allow and forward the passive port range to the server on every firewall and router between the two, and make sure the server uses exactly that range.',
  },
  DATA_FROM_OTHER_SOURCE: {
    severity: 'error',
    role: 'degrades',
    title: 'The data connection came from {data}, the control connection from {control}',
    explanation:
      'Seen from the server, the client\'s data connection to port {port} arrived from another address than its control connection: the client\'s NAT gives each connection an address from a pool. Servers that check that both come from the same address refuse such data connections (vsftpd: "425 Security: Bad IP connecting."; IIS with matchClientAddressForPasv).',
    fix: "On the client's side, make the NAT keep one public address per client (a paired or sticky pool: Linux SNAT with --persistent, a cloud NAT gateway's endpoint-independent mapping). Only if that cannot be done, turn the server's check off for this client's network, which lets anyone who guesses the port take the data.",
  },
} as const satisfies Record<string, FindingEntry>;
