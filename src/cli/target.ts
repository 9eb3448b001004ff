import { isIP } from 'node:net';
import { UsageError } from './errors.js';

export interface ParsedTarget {
  input: string;
  host: string;
  port: number;
  user?: string;
  password?: string;
  path?: string;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/i;

/** Reads `host`, `host:port`, `[v6]:port`, a bare IPv6 literal, or `ftp://[user[:pass]@]host[:port][/path]`. */
export function parseTarget(input: string, defaultPort = 21): ParsedTarget {
  const text = input.trim();
  if (!text) throw new UsageError('the target is empty: give a host name, an address or an ftp:// URL');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme) return parseUrl(input, text, scheme, defaultPort);
  if (isIP(text) === 6) return { input, host: text, port: defaultPort };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    if (isIP(host) !== 6) throw new UsageError(`"${host}" in the target is not an IPv6 address`);
    return { input, host, port: bracketed[2] ? portOf(bracketed[2], input) : defaultPort };
  }
  const [host = '', port, ...rest] = text.split(':');
  if (rest.length > 0) throw new UsageError(`cannot read the target "${input}": write IPv6 addresses as [addr]:port`);
  checkHost(host, input);
  return { input, host, port: port === undefined ? defaultPort : portOf(port, input) };
}

function parseUrl(input: string, text: string, scheme: string, defaultPort: number): ParsedTarget {
  if (scheme === 'ftps' || scheme === 'ftpes') {
    throw new UsageError(`${scheme}:// (FTP over TLS) is not supported yet: probe the plain ftp:// service instead`);
  }
  if (scheme !== 'ftp') throw new UsageError(`unsupported URL scheme "${scheme}://" in the target: use ftp://`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`cannot read the URL "${input}"`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 6) checkHost(host, input);
  const target: ParsedTarget = { input, host, port: url.port ? portOf(url.port, input) : defaultPort };
  if (url.username) target.user = decodeURIComponent(url.username);
  if (url.password) target.password = decodeURIComponent(url.password);
  const path = decodeURIComponent(url.pathname);
  if (path && path !== '/') target.path = path.replace(/^\//, '');
  return target;
}

function checkHost(host: string, input: string): void {
  if (!host) throw new UsageError(`the target "${input}" has no host`);
  if (isIP(host) === 4) return;
  if (/^[\d.]+$/.test(host)) throw new UsageError(`"${host}" in the target is not a valid IPv4 address`);
  if (!HOSTNAME.test(host)) throw new UsageError(`"${host}" in the target is not a valid host name`);
}

function portOf(text: string, input: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new UsageError(`the port "${text}" in "${input}" is not a number from 1 to 65535`);
  return port;
}

/** Shows a target without its password, for reports. */
export function displayTarget(target: { host: string; port: number; path?: string }): string {
  const host = isIP(target.host) === 6 ? `[${target.host}]` : target.host;
  return `ftp://${host}:${target.port}${target.path ? `/${target.path}` : ''}`;
}
