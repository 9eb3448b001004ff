/** A configuration or firewall file that cannot be read as what it should be: names the file, the line and what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
    /** The file could not be read at all (missing, not a file, too large): "not checked", not a mistake in it. */
    readonly unreadable = false,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${expected}`);
  }
}

/** Why a file could not be read, in words: the reader's own message when it gives one, else the system's code. */
export function unreadableBecause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : 'error');
}

/** How a parser reads the files a configuration includes. */
export interface ConfigReader {
  /** Bounded: a FIFO, a device, a directory or an oversized file is refused, never read. */
  read(path: string): string;
  /** Entries of a directory (for ProFTPD's Include of a directory, Pure-FTPd's conf/ folder). */
  list(path: string): string[];
  isDirectory(path: string): boolean;
  /** The path with every link followed (throws when it does not exist): where a mounted file really is. */
  realPath?(path: string): string;
  /**
   * The same reader confined to a folder (a repository): whatever leads out
   * of it, by a link anywhere or a path swapped while it is read, is refused.
   */
  within?(root: string): ConfigReader;
}
