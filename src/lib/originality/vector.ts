/**
 * Sparse term vectors and the weighting shared by the archive index and the draft side:
 * sublinear term frequency times a smoothed inverse document frequency.
 */

/** 1 + ln(tf): the tenth mention of a word says less than the first. */
export function tfWeight(frequency: number): number {
  return frequency > 0 ? 1 + Math.log(frequency) : 0;
}

/**
 * ln((N + 1) / (df + 0.5)): always positive, so with a tiny archive (a handful of posts) words
 * found everywhere still weigh a little, and a word the archive never used weighs the most.
 */
export function idfWeight(postCount: number, documentFrequency: number): number {
  return Math.log((postCount + 1) / (documentFrequency + 0.5));
}

/** Cosine of two sparse vectors (term → weight); 0 when either is empty. */
export function cosine(x: ReadonlyMap<string, number>, y: ReadonlyMap<string, number>): number {
  const [small, large] = x.size < y.size ? [x, y] : [y, x];
  let dot = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  const n = norm(x) * norm(y);
  return n === 0 ? 0 : Math.min(1, dot / n);
}

export function norm(v: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}
