import { ipFamily } from '../net/address.js';

/**
 * The reflector's machine-readable reply lines, version 1 (docs/reflector.md):
 * `fdr/1 EVENT key=value ...` inside an ordinary FTP reply, one event per line.
 * Values never hold spaces; a reader ignores keys it does not know, and lines
 * of another version.
 */
export const REFLECTOR_FORMAT = 'fdr/1';

export const REFLECTOR_EVENTS = ['hello', 'arrived', 'connect-back', 'data-arrived', 'limit'] as const;
export type ReflectorEvent = (typeof REFLECTOR_EVENTS)[number];

export interface ReflectorLine {
  event: ReflectorEvent;
  fields: Record<string, string>;
}

const VALUE = /^[\x21-\x7e]{1,200}$/;
const KEY = /^[a-z][a-z0-9-]{0,40}$/;

export function formatReflectorLine(event: ReflectorEvent, fields: Record<string, string | number | boolean>): string {
  const parts = Object.entries(fields).map(([key, value]) => {
    const text = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
    if (!KEY.test(key) || !VALUE.test(text)) throw new Error(`reflector field ${key}=${text} cannot be written`);
    return `${key}=${text}`;
  });
  return [REFLECTOR_FORMAT, event, ...parts].join(' ');
}

/** The reflector lines among a reply's lines (with or without their "NNN-" prefix); anything else is skipped. */
export function parseReflectorLines(lines: readonly string[]): ReflectorLine[] {
  const found: ReflectorLine[] = [];
  for (const raw of lines) {
    const words = raw
      .replace(/^\d{3}[ -]?/, '')
      .trim()
      .split(/\s+/);
    if (words[0] !== REFLECTOR_FORMAT) continue;
    const event = words[1] as ReflectorEvent;
    if (!REFLECTOR_EVENTS.includes(event)) continue;
    const fields: Record<string, string> = {};
    for (const word of words.slice(2)) {
      const at = word.indexOf('=');
      const key = word.slice(0, at);
      const value = word.slice(at + 1);
      if (at > 0 && KEY.test(key) && VALUE.test(value)) fields[key] = value;
    }
    found.push({ event, fields });
  }
  return found;
}

/** The first line of an event in a reply, if any. */
export function reflectorEvent(lines: readonly string[], event: ReflectorEvent): Record<string, string> | undefined {
  return parseReflectorLines(lines).find((line) => line.event === event)?.fields;
}

/** An address field: an IP literal, else undefined (a hostile reflector's junk is not an address). */
export function addressField(fields: Record<string, string> | undefined, key: string): string | undefined {
  const value = fields?.[key];
  return value !== undefined && ipFamily(value) !== 0 ? value : undefined;
}

/** A port field: 1-65535, else undefined. */
export function portField(fields: Record<string, string> | undefined, key: string): number | undefined {
  const value = fields?.[key];
  if (value === undefined || !/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** A count of milliseconds, bounded so a hostile value cannot stretch a wait. */
export function millisecondsField(
  fields: Record<string, string> | undefined,
  key: string,
  max: number,
): number | undefined {
  const value = fields?.[key];
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  return Math.min(Number(value), max);
}
