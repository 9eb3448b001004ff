import path from 'node:path';
import { FileProblem, isInside } from '../../../io/files.js';
import type { UnreadConfig } from '../../../record/deployment-record.js';
import type { ConfigReader } from '../config/config-errors.js';

/** A file a ConfigMap holds, with the line of the manifest its first line is on (a block scalar's next line). */
export interface ManifestFile {
  text: string;
  file: string;
  firstLine?: number;
}

/** A volume mounted into the container, as the compose file or the manifest declares it: the path inside it provides. */
export interface Mount {
  target: string;
  line?: number;
  kind: 'repository' | 'configMap' | 'secret' | 'volume';
  readOnly: boolean;
  /** As written (a compose bind mount's source, a ConfigMap's or a Secret's name). */
  source?: string;
  /** A repository file or folder, resolved and known to be inside the repository. */
  onDisk?: string;
  /** A repository source that cannot be read, and why. */
  unreadable?: UnreadConfig['reason'];
  /** A ConfigMap's files by their path under the mount ('' for a subPath mount of one file). */
  files?: Map<string, ManifestFile>;
}

/**
 * The container's filesystem as far as the deployment shows it: the paths its
 * volumes provide, read from the repository or from the manifests' own
 * ConfigMaps. The server's configuration readers read through it with the
 * container's paths; `locate` takes a line back to the file a user edits.
 */
export class ContainerFiles implements ConfigReader {
  private readonly texts = new Map<string, string>();

  constructor(
    readonly mounts: Mount[],
    private readonly reader: ConfigReader,
  ) {}

  /** The mount that provides a path: the deepest target that is the path or a folder above it. */
  provider(file: string): { mount: Mount; rest: string } | undefined {
    const wanted = path.posix.normalize(file);
    let best: { mount: Mount; rest: string } | undefined;
    for (const mount of this.mounts) {
      const target = path.posix.normalize(mount.target).replace(/\/$/, '');
      if (wanted !== target && !wanted.startsWith(`${target}/`)) continue;
      if (!best || target.length > best.mount.target.length)
        best = { mount, rest: wanted === target ? '' : wanted.slice(target.length + 1) };
    }
    return best;
  }

  has(file: string): boolean {
    return this.provider(file) !== undefined;
  }

  read(file: string): string {
    const found = this.provider(file);
    if (found?.mount.onDisk) {
      // Checked readable first (mountedConfig), then parsed: read from disk once.
      const onDisk = this.onDisk(found.mount.onDisk, found.rest);
      const text = this.texts.get(onDisk) ?? this.reader.read(onDisk);
      this.texts.set(onDisk, text);
      return text;
    }
    const inMap = found?.mount.files?.get(found.rest);
    if (inMap) return inMap.text;
    throw Object.assign(new Error(`${file} is not provided by the deployment`), { code: 'ENOENT' });
  }

  list(folder: string): string[] {
    const found = this.provider(folder);
    if (found?.mount.onDisk) return this.reader.list(this.onDisk(found.mount.onDisk, found.rest));
    if (found?.mount.files) {
      const prefix = found.rest ? `${found.rest}/` : '';
      return [...found.mount.files.keys()]
        .filter((key) => key.startsWith(prefix) && key.length > prefix.length)
        .map((key) => key.slice(prefix.length).split('/')[0]!);
    }
    throw Object.assign(new Error(`${folder} is not provided by the deployment`), { code: 'ENOENT' });
  }

  isDirectory(folder: string): boolean {
    const found = this.provider(folder);
    if (found?.mount.onDisk) return this.reader.isDirectory(this.onDisk(found.mount.onDisk, found.rest));
    return found?.mount.files !== undefined && !found.mount.files.has(found.rest);
  }

  /** Where line `line` of a container file is for the user: the repository file, or the manifest and its line. */
  locate(file: string, line: number | undefined): { file: string; line?: number } {
    const found = this.provider(file);
    if (found?.mount.onDisk) return { file: this.onDisk(found.mount.onDisk, found.rest), ...(line ? { line } : {}) };
    const inMap = found?.mount.files?.get(found.rest);
    if (inMap)
      return {
        file: inMap.file,
        ...(inMap.firstLine !== undefined && line !== undefined ? { line: inMap.firstLine + line - 1 } : {}),
      };
    return { file, ...(line ? { line } : {}) };
  }

  private onDisk(root: string, rest: string): string {
    // A path inside a mounted folder never climbs out of it (no .. survives normalisation above the target).
    return rest ? path.join(root, ...rest.split('/').filter((part) => part && part !== '..')) : root;
  }
}

/**
 * A bind mount's source, read only when it is inside the repository (the
 * compose file's folder): an absolute path, or one that climbs out or links
 * out, is the deploying host's, and reading it here could show this machine's
 * files in a report.
 */
export function repositorySource(
  source: string,
  composeFile: string,
  reader: ConfigReader,
): { onDisk?: string; unreadable?: UnreadConfig['reason'] } {
  const root = path.dirname(path.resolve(composeFile));
  if (path.isAbsolute(source) || source.startsWith('~')) return { unreadable: 'outside-repository' };
  const resolved = path.resolve(root, source);
  if (!isInside(resolved, root)) return { unreadable: 'outside-repository' };
  try {
    const real = reader.realPath ? reader.realPath(resolved) : resolved;
    const realRoot = reader.realPath ? reader.realPath(root) : root;
    if (!isInside(real, realRoot)) return { unreadable: 'outside-repository' };
    // Named as the user named the compose file, so reports show the path they know.
    return { onDisk: path.join(path.dirname(composeFile), source) };
  } catch (error) {
    return {
      unreadable: error instanceof FileProblem && error.kind === 'outside-root' ? 'outside-repository' : 'missing',
    };
  }
}
