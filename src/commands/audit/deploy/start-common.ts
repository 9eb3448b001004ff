import type { ServerConfig, Fact } from '../../../record/audit-record.js';
import type { DeployedServer, SettingName, UnreadConfig } from '../../../record/deployment-record.js';
import { FileProblem } from '../../../io/files.js';
import { unreadableBecause } from '../config/config-errors.js';
import type { ContainerFiles } from './container-files.js';
import type { Environment } from './environment.js';
import type { KnownImage } from './images.js';

/** A container as the deployment declares it: what decides how its server will run. */
export interface ContainerDeclaration {
  image: KnownImage;
  environment: Environment;
  /** A command that replaces the image's own (compose `command:`, Kubernetes `command:` and `args:`). */
  command?: { args: string[]; line?: number };
  files: ContainerFiles;
  /** The compose file or manifest that declares the container. */
  declaredIn: string;
  /** Kubernetes expands $(NAME) in a command from the container's environment; compose has already interpolated. */
  expandsVariables: boolean;
}

/** What a start reads: the server's configuration as it will run, and what it could not see. */
export interface StartReading {
  config: ServerConfig;
  /** The server's own configuration could not be read: settings it leaves out are not known. */
  configKnown: boolean;
  addressSetting: SettingName;
  rangeSetting: SettingName;
  whenUnset?: DeployedServer['whenUnset'];
  configFiles: string[];
  unreadConfig: UnreadConfig[];
  unresolved: string[];
  /** TLS files made at start (a self-signed certificate), not expected from a volume. */
  generatedTlsFiles?: string[];
}

/** Helpers every start shares: the environment read with ${VAR} kept apart, and a container file's lines taken back to the repository. */
export interface StartContext {
  /** A variable of the container's environment; one left to the environment (${VAR}) is noted and read as unset. */
  variable(name: string): { value: string; line?: number; file?: string } | undefined;
  /** Reads a server file through the container's view, with errors naming the repository file and line. */
  readConfig<T>(read: () => T): T;
}

/**
 * The first of the server's configuration paths the deployment provides, and
 * readable there (a file, or a folder for Pure-FTPd's conf/): a directory, a
 * FIFO or an oversized file where a file is mounted is not checked, never a crash.
 */
export function mountedConfig(
  declaration: ContainerDeclaration,
  paths: string[],
  what: 'file' | 'folder' = 'file',
): { path: string; located: string } | { unread: UnreadConfig } {
  const { files } = declaration;
  for (const candidate of paths) {
    const found = files.provider(candidate);
    if (!found) continue;
    const source = sourceOf(found.mount.source);
    if (found.mount.unreadable) return { unread: { path: candidate, reason: found.mount.unreadable, ...source } };
    if (found.mount.kind === 'secret' || found.mount.kind === 'volume')
      return { unread: { path: candidate, reason: 'volume', ...source } };
    if (!found.mount.onDisk && !found.mount.files?.has(found.rest) && what === 'file')
      return { unread: { path: candidate, reason: 'missing', ...source } };
    try {
      if (what === 'file') files.read(candidate);
      else files.list(candidate);
    } catch (error) {
      if (error instanceof FileProblem && error.kind === 'outside-root')
        return { unread: { path: candidate, reason: 'outside-repository', ...source } };
      return { unread: { path: candidate, reason: 'unreadable', why: unreadableBecause(error), ...source } };
    }
    return { path: candidate, located: files.locate(candidate, undefined).file };
  }
  return { unread: { path: paths[0] ?? '', reason: 'in-image' } };
}

function sourceOf(source: string | undefined): { source?: string } {
  return source ? { source } : {};
}

/** A server whose configuration is not known: only its defaults' control port. */
export function unknownConfig(software: ServerConfig['software'], port: number): ServerConfig {
  const byDefault = <T>(value: T): Fact<T> => ({ value, source: { kind: 'default', text: 'not known' } });
  return {
    software,
    files: [],
    controlPort: byDefault(port),
    listenIpv4: byDefault(true),
    listenIpv6: byDefault(false),
  };
}

/**
 * A command's words with $(NAME) taken from the container's environment
 * (Kubernetes); other $ are left to the shell or compose. `unresolved` names
 * what is left open, for the report: the references alone, never the command
 * (it may carry a password).
 */
export function expandCommand(
  declaration: ContainerDeclaration,
  context: StartContext,
  words: string[],
): { words: string[]; unresolved?: string } {
  const expanded = words.map((word) =>
    declaration.expandsVariables
      ? word.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => context.variable(name)?.value ?? whole)
      : word,
  );
  const open = expanded.flatMap((word) => word.match(/\$\(?\{?[A-Za-z_][A-Za-z0-9_]*[)}]?/g) ?? []);
  return { words: expanded, ...(open.length > 0 ? { unresolved: `command: ${[...new Set(open)].join(' ')}` } : {}) };
}

/** A command as a report names it: its program, not its arguments (which may carry a password). */
export function programOf(words: string[]): string {
  return (words[0] ?? '').slice(0, 120);
}
