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

/** Reused by topTermsOf: a rebuild weighs every post of the archive, and needs no new arrays for it. */
let scratch = new Float64Array(1024);
/** tfWeight of the whole counts a post has (a rebuild takes millions of logarithms otherwise). */
const TF_OF_COUNT = Float64Array.from({ length: 256 }, (_, f) => tfWeight(f));

/** Posts' heaviest terms in flat arrays (typed arrays per post cost more than filling them): post a's are at [end[a - 1], end[a]). */
export type TopTermLists = { ids: Uint32Array; weights: Float32Array; end: Uint32Array };

/**
 * Each post's `limit` heaviest tf-idf terms (term ids with their counts; idf by term id), weights
 * divided by the norm of its full vector; ties at the cut-off filled in the post's own order.
 */
export function topTermsOf(posts: readonly { termIds: Uint32Array; frequencies: Float32Array }[], idf: Float64Array, limit: number): TopTermLists {
  const [ids, weights, end] = [new Uint32Array(posts.length * limit), new Float32Array(posts.length * limit), new Uint32Array(posts.length)];
  let at = 0;
  for (let a = 0; a < posts.length; a++) {
    const { termIds, frequencies } = posts[a]!;
    const n = termIds.length;
    if (scratch.length < 2 * n) scratch = new Float64Array(2 * n);
    let norm = 0;
    for (let k = 0; k < n; k++) {
      const f = frequencies[k]!;
      scratch[k] = (f < 256 && f === Math.trunc(f) ? TF_OF_COUNT[f]! : tfWeight(f)) * idf[termIds[k]!]!;
      norm += scratch[k]! * scratch[k]!;
    }
    norm = Math.sqrt(norm) || 1;
    let cutoff = -Infinity;
    if (n > limit) {
      scratch.copyWithin(n, 0, n);
      cutoff = kthSmallest(scratch, n, 2 * n, n - limit);
    }
    // Heavier than the cut-off first, then ties at it.
    const stop = at + Math.min(limit, n);
    for (let pass = 0; pass < 2; pass++)
      for (let k = 0; k < n && at < stop; k++)
        if (pass === 0 ? scratch[k]! > cutoff : scratch[k] === cutoff) {
          ids[at] = termIds[k]!;
          weights[at++] = scratch[k]! / norm;
        }
    end[a] = at;
  }
  return { ids: ids.subarray(0, at), weights: weights.subarray(0, at), end };
}

/**
 * The k-th smallest value (from 0) of a[from, to), which it reorders: Hoare's selection, linear
 * on average, where a full sort of each post's weights was most of a rebuild of the tables.
 */
function kthSmallest(a: Float64Array, from: number, to: number, k: number): number {
  let lo = from;
  let hi = to - 1;
  k += from;
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
