import { isIP } from 'node:net';
import { LineCounter, parseDocument } from 'yaml';
import { isFindingCode, type FindingCode } from '../diagnose/codes.js';
import type { Expectations, ModeExpectation } from '../diagnose/gate.js';
import { ALL_MODES, type DataMode, type ProbeSettings } from '../probe/record.js';
import { resolveCredentials, type CredentialIO } from '../cli/credentials.js';
import { UsageError } from '../cli/errors.js';
import { MAX_PASV_SAMPLES, parseModes, parsePortRange } from '../cli/options.js';
import type { ProbeRequest } from '../probe/runner.js';
import { applyTls, displayTarget, parseTarget } from '../cli/target.js';

export interface CheckTarget {
  name: string;
  request: ProbeRequest;
  expectations: Expectations;
}

export interface CheckPlan {
  concurrency: number;
  targets: CheckTarget[];
}

export interface PlanDefaults {
  timeoutMs: number;
  greetingTimeoutMs: number;
  deadlineMs: number;
  listingCapBytes: number;
}

const TOP_KEYS = ['concurrency', 'defaults', 'targets'];
const TARGET_KEYS = ['name', 'target', 'user', 'password', 'passwordEnv', 'passwordFile', 'modes', 'timeout', 'greetingTimeout', 'deadline', 'pasvSamples', 'allAddresses', 'tryAdvertised', 'externalIp', 'activePorts', 'expect', 'tls', 'insecure'];
const EXPECT_KEYS = [...ALL_MODES, 'pasv', 'port', 'pasvRange', 'address', 'allow'];
const MODE_ALIASES: Record<string, DataMode> = { pasv: 'passive', port: 'active' };
export const MAX_CONCURRENCY = 200;

type Path = Array<string | number>;

/**
 * Reads a targets file (YAML, or JSON, which YAML includes) into a plan, or
 * fails with one message naming the file, the line and the key at fault.
 * Nothing runs until the whole file is valid.
 */
export function readTargetsFile(file: string, text: string, defaults: PlanDefaults, io: CredentialIO): CheckPlan {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw new UsageError(`${file}${line ? `:${line}` : ''}: ${first.message.split('\n')[0]}`);
  }
  const at = (path: Path, message: string): UsageError => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    return new UsageError(`${file}${line ? `:${line}` : ''}: ${path.length ? `${formatPath(path)}: ` : ''}${message}`);
  };
  const root = document.toJS() as unknown;
  if (!isRecord(root)) throw at([], 'expected a mapping with "targets:" (a list of targets)');
  unknownKeys(root, TOP_KEYS, [], at);
  const concurrency = root.concurrency === undefined ? 10 : wholeNumber(root.concurrency, ['concurrency'], 1, MAX_CONCURRENCY, at);
  const shared = root.defaults === undefined ? {} : root.defaults;
  if (!isRecord(shared)) throw at(['defaults'], 'expected a mapping of target options');
  unknownKeys(shared, TARGET_KEYS.filter((key) => key !== 'target' && key !== 'name'), ['defaults'], at);
  if (!Array.isArray(root.targets) || root.targets.length === 0) throw at(root.targets === undefined ? [] : ['targets'], 'expected "targets:" with at least one target');
  const targets = root.targets.map((entry: unknown, index: number) => readTarget(entry, shared, ['targets', index], defaults, io, at));
  const names = new Set<string>();
  targets.forEach((target, index) => {
    if (names.has(target.name)) throw at(['targets', index, 'name'], `the name "${target.name}" is used twice`);
    names.add(target.name);
  });
  return { concurrency, targets };
}

function readTarget(
  entry: unknown,
  shared: Record<string, unknown>,
  path: Path,
  defaults: PlanDefaults,
  io: CredentialIO,
  at: (path: Path, message: string) => UsageError,
): CheckTarget {
  if (typeof entry === 'string') entry = { target: entry };
  if (!isRecord(entry)) throw at(path, 'expected a target: a string or a mapping with "target:"');
  unknownKeys(entry, TARGET_KEYS, path, at);
  const values = { ...shared, ...entry };
  const keyPath = (key: string): Path => (key in entry ? [...path, key] : ['defaults', key]);
  if (typeof values.target !== 'string') throw at(path, 'missing "target:" (host, host:port or ftp:// URL)');
  if (values.tls !== undefined && !['none', 'explicit', 'implicit', 'auto'].includes(String(values.tls))) throw at(keyPath('tls'), 'must be none, explicit, implicit or auto');
  const { target: parsed, tls } = wrap(() => applyTls(parseTarget(values.target as string), values.tls as string | undefined), keyPath('target'), at);
  const settings: ProbeSettings = {
    modes: values.modes === undefined ? [...ALL_MODES] : wrap(() => parseModes(stringList(values.modes, keyPath('modes'), at)), keyPath('modes'), at),
    timeoutMs: values.timeout === undefined ? defaults.timeoutMs : secondsValue(values.timeout, keyPath('timeout'), at),
    greetingTimeoutMs: values.greetingTimeout === undefined ? defaults.greetingTimeoutMs : secondsValue(values.greetingTimeout, keyPath('greetingTimeout'), at),
    deadlineMs: values.deadline === undefined ? defaults.deadlineMs : secondsValue(values.deadline, keyPath('deadline'), at),
    tryAdvertised: booleanValue(values.tryAdvertised, keyPath('tryAdvertised'), at),
    listingCapBytes: defaults.listingCapBytes,
    tls,
    insecure: booleanValue(values.insecure, keyPath('insecure'), at),
  };
  if (values.pasvSamples !== undefined) settings.pasvSamples = wholeNumber(values.pasvSamples, keyPath('pasvSamples'), 1, MAX_PASV_SAMPLES, at);
  if (values.externalIp !== undefined) settings.externalIp = ipValue(values.externalIp, keyPath('externalIp'), at);
  if (values.activePorts !== undefined) settings.activePorts = wrap(() => parsePortRange(String(values.activePorts), 'activePorts'), keyPath('activePorts'), at);
  const expectations: Expectations = {};
  if (values.expect !== undefined) {
    const expect = values.expect;
    if (!isRecord(expect)) throw at(keyPath('expect'), 'expected a mapping such as { passive: ok, active: fail }');
    unknownKeys(expect, EXPECT_KEYS, keyPath('expect'), at);
    const modes: Partial<Record<DataMode, ModeExpectation>> = {};
    for (const [key, value] of Object.entries(expect)) {
      const mode = MODE_ALIASES[key] ?? ALL_MODES.find((name) => name === key);
      if (!mode) continue;
      if (value !== 'ok' && value !== 'fail' && value !== 'any') throw at([...keyPath('expect'), key], `must be ok, fail or any, not "${String(value)}"`);
      modes[mode] = value;
    }
    if (Object.keys(modes).length) expectations.modes = modes;
    if (expect.pasvRange !== undefined) settings.expectPasvRange = wrap(() => parsePortRange(String(expect.pasvRange), 'pasvRange'), [...keyPath('expect'), 'pasvRange'], at);
    if (expect.address !== undefined) settings.expectAddress = ipValue(expect.address, [...keyPath('expect'), 'address'], at);
    if (expect.allow !== undefined) {
      const codes = stringList(expect.allow, [...keyPath('expect'), 'allow'], at);
      const unknown = codes.find((code) => !isFindingCode(code));
      if (unknown) throw at([...keyPath('expect'), 'allow'], `unknown finding code "${unknown}"`);
      expectations.allow = codes as FindingCode[];
    }
  }
  const credentialEnv = values.passwordEnv === undefined ? undefined : String(values.passwordEnv);
  if (credentialEnv !== undefined && !io.env[credentialEnv]) throw at(keyPath('passwordEnv'), `the environment variable ${credentialEnv} is not set`);
  const credentials = wrap(
    () =>
      resolveCredentials(
        { ...parsed, ...(values.password !== undefined ? { password: String(values.password) } : {}) },
        {
          ...(values.user !== undefined ? { user: String(values.user) } : {}),
          ...(values.passwordFile !== undefined ? { passwordFile: String(values.passwordFile) } : {}),
          passwordEnv: credentialEnv ?? 'FTP_PASSWORD',
          netrc: false,
        },
        io,
      ),
    values.user !== undefined ? keyPath('user') : path,
    at,
  );
  return {
    name: typeof values.name === 'string' && values.name ? values.name : displayTarget(parsed, tls),
    request: {
      target: {
        input: displayTarget(parsed, tls),
        host: parsed.host,
        port: parsed.port,
        user: credentials.user,
        anonymous: credentials.anonymous,
        ...(parsed.path ? { path: parsed.path } : {}),
      },
      password: credentials.password,
      settings,
      allAddresses: booleanValue(values.allAddresses, keyPath('allAddresses'), at),
    },
    expectations,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatPath(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function unknownKeys(value: Record<string, unknown>, known: string[], path: Path, at: (path: Path, message: string) => UsageError): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown) throw at([...path, unknown], `unknown key "${unknown}" (known: ${known.join(', ')})`);
}

function wrap<T>(read: () => T, path: Path, at: (path: Path, message: string) => UsageError): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UsageError) throw at(path, error.message);
    throw error;
  }
}

function wholeNumber(value: unknown, path: Path, min: number, max: number, at: (path: Path, message: string) => UsageError): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw at(path, `must be a whole number from ${min} to ${max}`);
  return value;
}

function secondsValue(value: unknown, path: Path, at: (path: Path, message: string) => UsageError): number {
  if (typeof value !== 'number' || !(value > 0) || value > 3600) throw at(path, 'must be a number of seconds above 0 and at most 3600');
  return Math.round(value * 1000);
}

function booleanValue(value: unknown, path: Path, at: (path: Path, message: string) => UsageError): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw at(path, 'must be true or false');
  return value;
}

function ipValue(value: unknown, path: Path, at: (path: Path, message: string) => UsageError): string {
  if (typeof value !== 'string' || !isIP(value)) throw at(path, `"${String(value)}" is not an IP address`);
  return value;
}

function stringList(value: unknown, path: Path, at: (path: Path, message: string) => UsageError): string[] {
  if (typeof value === 'string') return value.split(',').map((part) => part.trim());
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw at(path, 'expected a list of names');
}
