import { classifyAddress, ipFamily } from '../net/address.js';
import type { ReportDocument } from './document.js';
import type { ProbeRecord } from '../record/record.js';

/**
 * Masks public addresses everywhere in a report, so it can be pasted into a public ticket; names were masked in
 * the records it was built from (redactNames). Passwords never reach a report in the first place.
 */
export function redactDocument(document: ReportDocument): ReportDocument {
  return redactPublic(document);
}

/**
 * Masks the target's host name and user in what a probe or a log recorded, before any words are built around
 * them: a name that is also a word ("unknown", "backup") is masked where it was seen, never in the report's own
 * sentences. A log's target is an address, or none.
 */
export function redactNames(record: ProbeRecord): ProbeRecord {
  const named = new Map<string, string>();
  if (!record.source && ipFamily(record.target.host) === 0) named.set(record.target.host, '<host>');
  if (!record.target.anonymous && record.target.user) named.set(record.target.user, '<user>');
  return named.size === 0 ? record : replaceEverywhere(record, named);
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
  return replaceEverywhere(document, replacements);
}

/** Every string in the value with each whole occurrence replaced; longest first, so that "203.0.113.10" is not half-replaced by "203.0.113.1". */
function replaceEverywhere<T>(value: T, replacements: Map<string, string>): T {
  const ordered = [...replacements.entries()].sort((a, b) => b[0].length - a[0].length);
  return mapStrings(value, (text) => ordered.reduce((out, [from, to]) => replaceWhole(out, from, to), text)) as T;
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
