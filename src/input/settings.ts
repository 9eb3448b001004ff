import { ipFamily } from '../net/address.js';
import { ALL_MODES, type DataMode, type ProbeRequest, type ProbeSettings } from '../record/record.js';
import { resolveCredentials, type CredentialIO } from './credentials.js';
import { DEFAULTS, LIMITS, LISTING_CAP_BYTES, TRANSFER_MAX_BYTES } from './defaults.js';
import { hasCommandBreak } from '../protocol/ftp-commands.js';
import { UsageError } from './usage-error.js';
import { applyTls, displayTarget, parseTarget } from './target.js';
import type { TargetOptions } from './target-options.js';

export type { TargetOptions } from './target-options.js';

/** A target option, or one of the few options that belong to a whole run. */
export type OptionKey =
  | keyof TargetOptions
  | 'concurrency'
  | 'logFormat'
  | 'serverAddress'
  | 'server'
  | 'firewall'
  | 'publicAddress'
  | 'maxConcurrent'
  | 'allow'
  | 'via'
  | 'viaFingerprint'
  | 'pasvRange'
  | 'listen'
  | 'cert'
  | 'key'
  | 'perSource'
  | 'transfer'
  | 'transferMax'
  | 'transfers';

/** A value that is wrong, and the option it came from: the command line and a targets file each name the option their own way. */
export class OptionError extends Error {
  constructor(
    readonly key: OptionKey,
    message: string,
  ) {
    super(message);
  }
}

export const TLS_MODES = ['none', 'explicit', 'implicit', 'auto'] as const;
export const MODE_CHOICES = ['passive', 'epsv', 'active', 'eprt', 'pasv', 'port', 'all'] as const;
const MODE_NAMES: Record<string, DataMode> = {
  passive: 'passive',
  pasv: 'passive',
  epsv: 'epsv',
  active: 'active',
  port: 'active',
  eprt: 'eprt',
};

/** The one builder from options to a probe request, for the command line and targets files alike. */
export function buildRequest(options: TargetOptions, io: CredentialIO): ProbeRequest {
  if (typeof options.target !== 'string')
    throw new OptionError('target', 'missing: give a host, host:port or ftp:// URL');
  const tlsOption = options.tls === undefined ? undefined : choice(options.tls, 'tls', TLS_MODES);
  const { target, tls } = keyed('target', () => applyTls(parseTarget(options.target as string), tlsOption));
  const settings: ProbeSettings = {
    modes: options.modes === undefined ? [...ALL_MODES] : modesOf(options.modes),
    timeoutMs: secondsOf(options.timeout ?? DEFAULTS.timeoutS, 'timeout', LIMITS.phaseS),
    greetingTimeoutMs: secondsOf(
      options.greetingTimeout ?? DEFAULTS.greetingTimeoutS,
      'greetingTimeout',
      LIMITS.phaseS,
    ),
    deadlineMs: secondsOf(options.deadline ?? DEFAULTS.deadlineS, 'deadline', LIMITS.deadlineS),
    tryAdvertised: flag(options.tryAdvertised, 'tryAdvertised'),
    listingCapBytes: LISTING_CAP_BYTES,
    tls,
    insecure: flag(options.insecure, 'insecure'),
  };
  if (options.tlsVersion !== undefined)
    settings.tlsVersion =
      choice(options.tlsVersion, 'tlsVersion', ['1.2', '1.3'] as const) === '1.2' ? 'TLSv1.2' : 'TLSv1.3';
  if (options.externalIp !== undefined) settings.externalIp = addressOf(options.externalIp, 'externalIp');
  if (options.activePorts !== undefined) settings.activePorts = portRangeOf(options.activePorts, 'activePorts');
  if (options.pasvSamples !== undefined)
    settings.pasvSamples = countOf(options.pasvSamples, 'pasvSamples', LIMITS.pasvSamples);
  if (options.idle !== undefined) settings.idleMs = secondsOf(options.idle, 'idle', LIMITS.idleS);
  if (options.transfer !== undefined && options.transfer !== false)
    settings.transfer = transferOf(options.transfer, options.transferMax);
  else if (options.transferMax !== undefined)
    throw new OptionError('transferMax', 'needs --transfer (what to download)');
  if (options.transfers !== undefined) settings.transfers = countOf(options.transfers, 'transfers', LIMITS.transfers);
  if (options.expectPasvRange !== undefined)
    settings.expectPasvRange = portRangeOf(options.expectPasvRange, 'expectPasvRange');
  if (options.expectAddress !== undefined) settings.expectAddress = addressOf(options.expectAddress, 'expectAddress');
  const family = familyOption(options.family, target.host);
  const credentials = keyed(options.user !== undefined ? 'user' : 'target', () =>
    resolveCredentials(
      { ...target, ...(options.password !== undefined ? { password: textOf(options.password, 'password') } : {}) },
      {
        ...(options.user !== undefined ? { user: textOf(options.user, 'user') } : {}),
        ...(options.passwordFile !== undefined ? { passwordFile: textOf(options.passwordFile, 'passwordFile') } : {}),
        passwordEnv: options.passwordEnv === undefined ? 'FTP_PASSWORD' : textOf(options.passwordEnv, 'passwordEnv'),
        netrc: flag(options.netrc, 'netrc'),
        ...(options.netrcFile !== undefined ? { netrcFile: textOf(options.netrcFile, 'netrcFile') } : {}),
      },
      io,
    ),
  );
  return {
    target: {
      input: displayTarget(target, tls),
      host: target.host,
      port: target.port,
      user: credentials.user,
      anonymous: credentials.anonymous,
      ...(target.path ? { path: target.path } : {}),
    },
    password: credentials.password,
    settings,
    allAddresses: flag(options.allAddresses, 'allAddresses'),
    ...(family ? { family } : {}),
  };
}

/** --transfer [PATH] and --transfer-max SIZE: true or "" for the listing's largest file, else the path to download. */
function transferOf(value: unknown, max: unknown): { path?: string; maxBytes: number } {
  const maxBytes = max === undefined ? TRANSFER_MAX_BYTES : bytesOf(max, 'transferMax', LIMITS.transferBytes);
  if (value === true || value === '') return { maxBytes };
  if (typeof value !== 'string') throw new OptionError('transfer', `must be a path or nothing, not "${shown(value)}"`);
  if (hasCommandBreak(value) || value.trim() !== value)
    throw new OptionError('transfer', 'must not hold a line break, a NUL or surrounding spaces: it goes into RETR');
  return { path: value, maxBytes };
}

/** A size in bytes: a whole number, or one with K, M or G (1024s), above 0 and at most the limit. */
function bytesOf(value: unknown, key: OptionKey, limit: number): number {
  const text = String(value).trim();
  const match = /^(\d{1,12})([KMG]?)$/i.exec(text);
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(match?.[2] ?? '').toUpperCase() as '' | 'K' | 'M' | 'G'];
  const bytes = match ? Number(match[1]) * unit : NaN;
  if (!(bytes > 0 && bytes <= limit))
    throw new OptionError(key, `must be a size above 0 and at most 1G, such as 4M or 65536, not "${shown(value)}"`);
  return bytes;
}

/** 4 or 6, from -4/-6 or a targets file's family key; an address of the other family is a contradiction. */
function familyOption(value: unknown, host: string): 4 | 6 | undefined {
  if (value === undefined) return undefined;
  const family = value === 4 || value === '4' ? 4 : value === 6 || value === '6' ? 6 : undefined;
  if (!family) throw new OptionError('family', `must be 4 or 6, not "${shown(value)}"`);
  const literal = ipFamily(host);
  if (literal !== 0 && literal !== family)
    throw new OptionError('family', `asks for IPv${family}, but the target ${host} is an IPv${literal} address`);
  return family;
}

/** Runs a parser that throws UsageError, and names the option it read. */
function keyed<T>(key: OptionKey, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UsageError) throw new OptionError(key, error.message);
    throw error;
  }
}

const shown = (value: unknown): string => (Array.isArray(value) ? value.join(',') : String(value));

/** "passive,active", a list of names, or "all". */
export function modesOf(value: unknown): DataMode[] {
  const names = listOf(value, 'modes')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || names.includes('all')) return [...ALL_MODES];
  const modes = names.map((name) => {
    const mode = MODE_NAMES[name];
    if (!mode) throw new OptionError('modes', `has an unknown mode "${name}": use ${MODE_CHOICES.join(', ')}`);
    return mode;
  });
  return ALL_MODES.filter((mode) => modes.includes(mode));
}

export function listOf(value: unknown, key: OptionKey): string[] {
  if (typeof value === 'string') return value.split(',').map((part) => part.trim());
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.flatMap((item: string) => item.split(',').map((part) => part.trim()));
  throw new OptionError(key, `must be a comma-separated list of names, not "${shown(value)}"`);
}

export function choice<T extends string>(value: unknown, key: OptionKey, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(key, `must be one of ${allowed.join(', ')}, not "${shown(value)}"`);
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return Number.NaN;
}

export function secondsOf(value: unknown, key: OptionKey, max: number): number {
  const seconds = numberOf(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > max)
    throw new OptionError(key, `must be a number of seconds above 0 and at most ${max}, not "${shown(value)}"`);
  return Math.round(seconds * 1000);
}

export function countOf(value: unknown, key: OptionKey, max: number): number {
  const count = numberOf(value);
  if (!Number.isInteger(count) || count < 1 || count > max)
    throw new OptionError(key, `must be a whole number from 1 to ${max}, not "${shown(value)}"`);
  return count;
}

export function addressOf(value: unknown, key: OptionKey): string {
  if (typeof value !== 'string' || ipFamily(value) === 0)
    throw new OptionError(key, `must be an IP address, not "${shown(value)}"`);
  return value;
}

export function portRangeOf(value: unknown, key: OptionKey): { low: number; high: number } {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const match = /^(\d+)(?:\s*[-:]\s*(\d+))?$/.exec(text.trim());
  const low = Number(match?.[1]);
  const high = Number(match?.[2] ?? match?.[1]);
  if (!match || low < 1 || high > 65535 || low > high) {
    throw new OptionError(
      key,
      `must be a port range like 50000-50100 (ports 1 to 65535, low to high), not "${shown(value)}"`,
    );
  }
  return { low, high };
}

export function flag(value: unknown, key: OptionKey): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new OptionError(key, `must be true or false, not "${shown(value)}"`);
  return value;
}

/** A value that must be text (a user name, a file, a variable's name): a number reads as its digits; a list or a mapping is refused. */
export function textOf(value: unknown, key: OptionKey): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new OptionError(key, 'must be text, not a list or a mapping');
}
