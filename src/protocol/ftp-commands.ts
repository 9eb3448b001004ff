import { ipFamily } from '../net/address.js';
import { parseHostPortNumbers, type HostPort, type Parsed } from './passive.js';

/** PORT h1,h2,h3,h4,p1,p2 for an IPv4 address. */
export function formatPort(host: string, port: number): string {
  return `PORT ${host.split('.').join(',')},${port >> 8},${port & 255}`;
}

/** EPRT |1|addr|port| or |2|addr|port| (RFC 2428). */
export function formatEprt(host: string, port: number): string {
  return `EPRT |${ipFamily(host) === 6 ? 2 : 1}|${host}|${port}|`;
}

export function parsePortArgument(argument: string): Parsed<HostPort> {
  if (!/^\s*\d+(\s*,\s*\d+){5}\s*$/.test(argument)) return { ok: false, error: 'expected h1,h2,h3,h4,p1,p2' };
  return parseHostPortNumbers(argument);
}

export function parseEprtArgument(argument: string): Parsed<HostPort> {
  const delimiter = argument.charAt(0);
  if (!delimiter || delimiter.charCodeAt(0) < 33 || delimiter.charCodeAt(0) > 126) {
    return { ok: false, error: 'missing delimiter' };
  }
  const parts = argument.split(delimiter);
  if (parts.length !== 5 || parts[0] !== '' || parts[4] !== '')
    return { ok: false, error: 'expected |proto|addr|port|' };
  const [, proto, host = '', portText = ''] = parts;
  if (proto === '1' && !(ipFamily(host) === 4)) return { ok: false, error: `${host} is not an IPv4 address` };
  if (proto === '2' && !(ipFamily(host) === 6)) return { ok: false, error: `${host} is not an IPv6 address` };
  if (proto !== '1' && proto !== '2') return { ok: false, error: `unknown network protocol ${proto}` };
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    return { ok: false, error: `port ${portText} is out of range` };
  return { ok: true, value: { host, port } };
}

/** CR, LF or NUL: characters that would split or cut an FTP command (RFC 959 ends a command at CRLF). */
export function hasCommandBreak(text: string): boolean {
  return /[\r\n\0]/.test(text);
}

/** The command line as it may be shown: PASS arguments are never echoed. */
export function maskCommand(line: string): string {
  return /^PASS\b/i.test(line) ? 'PASS ****' : line;
}
