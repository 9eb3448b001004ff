import { hasCommandBreak } from '../protocol/ftp-commands.js';
import { isIP } from 'node:net';
import { UsageError } from './usage-error.js';

export interface ParsedTarget {
  input: string;
  host: string;
  port: number;
  /** The port was written in the target (otherwise a default: 21, or 990 for implicit TLS). */
  portGiven?: boolean;
  /** ftps:// means implicit TLS, ftpes:// explicit, as curl, lftp and FileZilla write them. */
  tls?: 'implicit' | 'explicit';
  user?: string;
  password?: string;
  path?: string;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/i;

/** Reads `host`, `host:port`, `[v6]:port`, a bare IPv6 literal, or `ftp://[user[:pass]@]host[:port][/path]`. */
export function parseTarget(input: string, defaultPort = 21): ParsedTarget {
  try {
    return parseTargetText(input, defaultPort);
  } catch (error) {
    // Whatever went wrong, the message never shows a password that was typed in the target.
    throw error instanceof UsageError ? new UsageError(maskUrlPasswords(error.message)) : error;
  }
}

function parseTargetText(input: string, defaultPort: number): ParsedTarget {
  const text = input.trim();
  if (!text) throw new UsageError('the target is empty: give a host name, an address or an ftp:// URL');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme) return parseUrl(input, text, scheme, defaultPort);
  if (isIP(text) === 6) return { input, host: text, port: defaultPort };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    if (isIP(host) !== 6) throw new UsageError(`"${host}" in the target is not an IPv6 address`);
    return {
      input,
      host,
      port: bracketed[2] ? portOf(bracketed[2], input) : defaultPort,
      ...(bracketed[2] ? { portGiven: true } : {}),
    };
  }
  const [host = '', port, ...rest] = text.split(':');
  if (rest.length > 0) throw new UsageError(`cannot read the target "${input}": write IPv6 addresses as [addr]:port`);
  checkHost(host, input);
  return {
    input,
    host,
    port: port === undefined ? defaultPort : portOf(port, input),
    ...(port === undefined ? {} : { portGiven: true }),
  };
}

export const IMPLICIT_TLS_PORT = 990;

function parseUrl(input: string, text: string, scheme: string, defaultPort: number): ParsedTarget {
  if (scheme !== 'ftp' && scheme !== 'ftps' && scheme !== 'ftpes') {
    throw new UsageError(
      `unsupported URL scheme "${scheme}://" in the target: use ftp://, ftps:// (implicit TLS) or ftpes:// (explicit TLS)`,
    );
  }
  const tls = scheme === 'ftps' ? 'implicit' : scheme === 'ftpes' ? 'explicit' : undefined;
  if (tls === 'implicit') defaultPort = IMPLICIT_TLS_PORT;
  const shown = maskUrlPasswords(input);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`cannot read the URL "${shown}"`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 6) checkHost(host, shown);
  const target: ParsedTarget = {
    input: shown,
    host,
    port: url.port ? portOf(url.port, shown) : defaultPort,
    ...(url.port ? { portGiven: true } : {}),
    ...(tls ? { tls } : {}),
  };
  if (url.username) target.user = urlPart(url.username, 'user name', shown);
  if (url.password) target.password = urlPart(url.password, 'password', shown);
  const path = urlPart(url.pathname, 'path', shown);
  if (path && path !== '/') target.path = path.replace(/^\//, '');
  return target;
}

/** A percent-decoded URL part that may go on the control connection: no CR, LF or NUL (curl refuses them too). */
function urlPart(raw: string, part: string, shown: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new UsageError(`the ${part} in the URL "${shown}" has a malformed percent escape`);
  }
  if (hasCommandBreak(decoded))
    throw new UsageError(
      `the ${part} in the URL "${shown}" contains a line break or NUL (%0D, %0A or %00), which would end the FTP command early`,
    );
  return decoded;
}

/** Masks the password in every URL of a text: `ftp://bob:****@host`. For anything that may be shown. */
export function maskUrlPasswords(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:)[^\s@/]*@/gi, '$1****@')
    .replace(/(^|[\s"'(<])([^\s/@:"'(<]+:)(?!\*\*\*\*@)[^\s@/]*@/g, '$1$2****@');
}

function checkHost(host: string, input: string): void {
  if (!host) throw new UsageError(`the target "${input}" has no host`);
  if (isIP(host) === 4) return;
  if (/^[\d.]+$/.test(host)) throw new UsageError(`"${host}" in the target is not a valid IPv4 address`);
  if (!HOSTNAME.test(host)) throw new UsageError(`"${host}" in the target is not a valid host name`);
}

function portOf(text: string, input: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new UsageError(`the port "${text}" in "${input}" is not a number from 1 to 65535`);
  return port;
}

/** Shows a target without its password, for reports. */
export function displayTarget(target: { host: string; port: number; path?: string }, tls: string = 'none'): string {
  const host = isIP(target.host) === 6 ? `[${target.host}]` : target.host;
  const scheme = tls === 'implicit' ? 'ftps' : tls === 'explicit' ? 'ftpes' : 'ftp';
  return `${scheme}://${host}:${target.port}${target.path ? `/${target.path}` : ''}`;
}

/** The TLS mode from --tls and the URL's scheme; implicit TLS moves a default port to 990. */
export function applyTls(
  target: ParsedTarget,
  option: string | undefined,
): { target: ParsedTarget; tls: 'none' | 'explicit' | 'implicit' | 'auto' } {
  const tls = (option ?? target.tls ?? 'none') as 'none' | 'explicit' | 'implicit' | 'auto';
  if (option && target.tls && option !== target.tls)
    throw new UsageError(`--tls ${option} contradicts the ${target.tls === 'implicit' ? 'ftps' : 'ftpes'}:// URL`);
  const port = tls === 'implicit' && !target.portGiven ? IMPLICIT_TLS_PORT : target.port;
  return { target: { ...target, port }, tls };
}
