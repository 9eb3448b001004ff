import { UsageError } from './usage-error.js';
import { hasCommandBreak } from '../protocol/ftp-commands.js';
import { findNetrc, parseNetrc } from './netrc.js';
import type { ParsedTarget } from './target.js';

/** Sent by anonymous logins; conventional, and never a secret. */
export const ANONYMOUS_PASSWORD = 'ftp-doctor@example.com';
const ANONYMOUS_USERS = new Set(['anonymous', 'ftp']);

export interface CredentialOptions {
  user?: string;
  passwordFile?: string;
  passwordEnv: string;
  netrc: boolean;
  netrcFile?: string;
}

export interface CredentialIO {
  env: Record<string, string | undefined>;
  readFile(path: string): string;
  homedir: string;
  /** Windows keeps the file as %USERPROFILE%\\_netrc, as curl reads it there. */
  platform?: string;
}

export interface Credentials {
  user: string;
  password: string;
  anonymous: boolean;
}

/** Password sources, in order: --password-file, --password-env, the URL, then .netrc when asked for. */
export function resolveCredentials(target: ParsedTarget, options: CredentialOptions, io: CredentialIO): Credentials {
  const netrc = options.netrc || options.netrcFile ? readNetrc(options.netrcFile ?? defaultNetrc(io), io) : undefined;
  const user = options.user ?? target.user ?? (netrc ? findNetrc(netrc, target.host)?.login : undefined);
  if (user === undefined) return { user: 'anonymous', password: ANONYMOUS_PASSWORD, anonymous: true };
  if (hasCommandBreak(user))
    throw new UsageError('the user name contains a line break or NUL, which would end the FTP command early');
  const password =
    (options.passwordFile !== undefined ? readPasswordFile(options.passwordFile, io) : undefined) ??
    nonEmpty(io.env[options.passwordEnv]) ??
    target.password ??
    (netrc ? findNetrc(netrc, target.host, user)?.password : undefined);
  if (password !== undefined) {
    if (hasCommandBreak(password))
      throw new UsageError('the password contains a line break or NUL, which would end the FTP command early');
    return { user, password, anonymous: ANONYMOUS_USERS.has(user.toLowerCase()) };
  }
  if (ANONYMOUS_USERS.has(user.toLowerCase())) return { user, password: ANONYMOUS_PASSWORD, anonymous: true };
  throw new UsageError(
    `no password for user "${user}": give one with --password-env VAR (default FTP_PASSWORD), --password-file FILE, --netrc, or in the URL`,
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

function readPasswordFile(path: string, io: CredentialIO): string {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read the password file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const password = text.split(/\r?\n/)[0] ?? '';
  if (!password) throw new UsageError(`the password file ${path} is empty`);
  return password;
}

function readNetrc(path: string, io: CredentialIO): ReturnType<typeof parseNetrc> {
  try {
    return parseNetrc(io.readFile(path));
  } catch (error) {
    throw new UsageError(`cannot read the netrc file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** The netrc file curl reads: _netrc in the home folder on Windows, .netrc elsewhere. */
export function defaultNetrc(io: { homedir: string; platform?: string }): string {
  return io.platform === 'win32' ? `${io.homedir}\\_netrc` : `${io.homedir}/.netrc`;
}
