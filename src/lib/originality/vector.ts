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
