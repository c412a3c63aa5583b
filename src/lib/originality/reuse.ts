import type { AnalyzedDocument } from './document.ts';

/**
 * How much of a draft comes from one archive post, and what the rest of it argues: the two
 * numbers that keep "you reused a paragraph" apart from "you already wrote this" (check.ts).
 */

/**
 * The topic score that decides "rehash": does the draft argue what the post argues? A reused
 * paragraph inside a new argument lifts the whole-draft score (its words are the post's words),
 * so the part of the draft outside the reused spans is scored on its own, and the two are
 * weighted by how much of the draft is reused: a draft that is mostly an old post is judged as
 * a whole, a draft with one borrowed paragraph by what it says around it.
 */
export function argumentScore(whole: number, rest: number, reuse: number): number {
  return reuse * whole + (1 - reuse) * rest;
}

const inSpans = (start: number, end: number, spans: readonly { start: number; end: number }[]) => spans.some((s) => start >= s.start && end <= s.end);

/** Share of the draft's words that lie inside the given spans (reused passages), in [0, 1]. */
export function reusedShare(doc: AnalyzedDocument, spans: readonly { start: number; end: number }[]): number {
  if (spans.length === 0 || doc.tokens.length === 0) return 0;
  let inside = 0;
  for (const t of doc.tokens) if (inSpans(t.start, t.end, spans)) inside++;
  return inside / doc.tokens.length;
}

/** Term counts and distinct content words of the draft outside the given spans. */
export function outsideSpans(
  doc: AnalyzedDocument,
  spans: readonly { start: number; end: number }[],
): { termFrequencies: Map<string, number>; words: Set<string> } {
  const termFrequencies = new Map(doc.termFrequencies);
  const words = new Set<string>();
  for (const t of doc.tokens) {
    if (t.term === null) continue;
    if (inSpans(t.start, t.end, spans)) {
      const left = (termFrequencies.get(t.term) ?? 0) - 1;
      if (left > 0) termFrequencies.set(t.term, left);
      else termFrequencies.delete(t.term);
    } else words.add(t.word);
  }
  return { termFrequencies, words };
}
