import { ALL_MODES } from '../record/record.js';

/**
 * Where a target option may be given: on the command line (as --kebab-case, or `family` as -4/-6),
 * in a targets file, in an exporter module. Its checking, defaults and help live once elsewhere:
 * buildRequest (settings.ts), DEFAULTS (defaults.ts), the CLI's option table (typed against this one).
 */
interface TargetOptionPlaces {
  cli: boolean;
  targetsFile: boolean;
  module: boolean;
}

/** Every option of one target, once: the targets file's keys, the modules' keys and the command line's all derive from it. */
export const TARGET_OPTIONS = {
  target: { cli: false, targetsFile: true, module: false },
  modes: { cli: true, targetsFile: true, module: true },
  family: { cli: false, targetsFile: true, module: true },
  timeout: { cli: true, targetsFile: true, module: true },
  greetingTimeout: { cli: true, targetsFile: true, module: true },
  deadline: { cli: true, targetsFile: true, module: true },
  tls: { cli: true, targetsFile: true, module: true },
  insecure: { cli: true, targetsFile: true, module: true },
  tlsVersion: { cli: true, targetsFile: false, module: false },
  tryAdvertised: { cli: true, targetsFile: true, module: true },
  allAddresses: { cli: true, targetsFile: true, module: false },
  externalIp: { cli: true, targetsFile: true, module: false },
  activePorts: { cli: true, targetsFile: true, module: false },
  pasvSamples: { cli: true, targetsFile: true, module: true },
  idle: { cli: true, targetsFile: true, module: true },
  transfer: { cli: true, targetsFile: true, module: true },
  transferMax: { cli: true, targetsFile: true, module: true },
  transfers: { cli: true, targetsFile: true, module: true },
  // In a targets file and a module these are `expect: { pasvRange, address }`.
  expectPasvRange: { cli: true, targetsFile: false, module: false },
  expectAddress: { cli: true, targetsFile: false, module: false },
  user: { cli: true, targetsFile: true, module: true },
  // Never on a command line (it would show in `ps`); a module's would show in every scrape's URL target list.
  password: { cli: false, targetsFile: true, module: false },
  passwordEnv: { cli: true, targetsFile: true, module: true },
  passwordFile: { cli: true, targetsFile: true, module: true },
  netrc: { cli: true, targetsFile: false, module: false },
  netrcFile: { cli: true, targetsFile: false, module: false },
} as const satisfies Record<string, TargetOptionPlaces>;

export type TargetOptionKey = keyof typeof TARGET_OPTIONS;

/** One target's options as the command line, a targets file and a module give them: values as typed, checked by buildRequest. */
export type TargetOptions = { [Key in TargetOptionKey]?: unknown };

type Where<Place extends keyof TargetOptionPlaces> = {
  [Key in TargetOptionKey]: (typeof TARGET_OPTIONS)[Key][Place] extends true ? Key : never;
}[TargetOptionKey];

/** The options the command line gives as flags, by key. */
export type CliTargetOption = Where<'cli'>;

function keysWhere<Place extends keyof TargetOptionPlaces>(place: Place): Array<Where<Place>> {
  return (Object.keys(TARGET_OPTIONS) as TargetOptionKey[]).filter((key) => TARGET_OPTIONS[key][place]) as Array<
    Where<Place>
  >;
}

export const CLI_TARGET_OPTIONS = keysWhere('cli');
/** What a target in a targets file may hold: its options, and its own name, module, labels and expectations. */
export const TARGETS_FILE_KEYS: readonly string[] = ['name', 'module', 'labels', ...keysWhere('targetsFile'), 'expect'];
/** What an exporter module may hold: its options, the targets it serves, and expectations. */
export const MODULE_KEYS: readonly string[] = ['targets', ...keysWhere('module'), 'expect'];
/** What `expect:` may hold, in a targets file and a module alike. */
export const EXPECT_KEYS: readonly string[] = [...ALL_MODES, 'pasv', 'port', 'pasvRange', 'address', 'allow'];

/** How the command line writes an option: `--greeting-timeout` for greetingTimeout. */
export type Kebab<Text extends string> = Text extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : Text;

export function kebab<Key extends string>(key: Key): Kebab<Key> {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`) as Kebab<Key>;
}
