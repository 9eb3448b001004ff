/** A configuration or firewall file that cannot be read as what it should be: names the file, the line and what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${expected}`);
  }
}

/** How a parser reads the files a configuration includes. */
export interface ConfigReader {
  read(path: string): string;
  /** Entries of a directory (for ProFTPD's Include of a directory, Pure-FTPd's conf/ folder). */
  list(path: string): string[];
  isDirectory(path: string): boolean;
}
