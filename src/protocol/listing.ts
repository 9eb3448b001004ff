/**
 * Regular files in a LIST reply's data, as Unix `ls -l` lines (vsftpd, ProFTPD, Pure-FTPd) and
 * MS-DOS lines (IIS) write them. The data is the server's: a name with a control character, a
 * slash or a leading space is skipped, never sent back in a command.
 */
export interface ListedFile {
  name: string;
  bytes: number;
}

const UNIX = /^-[-rwxsStTl]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+(\d{1,15})\s+\w{3}\s+\d{1,2}\s+(?:\d{1,2}:\d\d|\d{4})\s(.+)$/;
const DOS = /^\d\d-\d\d-\d\d(?:\d\d)?\s+\d\d:\d\d(?:AM|PM)?\s+(\d{1,15})\s(.+)$/i;
/** Lines read at most: a listing is capped in bytes already, and a file is chosen from the first ones. */
const MAX_LINES = 10_000;

export function listedFiles(text: string): ListedFile[] {
  const files: ListedFile[] = [];
  for (const line of text.split(/\r?\n/, MAX_LINES)) {
    const match = UNIX.exec(line) ?? DOS.exec(line);
    if (!match) continue;
    const name = match[2]!;
    if (!name || /[\x00-\x1f\x7f/\\]/.test(name) || name !== name.trim()) continue;
    files.push({ name, bytes: Number(match[1]) });
  }
  return files;
}

/** The largest listed file of at most maxBytes (a listing's order breaks ties), or none. */
export function largestFile(text: string, maxBytes: number): ListedFile | undefined {
  return listedFiles(text)
    .filter((file) => file.bytes > 0 && file.bytes <= maxBytes)
    .reduce<ListedFile | undefined>((best, file) => (!best || file.bytes > best.bytes ? file : best), undefined);
}
