/**
 * Loaded into every test process (and every CLI the tests spawn) with
 * --import: any TCP connection to an address outside loopback (and the lab's
 * own ranges, when FTP_DOCTOR_GUARD_ALLOW names them), and any DNS lookup,
 * is refused and written to FTP_DOCTOR_GUARD_LOG, which the test run checks.
 * A lab run may name a hosts file of its own (FTP_DOCTOR_GUARD_HOSTS): names
 * it holds may be looked up, and they resolve from that file, never from DNS.
 */
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';

const allowed = ['127.0.0.0/8', '::1/128', ...(process.env.FTP_DOCTOR_GUARD_ALLOW ?? '').split(',').filter(Boolean)];

const allowList = new net.BlockList();
for (const cidr of allowed) {
  const [base = '', bits = ''] = cidr.split('/');
  allowList.addSubnet(base, Number(bits), net.isIPv6(base) ? 'ipv6' : 'ipv4');
}

export function isAllowed(address: string): boolean {
  const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const family = net.isIP(plain);
  return family !== 0 && allowList.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

export function recordViolation(what: string): void {
  const log = process.env.FTP_DOCTOR_GUARD_LOG;
  if (log) fs.appendFileSync(log, `${new Date().toISOString()} pid ${process.pid}: ${what}\n`);
  violations.push(what);
}

export const violations: string[] = [];

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const options = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string; port?: number } | number | string;
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
} as typeof net.Socket.prototype.connect;

/** Names the lab's own hosts file holds: the only names a lookup may ask for. */
const labNames = new Set(
  (process.env.FTP_DOCTOR_GUARD_HOSTS ? fs.readFileSync(process.env.FTP_DOCTOR_GUARD_HOSTS, 'utf8') : '')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((fields) => fields.length > 1 && fields.slice(1).every(Boolean) && net.isIP(fields[0] ?? '') !== 0 && fields.slice(0, 1).every((address) => isAllowed(address)))
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
dns.promises.resolve = (async (hostname: string) => refuseLookup(hostname)) as typeof dns.promises.resolve;
syncBuiltinESMExports();
