import type { ArchiveView } from './archive-view.ts';
import type { Postings } from './index-store.ts';
import { contentPositions, type AnalyzedDocument } from './document.ts';
import { tokenize } from './tokenize.ts';
import { idfWeight, tfWeight } from './vector.ts';

/**
 * Topic similarity: cosine of tf-idf vectors (stemmed, stop words out, title/tags/headings
 * boosted), with idf taken from the archive. On the Clough & Stevenson corpus this separates
 * "same question" from "other question" with AUC 0.99, as well as sentence embeddings do.
 */

/** A unit-length tf-idf vector (of a draft or a post), idf from the archive. */
export interface TermVector {
  /** Term id → weight, for terms the archive knows, divided by the full norm. */
  known: Map<number, number>;
  /** Term → weight (all terms, unit length), for evidence and section scoring. */
  weights: Map<string, number>;
}

function idfOf(view: ArchiveView, term: string): number {
  return view.index.term(term)?.idf ?? idfWeight(view.size, 0);
}

export function vectorOf(view: ArchiveView, frequencies: Map<string, number>): TermVector {
  const weights = new Map<string, number>();
  const ids = new Map<string, number>();
  let norm = 0;
  view.index.lookUp(frequencies.keys());
  for (const [term, f] of frequencies) {
    const known = view.index.term(term);
    if (known) ids.set(term, known.id);
    const w = tfWeight(f) * (known ? known.idf : idfWeight(view.size, 0));
    weights.set(term, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  const known = new Map<number, number>();
  for (const [term, w] of weights) {
    weights.set(term, w / norm);
    const id = ids.get(term);
    if (id !== undefined) known.set(id, w / norm);
  }
  return { known, weights };
}

/**
 * Cosine of the draft with every post of the view, over each post's heaviest terms only: a
 * lower bound of the true cosine, good enough to pick candidates. Walks the postings of the
 * draft's terms, so it reads and touches only posts that share a heavy term with the draft.
 * Candidates are then scored exactly with `cosine`.
 */
export function topicScores(view: ArchiveView, draft: TermVector): Float64Array {
  const scores = new Float64Array(view.size);
  view.index.readPostings(draft.known.keys());
  for (const [id, w] of draft.known) {
    const { ints, floats } = view.index.postings(id);
    for (let k = 0; k < ints.length; k += 2) {
      const position = view.positionOf[ints[k]!]!;
      if (position >= 0) scores[position] = scores[position]! + w * floats[k + 1]!;
    }
  }
  for (let p = 0; p < scores.length; p++) if (scores[p]! > 1) scores[p] = 1;
  return scores;
}

/**
 * Postings walked per related-posts query at most. The draft's terms are walked heaviest first;
 * the last ones are its commonest words (lowest idf), whose long postings lists add about the
 * same small amount to every post, so they carry no signal for ranking and are skipped once the
 * budget is spent. This bounds each query by a constant, which keeps a build that asks once per
 * post linear; the candidates found are then scored exactly. Real prose stays under it: on
 * 10,000 generated posts of State of the Union paragraphs a query walks 16,000-33,000 postings,
 * so nothing is skipped there; archives of a small vocabulary (every word in most posts) hit it.
 */
const POSTINGS_BUDGET = 50_000;

/** Leeway for rounding when a bound rules a post out: a score is a sum of a few hundred products in [0, 1]. */
const ROUNDING = 1e-9;

type WeightedPostings = Postings & { weight: number };

let scratch = new Float64Array(0);
let touchedScratch = new Int32Array(0);

/**
 * The `limit` posts of the view with the best approximate cosine (as topicScores), best first,
 * ties in view order, leaving out position `skip`: a top-k selection over the posts the
 * postings touched, never a sort of the archive.
 *
 * The lists are walked heaviest term first. The light terms' long lists come last and add little
 * to any post, so once the best `limit` posts so far are further ahead than the rest of the lists
 * can add to anyone (each list's term weight times its largest posting), only the posts still
 * within reach are looked up in those lists, not every posting walked. Their scores are summed
 * in the same order as a full walk's, so the answer is the very one a full walk gives.
 */
export function topicCandidates(view: ArchiveView, draft: Pick<TermVector, 'known'>, limit: number, skip = -1): number[] {
  if (limit <= 0) return [];
  if (scratch.length < view.size) [scratch, touchedScratch] = [new Float64Array(view.size), new Int32Array(view.size)];
  const lists: WeightedPostings[] = [];
  let visited = 0;
  for (const [id, weight] of [...draft.known].sort((a, b) => b[1] - a[1])) {
    const postings = view.index.postings(id);
    if (visited > 0 && visited + postings.ints.length / 2 > POSTINGS_BUDGET) break;
    visited += postings.ints.length / 2;
    lists.push({ ...postings, weight });
  }
  // From list j on: what the lists can add to a post at most, and how many postings they hold.
  const [reach, left] = [new Float64Array(lists.length + 1), new Float64Array(lists.length + 1)];
  for (let j = lists.length - 1; j >= 0; j--) {
    reach[j] = reach[j + 1]! + lists[j]!.weight * lists[j]!.largest;
    left[j] = left[j + 1]! + lists[j]!.ints.length / 2;
  }
  const { positionOf } = view;
  const scores = scratch;
  const touched = touchedScratch;
  let touchedCount = 0;
  // When the postings outnumber the posts, the posts are scanned once after the walk (no more
  // work than the walk itself) instead of noting each post's first touch in it, a branch the CPU
  // cannot predict: 10-15% less CPU for a build's related posts at 5,000 and 10,000 posts.
  const scan = visited >= view.size;
  // A narrowing costs a pass over the posts touched so far: tried when the lists left hold more
  // postings than that, once they can add less than twice the last narrowed query's bar (any
  // amount for the first query), and after a miss once that amount has halved.
  let tryBelow = lastBar > 0 ? 2 * lastBar : Number.POSITIVE_INFINITY;
  for (let j = 0; j < lists.length; j++) {
    const candidates = scan ? view.size : touchedCount;
    if (j > 0 && reach[j]! < tryBelow && left[j]! > 4 * candidates) {
      tryBelow = reach[j]! / 2;
      const within = postsWithinReach(scores, scan ? null : touched.subarray(0, touchedCount), view.size, skip, reach[j]!, limit);
      if (within && within.length * (lists.length - j) * 4 < left[j]!) {
        const best = lookUpTheRest(view, scores, within, lists, reach, j, limit);
        // The posts left out still hold their scores; the scratch array goes back to zeros.
        if (scan) scores.fill(0, 0, view.size);
        else for (let t = 0; t < touchedCount; t++) scores[touched[t]!] = 0;
        return best;
      }
    }
    const { ints, floats, weight } = lists[j]!;
    if (scan)
      for (let k = 0; k < ints.length; k += 2) {
        const position = positionOf[ints[k]!]!;
        if (position >= 0) scores[position] = scores[position]! + weight * floats[k + 1]!;
      }
    else
      for (let k = 0; k < ints.length; k += 2) {
        const position = positionOf[ints[k]!]!;
        if (position < 0) continue;
        const before = scores[position]!;
        if (before === 0) touched[touchedCount++] = position;
        scores[position] = before + weight * floats[k + 1]!;
      }
  }
  if (skip >= 0) scores[skip] = 0;
  const best = new TopScores(limit);
  const consider = (position: number) => {
    best.consider(Math.min(1, scores[position]!), position);
    scores[position] = 0;
  };
  if (scan) for (let position = 0; position < view.size; position++) consider(position);
  else for (let t = 0; t < touchedCount; t++) consider(touched[t]!);
  return best.positions;
}

/** The last narrowed query's bar: the next query tries narrowing from about there. */
let lastBar = 0;

/**
 * The posts (ascending, `skip` left out) whose score could still reach the `limit`-th best score
 * so far once up to `reach` is added; null when a post not touched yet could reach it too.
 */
function postsWithinReach(scores: Float64Array, touched: Int32Array | null, size: number, skip: number, reach: number, limit: number): number[] | null {
  const count = touched ? touched.length : size;
  const best = new TopScores(limit);
  let bar = 0;
  for (let t = 0; t < count; t++) {
    const position = touched ? touched[t]! : t;
    // Only a score above the bar moves it; most posts are below.
    if (scores[position]! > bar && position !== skip) {
      best.consider(Math.min(1, scores[position]!), position);
      bar = best.bar;
    }
  }
  if (!(reach < bar - ROUNDING)) return null;
  lastBar = bar;
  bar -= ROUNDING;
  const within: number[] = [];
  for (let t = 0; t < count; t++) {
    const position = touched ? touched[t]! : t;
    if (position !== skip && scores[position]! + reach >= bar) within.push(position);
  }
  return within.sort((a, b) => a - b);
}

/**
 * The best `limit` of `posts` (ascending) once the weights of lists `from`.. are added to their
 * scores, list by list as a walk would, each post found by a search. After each list the posts
 * that can no longer reach the bar are dropped.
 */
function lookUpTheRest(
  view: ArchiveView,
  scores: Float64Array,
  posts: number[],
  lists: readonly WeightedPostings[],
  reach: Float64Array,
  from: number,
  limit: number,
): number[] {
  let within = posts;
  for (let j = from; j < lists.length; j++) {
    const { ints, floats, weight } = lists[j]!;
    let low = 0;
    for (const position of within) {
      const archive = view.archiveOf[position]!;
      // The first pair at or after `archive`, at or after the last one found: both ascend.
      let high = ints.length / 2;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (ints[2 * middle]! < archive) low = middle + 1;
        else high = middle;
      }
      if (low < ints.length / 2 && ints[2 * low] === archive) scores[position] = scores[position]! + weight * floats[2 * low + 1]!;
    }
    if (within.length > limit) {
      const best = new TopScores(limit);
      for (const position of within) best.consider(Math.min(1, scores[position]!), position);
      const bar = best.bar - ROUNDING;
      within = within.filter((position) => scores[position]! + reach[j + 1]! >= bar);
    }
  }
  const best = new TopScores(limit);
  for (const position of within) best.consider(Math.min(1, scores[position]!), position);
  return best.positions;
}

/** The best `limit` (score, position) pairs considered, best first, ties by position: a strict order, so the same posts whatever order they come in. */
class TopScores {
  readonly limit: number;
  positions: number[] = [];
  #scores: number[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** The `limit`-th best score, 0 while fewer posts scored above 0. */
  get bar(): number {
    return this.positions.length === this.limit ? this.#scores[this.limit - 1]! : 0;
  }

  consider(score: number, position: number): void {
    if (!(score > 0)) return;
    const full = this.positions.length === this.limit;
    if (full && !this.#outranks(score, position, this.limit - 1)) return;
    let at = full ? this.limit - 1 : this.positions.length;
    while (at > 0 && this.#outranks(score, position, at - 1)) at--;
    this.positions.splice(at, 0, position);
    this.#scores.splice(at, 0, score);
    if (this.positions.length > this.limit) {
      this.positions.pop();
      this.#scores.pop();
    }
  }

  #outranks(score: number, position: number, at: number): boolean {
    return score > this.#scores[at]! || (score === this.#scores[at]! && position < this.positions[at]!);
  }
}

/** Distinct content words of a document, as written (not stemmed). */
export function contentWords(doc: AnalyzedDocument): Set<string> {
  const words = new Set<string>();
  for (const token of doc.tokens) if (token.term !== null) words.add(token.word);
  return words;
}

/**
 * Share of the draft's distinct content words, in their exact form, that the post also uses:
 * "how much of this draft's vocabulary is already in that post". Exact forms rather than stems
 * on purpose: an independent text on the same subject inflects differently, a reworked copy
 * keeps the forms (on Clough & Stevenson, AUC reused-vs-independent 0.975 vs 0.967 for stems).
 * With `symmetric`, the larger of both directions: a long draft built around a short old post
 * is as much a rehash as a short draft inside a long one.
 */
export function wordContainment(draftWords: Set<string>, postWords: Set<string>, symmetric: boolean): number {
  if (draftWords.size === 0 || postWords.size === 0) return 0;
  let shared = 0;
  for (const w of draftWords) if (postWords.has(w)) shared++;
  const forward = shared / draftWords.size;
  return symmetric ? Math.max(forward, shared / postWords.size) : forward;
}

/**
 * Topic score of a post for a draft: geometric mean of tf-idf cosine and vocabulary
 * containment. On Clough & Stevenson the mean alone orders cut > light > heavy > non with the
 * best AUC of the lexical measures tried; the geometric mean keeps both signals necessary.
 */
export function topicScore(cosine: number, containment: number): number {
  return Math.sqrt(Math.max(0, cosine) * Math.max(0, containment));
}

/** Number of winnowed fingerprints each post shares with the draft. */
export function sharedFingerprints(view: ArchiveView, fingerprints: Uint32Array): Uint32Array {
  const counts = new Uint32Array(view.size);
  for (const post of view.index.postsWithFingerprints([...new Set(fingerprints)])) {
    const position = view.positionOf[post]!;
    if (position >= 0) counts[position] = counts[position]! + 1;
  }
  return counts;
}

/** The draft's most common spelling of each term, so evidence reads "habits", not "habit". */
const surfaceMemo = new WeakMap<AnalyzedDocument, Map<string, string>>();

function surfaceForms(doc: AnalyzedDocument): Map<string, string> {
  let known = surfaceMemo.get(doc);
  if (!known) surfaceMemo.set(doc, (known = computeSurfaceForms(doc)));
  return known;
}

function computeSurfaceForms(doc: AnalyzedDocument): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  // Body words, plus the fields that were boosted (a term can come from the title alone).
  const fields = tokenize([doc.meta.title, doc.meta.description, ...doc.meta.tags].join('\n'));
  for (const token of [...doc.tokens, ...fields]) {
    if (token.term === null) continue;
    let forms = counts.get(token.term);
    if (!forms) counts.set(token.term, (forms = new Map()));
    forms.set(token.word, (forms.get(token.word) ?? 0) + 1);
  }
  const best = new Map<string, string>();
  for (const [term, forms] of counts) best.set(term, [...forms].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]![0]);
  return best;
}

/** Terms that contribute most to the draft–post similarity, in the draft's words. */
export function keyTerms(draft: TermVector, post: TermVector, draftDoc: AnalyzedDocument, limit = 8): string[] {
  const contributions: [string, number][] = [];
  for (const [term, w] of post.weights) {
    const d = draft.weights.get(term);
    if (d !== undefined) contributions.push([term, d * w]);
  }
  const forms = surfaceForms(draftDoc);
  return contributions
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([term]) => forms.get(term) ?? term);
}

/**
 * Phrases both texts use: runs of two or more content words adjacent in both (stop words in
 * between allowed), ranked by how rare their words are in the archive, in the draft's wording.
 */
export function sharedPhrases(view: ArchiveView, draftDoc: AnalyzedDocument, archiveDoc: AnalyzedDocument, limit = 6): string[] {
  const aPos = contentPositions(archiveDoc.tokens);
  const archivePairs = new Set<string>();
  for (let i = 0; i + 1 < aPos.length; i++) archivePairs.add(`${archiveDoc.tokens[aPos[i]!]!.term} ${archiveDoc.tokens[aPos[i + 1]!]!.term}`);
  const dPos = contentPositions(draftDoc.tokens);
  const phrases = new Map<string, number>();
  let i = 0;
  while (i + 1 < dPos.length) {
    let j = i;
    while (j + 1 < dPos.length && archivePairs.has(`${draftDoc.tokens[dPos[j]!]!.term} ${draftDoc.tokens[dPos[j + 1]!]!.term}`)) j++;
    if (j > i) {
      const first = draftDoc.tokens[dPos[i]!]!;
      const last = draftDoc.tokens[dPos[j]!]!;
      // Long runs are reused passages, reported separately; keep phrases phrase-sized.
      if (j - i <= 4 && !/[.!?\n]/.test(draftDoc.source.slice(first.end, last.start))) {
        const text = draftDoc.source.slice(first.start, last.end).replace(/\s+/g, ' ').toLowerCase();
        let weight = 0;
        for (let k = i; k <= j; k++) weight += idfOf(view, draftDoc.tokens[dPos[k]!]!.term!);
        phrases.set(text, Math.max(phrases.get(text) ?? 0, weight));
      }
      i = j + 1;
    } else i++;
  }
  return [...phrases]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([text]) => text);
}

export interface SectionMatch {
  draft: string;
  archive: string;
  similarity: number;
}

/** For each draft section, the archive section it is closest to, when they are close. */
export function matchingSections(view: ArchiveView, draftDoc: AnalyzedDocument, archiveDoc: AnalyzedDocument, threshold = 0.3): SectionMatch[] {
  if (draftDoc.sections.length < 2 && archiveDoc.sections.length < 2) return [];
  const vector = (doc: AnalyzedDocument, from: number, to: number) => {
    const f = new Map<string, number>();
    for (let k = from; k < to; k++) {
      const term = doc.tokens[k]!.term;
      if (term !== null) f.set(term, (f.get(term) ?? 0) + 1);
    }
    return vectorOf(view, f).weights;
  };
  const aVectors = archiveDoc.sections.map((s) => vector(archiveDoc, s.tokFrom, s.tokTo));
  const matches: SectionMatch[] = [];
  for (const section of draftDoc.sections) {
    const d = vector(draftDoc, section.tokFrom, section.tokTo);
    let best = -1;
    let bestScore = 0;
    aVectors.forEach((a, j) => {
      let dot = 0;
      for (const [t, w] of d) dot += w * (a.get(t) ?? 0);
      if (dot > bestScore) {
        bestScore = dot;
        best = j;
      }
    });
    if (best >= 0 && bestScore >= threshold) {
      matches.push({
        draft: section.heading ?? '(opening)',
        archive: archiveDoc.sections[best]!.heading ?? '(opening)',
        similarity: round(bestScore),
      });
    }
  }
  return matches;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
