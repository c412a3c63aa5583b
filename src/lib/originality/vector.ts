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

/** Reused by topTerms: a rebuild weighs every post of the archive, and needs no new arrays for it. */
let scratch = new Float64Array(1024);

/**
 * A post's `limit` heaviest tf-idf terms (term ids with their counts; idf by term id), weights
 * divided by the norm of its full vector; ties at the cut-off filled in the post's own order.
 */
export function topTerms(termIds: Uint32Array, frequencies: Float32Array, idf: Float64Array, limit: number): { ids: Uint32Array; weights: Float32Array } {
  const n = termIds.length;
  if (scratch.length < 2 * n) scratch = new Float64Array(2 * n);
  const weights = scratch.subarray(0, n);
  let norm = 0;
  for (let k = 0; k < n; k++) {
    weights[k] = tfWeight(frequencies[k]!) * idf[termIds[k]!]!;
    norm += weights[k]! * weights[k]!;
  }
  norm = Math.sqrt(norm) || 1;
  const keep = Math.min(limit, n);
  let cutoff = -Infinity;
  if (n > limit) {
    const copy = scratch.subarray(n, 2 * n);
    copy.set(weights);
    cutoff = kthSmallest(copy, n - limit);
  }
  const ids = new Uint32Array(keep);
  const out = new Float32Array(keep);
  let at = 0;
  for (let k = 0; k < n && at < keep; k++) {
    if (weights[k]! > cutoff) {
      ids[at] = termIds[k]!;
      out[at++] = weights[k]! / norm;
    }
  }
  for (let k = 0; k < n && at < keep; k++) {
    if (weights[k] === cutoff) {
      ids[at] = termIds[k]!;
      out[at++] = weights[k]! / norm;
    }
  }
  return { ids, weights: out };
}

/**
 * The k-th smallest value (from 0) of `a`, which it reorders: Hoare's selection, linear on
 * average, where a full sort of each post's weights was most of a rebuild of the tables.
 */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i++] = a[j]!;
        a[j--] = swap;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}
