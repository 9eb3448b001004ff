/** An environment variable as a file sets it, with its line. */
export type Environment = Map<string, { value: string; line?: number; file?: string }>;

/** A value the file leaves to its own environment (${VAR}, $VAR): what it decides is not checked. */
export const UNRESOLVED = /\$\{?[A-Za-z_]/;
