export interface NetrcEntry {
  machine?: string;
  login?: string;
  password?: string;
}

/** Parses a .netrc file: machine/default blocks with login and password tokens (macdef bodies skipped). */
export function parseNetrc(text: string): NetrcEntry[] {
  const entries: NetrcEntry[] = [];
  const tokens = text
    .split('\n')
    .flatMap((line) => (line.trimStart().startsWith('#') ? [] : line.split(/\s+/)))
    .filter(Boolean);
  let current: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (token === 'machine' && next !== undefined) {
      current = { machine: next };
      entries.push(current);
      i += 1;
    } else if (token === 'default') {
      current = {};
      entries.push(current);
    } else if ((token === 'login' || token === 'password' || token === 'account') && next !== undefined && current) {
      if (token !== 'account') current[token] = next;
      i += 1;
    } else if (token === 'macdef') {
      current = undefined;
    }
  }
  return entries;
}

/** The entry for a host (or the default), optionally for a given login, as curl picks it. */
export function findNetrc(entries: NetrcEntry[], host: string, login?: string): NetrcEntry | undefined {
  const fits = (entry: NetrcEntry): boolean =>
    login === undefined || entry.login === undefined || entry.login === login;
  return (
    entries.find((entry) => entry.machine === host && fits(entry)) ??
    entries.find((entry) => entry.machine === undefined && fits(entry))
  );
}
