/** Close matches for a mistyped word: names that start with it or hold it, else those within a small edit distance. */
export function suggestions(word: string, names: readonly string[], most = 3): string[] {
  const wanted = word.toUpperCase();
  const holding = names.filter((name) => name.toUpperCase().includes(wanted));
  if (holding.length > 0 && wanted.length >= 3) return holding.slice(0, most);
  return names
    .map((name) => ({ name, distance: editDistance(wanted, name.toUpperCase()) }))
    .filter((each) => each.distance <= Math.max(2, Math.floor(wanted.length / 4)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, most)
    .map((each) => each.name);
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
