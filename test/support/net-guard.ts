/**
 * Loaded into every test process (and every CLI the tests spawn) with
 * --import: any TCP connection to an address outside 127.0.0.1 and ::1 (and the lab's
 * own ranges, when FTP_DOCTOR_GUARD_ALLOW names them), and any DNS lookup,
 * is refused and written to FTP_DOCTOR_GUARD_LOG, which the test run checks.
 * A lab run may name a hosts file of its own (FTP_DOCTOR_GUARD_HOSTS): names
 * it holds may be looked up, and they resolve from that file, never from DNS.
 */
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';

/** Loopback is narrowed to the two addresses tests use; a test that needs another calls `allowAlso` for its own duration. */
const allowed = ['127.0.0.1/32', '::1/128', ...(process.env.FTP_DOCTOR_GUARD_ALLOW ?? '').split(',').filter(Boolean)];

function blockListOf(cidrs: string[]): net.BlockList {
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const [base = '', bits = ''] = cidr.split('/');
    list.addSubnet(base, Number(bits), net.isIPv6(base) ? 'ipv6' : 'ipv4');
  }
  return list;
}

let allowListNow = blockListOf(allowed);
const extra: string[] = [];

/** Widens the guard by these addresses until the returned function is called. */
export function allowAlso(...addresses: string[]): () => void {
  const added = addresses.map((address) => `${address}/${net.isIPv6(address) ? 128 : 32}`);
  extra.push(...added);
  allowListNow = blockListOf([...allowed, ...extra]);
  return () => {
    for (const cidr of added) extra.splice(extra.indexOf(cidr), 1);
    allowListNow = blockListOf([...allowed, ...extra]);
  };
}

export function isAllowed(address: string): boolean {
  const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const family = net.isIP(plain);
  return family !== 0 && allowListNow.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

export function recordViolation(what: string): void {
  const log = process.env.FTP_DOCTOR_GUARD_LOG;
  if (log) fs.appendFileSync(log, `${new Date().toISOString()} pid ${process.pid}: ${what}\n`);
  violations.push(what);
}

export const violations: string[] = [];

// Kept to call with apply(): the guard stands in for the method itself.
// eslint-disable-next-line @typescript-eslint/unbound-method
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const options = (Array.isArray(first) ? first[0] : first) as
    { host?: string; path?: string; port?: number } | number | string;
  if (typeof options === 'object' && options !== null && options.path === undefined) {
    const host = options.host ?? 'localhost';
    if (!isAllowed(host)) {
      recordViolation(`connect to ${host} port ${String(options.port)}`);
      throw Object.assign(new Error(`test network guard: connecting to ${host} is not allowed`), { code: 'EGUARD' });
    }
  } else if (typeof options === 'number') {
    const host = typeof args[1] === 'string' ? args[1] : 'localhost';
    if (!isAllowed(host)) {
      recordViolation(`connect to ${host} port ${options}`);
      throw Object.assign(new Error(`test network guard: connecting to ${host} is not allowed`), { code: 'EGUARD' });
    }
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
};

/** Names the lab's own hosts file holds: the only names a lookup may ask for. */
const labNames = new Set(
  (process.env.FTP_DOCTOR_GUARD_HOSTS ? fs.readFileSync(process.env.FTP_DOCTOR_GUARD_HOSTS, 'utf8') : '')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter(
      (fields) =>
        fields.length > 1 &&
        fields.slice(1).every(Boolean) &&
        net.isIP(fields[0] ?? '') !== 0 &&
        fields.slice(0, 1).every((address) => isAllowed(address)),
    )
    .flatMap((fields) => fields.slice(1).map((name) => name.toLowerCase())),
);

function refuseLookup(name: string): never {
  recordViolation(`DNS lookup of ${name}`);
  throw Object.assign(new Error(`test network guard: DNS lookup of ${name} is not allowed`), { code: 'EGUARD' });
}

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
  if (net.isIP(hostname) === 0 && !labNames.has(hostname.toLowerCase())) refuseLookup(hostname);
  return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
} as typeof dns.lookup;
const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = (async (hostname: string, ...rest: unknown[]) => {
  if (net.isIP(hostname) === 0 && !labNames.has(hostname.toLowerCase())) refuseLookup(hostname);
  return (originalPromisesLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
}) as typeof dns.promises.lookup;
dns.promises.resolve = async (hostname: string) => refuseLookup(hostname);
syncBuiltinESMExports();
