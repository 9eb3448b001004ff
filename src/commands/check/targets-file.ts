import { isFindingCode, type FindingCode } from '../../diagnose/findings/catalogue.js';
import type { Expectations, ModeExpectation } from '../../diagnose/gate.js';
import { fromCommandLine, type ParsedCommandLine } from '../../input/command-line.js';
import type { CredentialIO } from '../../input/credentials.js';
import { LIMITS } from '../../input/defaults.js';
import { UsageError } from '../../input/usage-error.js';
import { readYamlFile } from '../../input/yaml.js';
import { EXPECT_KEYS, TARGETS_FILE_KEYS } from '../../input/target-options.js';
import {
  buildRequest,
  listOf,
  OptionError,
  secondsOf,
  textOf,
  type OptionKey,
  type TargetOptions,
} from '../../input/settings.js';
import { ALL_MODES, type DataMode, type ProbeRequest } from '../../record/record.js';

export interface CheckTarget {
  name: string;
  request: ProbeRequest;
  expectations: Expectations;
}

export interface CheckPlan {
  concurrency: number;
  targets: CheckTarget[];
}

const TOP_KEYS = ['concurrency', 'defaults', 'targets'];
const MODE_ALIASES: Record<string, DataMode> = { pasv: 'passive', port: 'active' };

type Path = Array<string | number>;

/**
 * Reads a targets file (YAML, or JSON, which YAML includes) into a plan, or
 * fails with one message naming the file, the line and the key at fault.
 * Nothing runs until the whole file is valid.
 */
export function readTargetsFile(file: string, text: string, line: ParsedCommandLine, io: CredentialIO): CheckPlan {
  const base = commandLineDefaults(line);
  const { document, lines } = readYamlFile(file, text, { uniqueKeys: true });
  const at = (path: Path, message: string): UsageError => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    return new UsageError(`${file}${line ? `:${line}` : ''}: ${path.length ? `${formatPath(path)}: ` : ''}${message}`);
  };
  const root = document.toJS() as unknown;
  if (!isRecord(root)) throw at([], 'expected a mapping with "targets:" (a list of targets)');
  unknownKeys(root, TOP_KEYS, [], at);
  const concurrency =
    root.concurrency === undefined ? 10 : wholeNumber(root.concurrency, ['concurrency'], 1, LIMITS.concurrency, at);
  const shared = root.defaults === undefined ? {} : root.defaults;
  if (!isRecord(shared)) throw at(['defaults'], 'expected a mapping of target options');
  unknownKeys(
    shared,
    TARGETS_FILE_KEYS.filter((key) => key !== 'target' && key !== 'name'),
    ['defaults'],
    at,
  );
  if (!Array.isArray(root.targets) || root.targets.length === 0)
    throw at(root.targets === undefined ? [] : ['targets'], 'expected "targets:" with at least one target');
  const targets = root.targets.map((entry: unknown, index: number) =>
    readTarget(entry, shared, ['targets', index], base, io, at),
  );
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
  base: TargetOptions,
  io: CredentialIO,
  at: (path: Path, message: string) => UsageError,
): CheckTarget {
  if (typeof entry === 'string') entry = { target: entry };
  if (!isRecord(entry)) throw at(path, 'expected a target: a string or a mapping with "target:"');
  unknownKeys(entry, TARGETS_FILE_KEYS, path, at);
  const values: Record<string, unknown> = { ...shared, ...entry };
  const keyPath = (key: string): Path => (key in entry ? [...path, key] : ['defaults', key]);
  if (typeof values.target !== 'string') throw at(path, 'missing "target:" (host, host:port or ftp:// URL)');
  const expect = values.expect;
  if (expect !== undefined && !isRecord(expect))
    throw at(keyPath('expect'), 'expected a mapping such as { passive: ok, active: fail }');
  if (expect) unknownKeys(expect, EXPECT_KEYS, keyPath('expect'), at);
  const passwordEnv =
    values.passwordEnv === undefined
      ? undefined
      : keyedText(values.passwordEnv, 'passwordEnv', keyPath('passwordEnv'), at);
  if (passwordEnv !== undefined && !io.env[passwordEnv])
    throw at(keyPath('passwordEnv'), `the environment variable ${passwordEnv} is not set`);
  const { expect: _expect, name: _name, ...targetValues } = values;
  const options: TargetOptions = {
    ...base,
    ...targetValues,
    ...(expect?.pasvRange !== undefined
      ? { expectPasvRange: keyedText(expect.pasvRange, 'expectPasvRange', keyPath('expect'), at) }
      : {}),
    ...(expect?.address !== undefined ? { expectAddress: expect.address } : {}),
  };
  let request: ProbeRequest;
  try {
    request = buildRequest(options, io);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    const where =
      error.key === 'expectPasvRange'
        ? [...keyPath('expect'), 'pasvRange']
        : error.key === 'expectAddress'
          ? [...keyPath('expect'), 'address']
          : keyPath(error.key);
    throw at(where, error.message);
  }
  return {
    name: typeof values.name === 'string' && values.name ? values.name : request.target.input,
    request,
    expectations: expect ? expectationsOf(expect, keyPath('expect'), at) : {},
  };
}

function expectationsOf(
  expect: Record<string, unknown>,
  path: Path,
  at: (path: Path, message: string) => UsageError,
): Expectations {
  const expectations: Expectations = {};
  const modes: Partial<Record<DataMode, ModeExpectation>> = {};
  for (const [key, value] of Object.entries(expect)) {
    const mode = MODE_ALIASES[key] ?? ALL_MODES.find((name) => name === key);
    if (!mode) continue;
    if (value !== 'ok' && value !== 'fail' && value !== 'any')
      throw at([...path, key], `must be ok, fail or any, not "${String(value)}"`);
    modes[mode] = value;
  }
  if (Object.keys(modes).length) expectations.modes = modes;
  if (expect.allow !== undefined) {
    let codes: string[];
    try {
      codes = listOf(expect.allow, 'target');
    } catch {
      throw at([...path, 'allow'], 'expected a list of finding codes');
    }
    const unknown = codes.find((code) => !isFindingCode(code));
    if (unknown) throw at([...path, 'allow'], `unknown finding code "${unknown}"`);
    expectations.allow = codes as FindingCode[];
  }
  return expectations;
}

/** Timeouts given on the command line apply to every target that does not set its own. */
function commandLineDefaults(line: ParsedCommandLine): TargetOptions {
  const base: TargetOptions = {};
  fromCommandLine(() => {
    if (line.timeout !== undefined) base.timeout = secondsOf(line.timeout, 'timeout', LIMITS.phaseS) / 1000;
    if (line['greeting-timeout'] !== undefined)
      base.greetingTimeout = secondsOf(line['greeting-timeout'], 'greetingTimeout', LIMITS.phaseS) / 1000;
    if (line.deadline !== undefined) base.deadline = secondsOf(line.deadline, 'deadline', LIMITS.deadlineS) / 1000;
  });
  return base;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatPath(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function unknownKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  path: Path,
  at: (path: Path, message: string) => UsageError,
): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown) throw at([...path, unknown], `unknown key "${unknown}" (known: ${known.join(', ')})`);
}

function wholeNumber(
  value: unknown,
  path: Path,
  min: number,
  max: number,
  at: (path: Path, message: string) => UsageError,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw at(path, `must be a whole number from ${min} to ${max}`);
  return value;
}

/** Text at a place in the file, or an error naming that place. */
function keyedText(
  value: unknown,
  key: OptionKey,
  where: Path,
  at: (path: Path, message: string) => UsageError,
): string {
  try {
    return textOf(value, key);
  } catch (error) {
    if (error instanceof OptionError) throw at(where, error.message);
    throw error;
  }
}
