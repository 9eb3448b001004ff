import { isIP } from 'node:net';
import { ALL_MODES, type DataMode } from '../probe/record.js';
import { UsageError } from './errors.js';

const MODE_NAMES: Record<string, DataMode> = { passive: 'passive', pasv: 'passive', epsv: 'epsv', active: 'active', port: 'active', eprt: 'eprt' };

/** "passive,active" or repeated --modes; "all" for every mode. */
export function parseModes(values: string[]): DataMode[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0 || names.includes('all')) return [...ALL_MODES];
  const modes = names.map((name) => {
    const mode = MODE_NAMES[name];
    if (!mode) throw new UsageError(`unknown mode "${name}" in --modes: use passive, epsv, active, eprt or all`);
    return mode;
  });
  return ALL_MODES.filter((mode) => modes.includes(mode));
}

export function parsePortRange(text: string, option: string): { low: number; high: number } {
  const match = /^(\d+)(?:\s*[-:]\s*(\d+))?$/.exec(text.trim());
  const low = Number(match?.[1]);
  const high = Number(match?.[2] ?? match?.[1]);
  if (!match || low < 1 || high > 65535 || low > high) {
    throw new UsageError(`${option} "${text}" is not a port range like 50000-50100 (ports 1 to 65535, low to high)`);
  }
  return { low, high };
}

export function parseSeconds(value: unknown, option: string, max: number): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > max) {
    throw new UsageError(`${option} must be a number of seconds above 0 and at most ${max}, not "${String(value)}"`);
  }
  return Math.round(seconds * 1000);
}

export function parseIpOption(value: string, option: string): string {
  if (!isIP(value)) throw new UsageError(`${option} "${value}" is not an IP address`);
  return value;
}

export const MAX_PASV_SAMPLES = 200;

export function parseCount(value: unknown, option: string, max: number): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > max) throw new UsageError(`${option} must be a whole number from 1 to ${max}, not "${String(value)}"`);
  return count;
}
