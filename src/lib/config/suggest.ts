/**
 * "Did you mean postsPerPage?" for a misspelt setting or field. Hand-written: a dozen lines of
 * Levenshtein distance over a few known keys do not justify a dependency.
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The known key closest to `key`, when it is close enough to be a typo (case-insensitive). */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const limit = key.length <= 3 ? 1 : key.length <= 6 ? 2 : 3;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}
