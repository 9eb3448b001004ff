import { UsageError } from './usage-error.js';
import { OptionError } from './settings.js';
import { CLI_TARGET_OPTIONS, kebab, type CliTargetOption, type Kebab, type TargetOptions } from './target-options.js';

/**
 * The command line's options, as its parser hands them over. The parser's
 * option table is checked against this type, so renaming an option breaks the build.
 */
export interface CommandLine {
  modes?: string;
  timeout?: string;
  'greeting-timeout'?: string;
  deadline?: string;
  'all-addresses': boolean;
  ipv4: boolean;
  ipv6: boolean;
  'try-advertised': boolean;
  'external-ip'?: string;
  'active-ports'?: string;
  tls?: string;
  insecure: boolean;
  'tls-version'?: string;
  user?: string;
  'password-file'?: string;
  'password-env': string;
  netrc: boolean;
  'netrc-file'?: string;
  'pasv-samples'?: string;
  idle?: string;
  transfer?: string;
  'transfer-max'?: string;
  transfers?: string;
  'expect-pasv-range'?: string;
  'expect-address'?: string;
  concurrency?: string;
  details: boolean;
  'log-format': string;
  'server-address'?: string;
  'server-capture'?: string;
  serve: boolean;
  port?: string;
  config?: string;
  listen?: string;
  allow?: string;
  'max-concurrent'?: string;
  server?: string;
  firewall?: string;
  'public-address'?: string;
  site?: string;
  compose?: string;
  service?: string;
  kubernetes?: string;
  targets?: string;
  via?: string;
  'via-fingerprint'?: string;
  'pasv-range'?: string;
  'per-source'?: string;
  cert?: string;
  key?: string;
  format: string;
  output?: string;
  json: boolean;
  transcript: boolean;
  redact: boolean;
  'fail-on': string;
}

/** The positional arguments of each command. */
export interface Positionals {
  target?: string;
  file?: string;
  /** analyze: the server's capture, after the client's. */
  'server-file'?: string;
  code?: string;
  shell?: string;
}

export type ParsedCommandLine = CommandLine & Positionals & { _: Array<string | number> };

/** How the command line writes an option: `--greeting-timeout` for greetingTimeout. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Every flag the targets registry says the command line has: a flag missing here (or renamed) does not compile. */
type MissingFlags = Exclude<Kebab<CliTargetOption>, keyof CommandLine>;
const noFlagMissing: [MissingFlags] extends [never] ? true : MissingFlags = true;
void noFlagMissing;

/** One target's options from the command line. */
export function targetOptionsOf(line: ParsedCommandLine): TargetOptions {
  const options: TargetOptions = { target: line.target ?? '' };
  for (const key of CLI_TARGET_OPTIONS) {
    const value = line[kebab(key)];
    if (value !== undefined) options[key] = value;
  }
  if (line.ipv4 && line.ipv6) throw new OptionError('family', 'cannot be both 4 and 6: give -4 or -6, not both');
  if (line.ipv4 || line.ipv6) options.family = line.ipv4 ? 4 : 6;
  return options;
}

/** Reads options given on the command line: a wrong value becomes one usage line naming the flag. */
export function fromCommandLine<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof OptionError)
      throw new UsageError(
        error.key === 'target' || error.key === 'user'
          ? error.message
          : `${error.key === 'family' ? '-4/-6' : flagName(error.key)} ${error.message}`,
      );
    throw error;
  }
}
