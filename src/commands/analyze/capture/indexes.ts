import type { TcpConnection } from './tcp.js';

/**
 * A capture's connections looked up by what a session needs of them, each
 * index built once per capture: a capture of many sessions searches them,
 * none scans them all.
 */
const BY_SERVER_PORT = new WeakMap<readonly TcpConnection[], Map<number, TcpConnection[]>>();
const BY_HOSTS = new WeakMap<readonly TcpConnection[], Map<string, TcpConnection[]>>();

function grouped<K>(connections: readonly TcpConnection[], keyOf: (c: TcpConnection) => K): Map<K, TcpConnection[]> {
  const index = new Map<K, TcpConnection[]>();
  for (const c of connections) {
    const key = keyOf(c);
    const list = index.get(key);
    if (list) list.push(c);
    else index.set(key, [c]);
  }
  return index;
}

/** The connections to one server port, in the capture's order. */
export function toServerPort(connections: readonly TcpConnection[], port: number): TcpConnection[] {
  let index = BY_SERVER_PORT.get(connections);
  if (!index) BY_SERVER_PORT.set(connections, (index = grouped(connections, (c) => c.server.port)));
  return index.get(port) ?? [];
}

const hostsKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The connections between two hosts, either way, by the time they began. */
export function betweenHosts(connections: readonly TcpConnection[], a: string, b: string): TcpConnection[] {
  let index = BY_HOSTS.get(connections);
  if (!index) {
    index = grouped(connections, (c) => hostsKey(c.client.host, c.server.host));
    for (const list of index.values()) list.sort((x, y) => x.firstT - y.firstT);
    BY_HOSTS.set(connections, index);
  }
  return index.get(hostsKey(a, b)) ?? [];
}
