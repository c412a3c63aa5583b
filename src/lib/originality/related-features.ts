import { type ArchiveIndex, type IndexedPost, words32 } from './index-store.ts';
import { type TermVector, topicScore } from './topic-score.ts';
import { tfWeight } from './vector.ts';

/**
 * What a related-posts score needs of a post: its unit tf-idf vector and its distinct content
 * words. A build keeps every post's (each post page scores a dozen candidates), so they are typed
 * arrays of ids, about 5 KB a post, rather than maps of strings, about 30 KB. relatedScore gives
 * the very numbers `cosine` and `wordContainment` give on the maps, summed in the same order.
 */
export interface RelatedFeatures {
  /** Ids of the terms the index knows, in the post's term order, and their unit-vector weights. */
  termIds: Uint32Array;
  weights: Float64Array;
  /** Number of terms, known to the index or not, and the vector's norm summed in term order. */
  terms: number;
  norm: number;
  /** Ids of the distinct content words, as written (see contentWords). */
  words: Uint32Array;
}

/** Scratch arrays of relatedScore, by term id and by word id; relatedFeatures keeps them large enough. */
let dense = new Float64Array(0);
let marks = new Uint8Array(0);

/** Word → id, for every content word met in this process. */
const wordIds = new Map<string, number>();
const wordId = (word: string): number => wordIds.get(word) ?? wordIds.set(word, wordIds.size).size - 1;

/** Features of a post from its term counts and content words; `unknownIdf` weighs a term the index lacks. */
export function relatedFeatures(index: ArchiveIndex, frequencies: Map<string, number>, words: Set<string>, unknownIdf: number): RelatedFeatures {
  index.lookUp(frequencies.keys());
  const raw = new Float64Array(frequencies.size);
  const known: number[] = [];
  const ids: number[] = [];
  let sum = 0;
  let k = 0;
  for (const [term, f] of frequencies) {
    const entry = index.term(term);
    raw[k] = tfWeight(f) * (entry ? entry.idf : unknownIdf);
    sum += raw[k]! * raw[k]!;
    if (entry) {
      known.push(k);
      ids.push(entry.id);
      if (entry.id >= dense.length) dense = new Float64Array(2 * entry.id + 2);
    }
    k++;
  }
  const length = Math.sqrt(sum) || 1;
  let norm = 0;
  for (let i = 0; i < raw.length; i++) norm += (raw[i]! / length) * (raw[i]! / length);
  const weights = Float64Array.from(known, (i) => raw[i]! / length);
  const wordList = Uint32Array.from(words, wordId);
  if (marks.length < wordIds.size) marks = new Uint8Array(2 * wordIds.size);
  return { termIds: Uint32Array.from(ids), weights, terms: frequencies.size, norm: Math.sqrt(norm), words: wordList };
}

/** Per index, each term's idf by term id, read in one query. */
const idfByIndex = new WeakMap<ArchiveIndex, Float64Array>();

/**
 * The same features of an archive post, from the term counts and content words the index keeps
 * for it: no reading of its text. A build asks this for every post. Undefined when the index
 * keeps no counts for the post (a draft).
 */
export function storedFeatures(index: ArchiveIndex, post: IndexedPost): RelatedFeatures | undefined {
  let idf = idfByIndex.get(index);
  if (!idf) {
    const rows = index.sql('SELECT id, idf FROM terms').all() as { id: number; idf: number }[];
    idf = new Float64Array(rows.reduce((n, r) => Math.max(n, r.id + 1), 0));
    for (const { id, idf: value } of rows) idf[id] = value;
    idfByIndex.set(index, idf);
  }
  const row = index.sql('SELECT term_ids, frequencies, content_words FROM post_terms WHERE hash = ?').get(post.hash) as
    | { term_ids: Uint8Array; frequencies: Uint8Array; content_words: string }
    | undefined;
  if (!row) return undefined;
  const [termIds, counts] = [words32(row.term_ids), words32(row.frequencies)];
  const frequencies = new Float32Array(counts.buffer, counts.byteOffset, counts.length);
  const raw = Float64Array.from(termIds, (id, k) => tfWeight(frequencies[k]!) * idf[id]!);
  const length = Math.sqrt(raw.reduce((sum, w) => sum + w * w, 0)) || 1;
  const weights = raw.map((w) => w / length);
  if (idf.length > dense.length) dense = new Float64Array(2 * idf.length);
  const words = row.content_words === '' ? new Uint32Array(0) : Uint32Array.from(row.content_words.split(' '), wordId);
  if (marks.length < wordIds.size) marks = new Uint8Array(2 * wordIds.size);
  return { termIds, weights, terms: termIds.length, norm: Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0)), words };
}

/** The vector as topicCandidates reads it: known term id → weight. */
export function candidateVector(features: RelatedFeatures): Pick<TermVector, 'known'> {
  return { known: new Map(Array.from(features.termIds, (id, i) => [id, features.weights[i]!])) };
}

/** topicScore(cosine, symmetric word containment) of `post` for `query`, through dense scratch arrays. */
export function relatedScore(query: RelatedFeatures, post: RelatedFeatures): number {
  // As cosine: the vector with fewer terms is walked, the other looked up (absent weighs 0).
  const [small, large] = query.terms < post.terms ? [query, post] : [post, query];
  large.termIds.forEach((id, i) => (dense[id] = large.weights[i]!));
  let dot = 0;
  small.termIds.forEach((id, i) => (dot += small.weights[i]! * dense[id]!));
  for (const id of large.termIds) dense[id] = 0;
  const n = query.norm * post.norm;
  const cosine = n === 0 ? 0 : Math.min(1, dot / n);
  if (query.words.length === 0 || post.words.length === 0) return topicScore(cosine, 0);
  for (const id of post.words) marks[id] = 1;
  let shared = 0;
  for (const id of query.words) shared += marks[id]!;
  for (const id of post.words) marks[id] = 0;
  return topicScore(cosine, Math.max(shared / query.words.length, shared / post.words.length));
}
