/**
 * The lab's addresses. Public side in documentation ranges, private LANs in
 * 10.77/16 (client) and 10.88/16 (server), none overlapping this machine's own
 * routes (checked before anything is built).
 *
 *   client ──── client router ──── "Internet" 198.18.0.0/24 ──── server router ──── server
 *   203.0.113.10 or 10.77.1.10     .1                      .2     198.51.100.10 or 10.88.1.10
 */
export const INTERNET = { cidr: '198.18.0.0/24', clientRouter: '198.18.0.1', serverRouter: '198.18.0.2' };

export const CLIENT_LAN = {
  public: { cidr: '203.0.113.0/24', router: '203.0.113.1', host: '203.0.113.10' },
  private: { cidr: '10.77.1.0/24', router: '10.77.1.1', host: '10.77.1.10', unroutable: '10.77.0.0/16' },
};

export const SERVER_LAN = {
  public: { cidr: '198.51.100.0/24', router: '198.51.100.1', host: '198.51.100.10' },
  private: { cidr: '10.88.1.0/24', router: '10.88.1.1', host: '10.88.1.10', unroutable: '10.88.0.0/16' },
};

export const PASSIVE_RANGE = { low: 50000, high: 50010 };

export const ALL_LAB_RANGES = [INTERNET.cidr, CLIENT_LAN.public.cidr, SERVER_LAN.public.cidr, CLIENT_LAN.private.unroutable, SERVER_LAN.private.unroutable];
