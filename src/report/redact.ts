import { classifyAddress, ipFamily } from '../net/address.js';
import type { ReportDocument } from './document.js';

/**
 * Masks user names, public addresses and the target's host name everywhere in
 * a report, so it can be pasted into a public ticket. Passwords never reach a
 * report in the first place.
 */
export function redactDocument(document: ReportDocument): ReportDocument {
  const named = new Map<string, string>();
  if (ipFamily(document.target.host) === 0) named.set(document.target.host, '<host>');
  const users = [document.target.user, ...(document.alsoProbed ?? []).map((d) => d.target.user)];
  if (!document.target.anonymous) for (const user of users) named.set(user, '<user>');
  return redactPublic(document, named);
}

/** Masks every public address found anywhere in a report, and the given names, everywhere. */
export function redactPublic<T>(document: T, named: Map<string, string> = new Map()): T {
  const replacements = new Map<string, string>();
  const addresses = new Set<string>();
  collectAddresses(document, addresses);
  let n = 0;
  for (const address of addresses) {
    if (classifyAddress(address).scope !== 'public') continue;
    n += 1;
    replacements.set(address, `<public-${n}>`);
    if (ipFamily(address) === 4) replacements.set(address.split('.').join(','), `<public-${n}>`);
  }
  for (const [from, to] of named) replacements.set(from, to);
  // Longest first, so that "203.0.113.10" is not half-replaced by "203.0.113.1".
  const ordered = [...replacements.entries()].sort((a, b) => b[0].length - a[0].length);
  return mapStrings(document, (text) => ordered.reduce((out, [from, to]) => replaceWhole(out, from, to), text)) as T;
}

function replaceWhole(text: string, from: string, to: string): string {
  if (!from || !text.includes(from)) return text;
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A comma form ("203,0,113,5") is followed by the port numbers in 227 and PORT lines.
  const pattern = from.includes(',')
    ? `(?<![\\d,])${escaped}(?!\\d)`
    : ipFamily(from) === 6
      ? `(?<![\\w:])${escaped}(?![\\w:])`
      : `(?<![\\w.])${escaped}(?!\\w|\\.\\d)`;
  return text.replace(new RegExp(pattern, 'g'), to);
}

const ADDRESS_IN_TEXT = /(?:\d{1,3}[.,]){3}\d{1,3}|\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?/gi;

function collectAddresses(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(ADDRESS_IN_TEXT)) {
      const candidate = match[0].replace(/^\[|\]$/g, '').replace(/,/g, '.');
      if (ipFamily(candidate)) into.add(candidate);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectAddresses(item, into);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectAddresses(item, into);
  }
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}
