export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Six numbers, each starting where a run of digits starts (the lookbehind)
 * and at most ten digits long: a match is tried once per run, so a line of
 * thousands of digits costs as much as its length, not its square.
 */
const NUMBER = '(?<!\\d)(\\d{1,10})';
const SIX_NUMBERS = new RegExp(Array.from({ length: 6 }, () => NUMBER).join('[ \\t]*,[ \\t]*'));
/** A 227 names its numbers near its start; what is longer is read this far. */
const MAX_MATCHED = 1024;

/** Reads the address and port from six comma-separated numbers anywhere in the text (227 replies, PORT arguments). */
export function parseHostPortNumbers(text: string): Parsed<HostPort> {
  const match = SIX_NUMBERS.exec(text.length > MAX_MATCHED ? text.slice(0, MAX_MATCHED) : text);
  if (!match) return { ok: false, error: 'no h1,h2,h3,h4,p1,p2 numbers found' };
  const numbers = match.slice(1, 7).map((n) => Number(n));
  const tooBig = numbers.find((n) => n > 255);
  if (tooBig !== undefined) return { ok: false, error: `number ${tooBig} is out of range (0-255)` };
  const [a, b, c, d, p1, p2] = numbers as [number, number, number, number, number, number];
  const port = p1 * 256 + p2;
  if (port === 0) return { ok: false, error: 'port 0 is not a valid data port' };
  return { ok: true, value: { host: `${a}.${b}.${c}.${d}`, port } };
}

/** Parses a 227 reply's text (any line, with or without parentheses). */
export function parsePasvReply(text: string): Parsed<HostPort> {
  return parseHostPortNumbers(text);
}

const EPSV = /\(([\x21-\x7e])\1\1(\d+)\1\)/;

/** Parses a 229 reply: "(|||port|)" with any printable delimiter, as RFC 2428 allows. */
export function parseEpsvReply(text: string): Parsed<{ port: number }> {
  const match = EPSV.exec(text.length > MAX_MATCHED ? text.slice(0, MAX_MATCHED) : text);
  if (!match) return { ok: false, error: 'no (<d><d><d>port<d>) found' };
  const port = Number(match[2]);
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535) {
    return { ok: false, error: `port ${match[2]} is out of range (1-65535)` };
  }
  return { ok: true, value: { port } };
}

/** A 227 or 229 reply's data address (229 names no host); undefined for any other reply code. */
export function parsePassiveReply(code: number, text: string): Parsed<{ host?: string; port: number }> | undefined {
  if (code === 227) return parsePasvReply(text);
  if (code === 229) return parseEpsvReply(text);
  return undefined;
}
