/**
 * The lab's addresses. Public side in documentation ranges, private LANs in
 * 10.77/16 (client) and 10.88/16 (server), none overlapping this machine's own
 * routes (checked before anything is built).
 *
 *   client ──── client router ──── "Internet" 198.18.0.0/24 ──── server router ──── server
 *   203.0.113.10 or 10.77.1.10     .1                      .2     198.51.100.10 or 10.88.1.10
 */
export const INTERNET = {
  cidr: '198.18.0.0/24',
  clientRouter: '198.18.0.1',
  serverRouter: '198.18.0.2',
  clientRouterPool: '198.18.0.3',
};

export const CLIENT_LAN = {
  public: { cidr: '203.0.113.0/24', router: '203.0.113.1', host: '203.0.113.10' },
  private: { cidr: '10.77.1.0/24', router: '10.77.1.1', host: '10.77.1.10', unroutable: '10.77.0.0/16' },
};

export const SERVER_LAN = {
  public: { cidr: '198.51.100.0/24', router: '198.51.100.1', host: '198.51.100.10' },
  private: { cidr: '10.88.1.0/24', router: '10.88.1.1', host: '10.88.1.10', unroutable: '10.88.0.0/16' },
};

export const PASSIVE_RANGE = { low: 50000, high: 50010 };

/**
 * IPv6, for dual-stack scenarios: the documentation prefix 2001:db8::/32, plainly routed (no NAT66).
 *   client 2001:db8:203::10 ── 2001:db8:18::/64 ── server 2001:db8:51::10
 */
export const INTERNET6 = { cidr: '2001:db8:18::/64', clientRouter: '2001:db8:18::1', serverRouter: '2001:db8:18::2' };
export const CLIENT_LAN6 = { cidr: '2001:db8:203::/64', router: '2001:db8:203::1', host: '2001:db8:203::10' };
export const SERVER_LAN6 = { cidr: '2001:db8:51::/64', router: '2001:db8:51::1', host: '2001:db8:51::10' };

/** The name dual-stack scenarios probe: in the client namespace's own hosts file only; no DNS server is ever asked. */
export const LAB_NAME = 'ftp.lab.test';

export const ALL_LAB_RANGES = [
  INTERNET.cidr,
  CLIENT_LAN.public.cidr,
  SERVER_LAN.public.cidr,
  CLIENT_LAN.private.unroutable,
  SERVER_LAN.private.unroutable,
];
export const ALL_LAB_RANGES6 = [INTERNET6.cidr, CLIENT_LAN6.cidr, SERVER_LAN6.cidr];
