import type { FindingEntry } from '../entry.js';

/** What happened on an opened data connection: the listing or the file. */
export const TRANSFER_FINDINGS = {
  LIST_REJECTED: {
    severity: 'error',
    role: 'degrades',
    title: 'The server refused the {modeName} listing: {reply}',
    explanation:
      'After the data connection was set up, the server answered LIST with an error, so no listing came through this way.',
    fix: "Read the server's reply: a 550 is a permission or path problem (check the path in the URL and the user's rights); a 425 means the server did not see the data connection it expected.",
  },
  LIST_NO_PRELIMINARY_REPLY: {
    severity: 'error',
    role: 'degrades',
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
    role: 'degrades',
    title: 'The {modeName} listing started but did not finish within {timeout}',
    explanation:
      'The server said "{reply}" and {bytes} bytes arrived, then the data connection neither finished nor closed. A firewall or a path with a broken MTU can stall a transfer after the first packets; a very slow server does the same.',
    fix: 'Check for MTU problems on the path (large packets dropped) and for traffic shaping on the data ports.',
  },
  LIST_NO_COMPLETION: {
    severity: 'error',
    role: 'degrades',
    title: 'The {modeName} listing arrived, but the server never confirmed it',
    explanation:
      'The data came ({bytes} bytes) and the data connection closed, but no "226" came on the control connection within {timeout}. Clients wait here until they time out, even though the data is complete. A firewall that drops an idle control connection during the transfer causes this, as does a server that loses track of its session.',
    fix: 'Check idle timeouts of firewalls and load balancers on the control connection (port 21).',
  },
  TRANSFER_ABORTED: {
    severity: 'error',
    role: 'degrades',
    title: 'The {modeName} transfer was aborted: {reply}',
    explanation:
      'The data connection broke during the transfer and the server reported it. Resets on the path, a proxy cutting the connection or a server-side error cause this.',
    fix: "Check the server's log for the transfer and any device on the path that resets connections.",
  },
} as const satisfies Record<string, FindingEntry>;
