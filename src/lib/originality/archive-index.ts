import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, sep } from 'node:path';
import { analyzeDocument, contentPositions, shingleHashes, winnow, type AnalyzedDocument } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { decodeDataFile, DRAFT_FLAG, encodeDataFile, encodeQueryFile, INDEX_VERSION, type StoredMeta } from './index-format.ts';
import { dayOf, QueryIndex, termKey } from './query-index.ts';
import { idfWeight, tfWeight } from './vector.ts';

/**
 * Building and updating the archive index. A check reads the index through QueryIndex; this
 * module keeps the full per-post data (every term count and fingerprint) needed to rebuild it
 * when posts change, and re-analyses only posts whose content hash is new.
 */

/**
 * Winnowing window over content-word 3-grams: a shared run of window + 2 = 10 content words
 * (a copied sentence or two) always shares a fingerprint, at about 2/9 of the storage.
 */
export const WINNOW_WINDOW = 8;
/** Heaviest terms kept per post for candidate ranking. */
export const TOP_TERMS = 64;
/** Average fingerprints per directory bucket: one small positional read per draft fingerprint. */
const PRINTS_PER_BUCKET = 64;

/** A post with everything needed to rebuild the index. */
export interface FullPost extends StoredMeta {
  path: string;
  draft: boolean;
  mtimeMs: number;
  size: number;
  words: number;
  termIds: Uint32Array;
  frequencies: Float32Array;
  fingerprints: Uint32Array;
}

export interface FullIndex {
  vocabulary: string[];
  termIds: Map<string, number>;
  posts: FullPost[];
}

export function contentHash(source: string): string {
  return createHash('sha1').update(`${INDEX_VERSION}\0`).update(source).digest('hex').slice(0, 20);
}

export function fingerprintsOf(doc: AnalyzedDocument): Uint32Array {
  return Uint32Array.from(winnow(shingleHashes(doc.tokens, contentPositions(doc.tokens)), WINNOW_WINDOW));
}

/** Analyses a post; bad frontmatter becomes an OriginalityInputError naming the file. */
export function analyzeFile(path: string, source: string, displayPath: string = path, termsOnly = false): AnalyzedDocument {
  try {
    return analyzeDocument(path, source, termsOnly);
  } catch (error) {
    throw new OriginalityInputError(`${displayPath}: ${(error as Error).message}`);
  }
}

function termIdOf(index: FullIndex, term: string): number {
  let id = index.termIds.get(term);
  if (id === undefined) {
    id = index.vocabulary.length;
    index.vocabulary.push(term);
    index.termIds.set(term, id);
  }
  return id;
}

function fullPostOf(index: FullIndex, path: string, doc: AnalyzedDocument, file: { mtimeMs: number; size: number; hash: string }): FullPost {
  const termIds = new Uint32Array(doc.termFrequencies.size);
  const frequencies = new Float32Array(doc.termFrequencies.size);
  let k = 0;
  for (const [term, f] of doc.termFrequencies) {
    termIds[k] = termIdOf(index, term);
    frequencies[k++] = f;
  }
  const { title, date, tags, draft } = doc.meta;
  return { path, title, date, tags, draft, ...file, words: doc.words, termIds, frequencies, fingerprints: fingerprintsOf(doc) };
}

/** The full index behind a query index: its metadata plus the data file; null when they differ. */
function fullIndexOf(index: QueryIndex, dataFile: string | null): FullIndex | null {
  let bytes = index.data;
  if (!bytes && dataFile) {
    try {
      bytes = readFileSync(dataFile);
    } catch {
      return null;
    }
  }
  const data = bytes ? decodeDataFile(bytes, index.generation) : null;
  if (!data || data.termIds.length !== index.size) return null;
  index.materialize();
  const posts: FullPost[] = [];
  for (let n = 0; n < index.size; n++) {
    const post = index.post(n);
    posts.push({
      ...post.meta,
      path: post.path,
      draft: post.draft,
      mtimeMs: post.mtimeMs,
      size: post.size,
      words: post.words,
      termIds: data.termIds[n]!,
      frequencies: data.frequencies[n]!,
      fingerprints: data.fingerprints[n]!,
    });
  }
  return { vocabulary: data.vocabulary, termIds: new Map(data.vocabulary.map((t, i) => [t, i])), posts };
}

/**
 * Encodes the full index as a query file and a data file. Weights use one idf for the whole
 * index (every non-draft post, scheduled ones included), computed here once rather than at every
 * check: leaving a draft or a scheduled post out of the archive changes a document frequency by
 * one, which does not move a score visibly.
 */
export function encodeIndex(root: string, full: FullIndex): { query: Buffer; data: Buffer } {
  const { vocabulary, posts } = full;
  const generation = randomUUID();
  const df = new Uint32Array(vocabulary.length);
  let counted = 0;
  for (const post of posts) {
    if (post.draft) continue;
    counted++;
    for (const id of post.termIds) df[id] = df[id]! + 1;
  }

  // The term table, sorted by key: rank[vocabulary id] = position in the table.
  const keys = Float64Array.from(vocabulary, termKey);
  const order = Uint32Array.from(vocabulary.keys()).sort((a, b) => keys[a]! - keys[b]!);
  const rank = new Uint32Array(vocabulary.length);
  order.forEach((id, position) => (rank[id] = position));
  const termKeys = new Float64Array(vocabulary.length);
  const idf = new Float32Array(vocabulary.length);
  order.forEach((id, position) => {
    termKeys[position] = keys[id]!;
    idf[position] = idfWeight(counted, df[id]!);
  });

  // Each post's TOP_TERMS heaviest terms, weights divided by the norm of its full vector, as
  // postings per term: the few terms of a draft then find every post that weighs them.
  const tops = posts.map((post) => heaviestTerms(post, df, counted));
  const postingStarts = new Uint32Array(vocabulary.length + 1);
  for (const top of tops) for (const id of top.ids) postingStarts[rank[id]! + 1]!++;
  for (let t = 0; t < vocabulary.length; t++) postingStarts[t + 1]! += postingStarts[t]!;
  const postings = new Uint32Array(2 * postingStarts[vocabulary.length]!);
  const postingWeights = new Float32Array(postings.buffer);
  const fill = postingStarts.slice(0, vocabulary.length);
  tops.forEach((top, n) => {
    top.ids.forEach((id, k) => {
      const at = 2 * fill[rank[id]!]!++;
      postings[at] = n;
      postingWeights[at + 1] = top.weights[k]!;
    });
  });

  // (fingerprint, post) pairs sorted by fingerprint, packed in one float64 to sort natively:
  // fingerprint * 2^20 + post number is exact below 2^53, so up to a million posts.
  const printCount = posts.reduce((sum, p) => sum + p.fingerprints.length, 0);
  const packed = new Float64Array(printCount);
  let t = 0;
  posts.forEach((post, n) => {
    for (const h of post.fingerprints) packed[t++] = h * 1_048_576 + n;
  });
  packed.sort();
  const printBits = Math.min(20, Math.max(0, Math.ceil(Math.log2(Math.max(1, printCount / PRINTS_PER_BUCKET)))));
  const printDirectory = new Uint32Array(2 ** printBits + 1);
  const prints = new Uint32Array(2 * printCount);
  for (let k = 0; k < printCount; k++) {
    const v = packed[k]!;
    const post = v % 1_048_576;
    const hash = (v - post) / 1_048_576;
    prints[2 * k] = hash;
    prints[2 * k + 1] = post;
    printDirectory[(printBits === 0 ? 0 : hash >>> (32 - printBits)) + 1]!++;
  }
  for (let b = 0; b < 2 ** printBits; b++) printDirectory[b + 1]! += printDirectory[b]!;

  const prefixLength = (root.endsWith(sep) ? root : root + sep).length;
  const query = encodeQueryFile({
    generation,
    paths: posts.map((p) => p.path.slice(prefixLength)),
    meta: posts.map(({ title, date, tags, hash }) => ({ title, date, tags, hash })),
    mtimes: Float64Array.from(posts, (p) => p.mtimeMs),
    sizes: Float64Array.from(posts, (p) => p.size),
    days: Int32Array.from(posts, (p) => dayOf(p.date)),
    words: Uint32Array.from(posts, (p) => p.words),
    flags: Uint8Array.from(posts, (p) => (p.draft ? DRAFT_FLAG : 0)),
    termKeys,
    idf,
    postingStarts,
    postings,
    printBits,
    printDirectory,
    prints,
  });
  const data = encodeDataFile({
    generation,
    vocabulary,
    termIds: posts.map((p) => p.termIds),
    frequencies: posts.map((p) => p.frequencies),
    fingerprints: posts.map((p) => p.fingerprints),
  });
  return { query, data };
}

/** The TOP_TERMS heaviest tf-idf terms of a post (vocabulary ids), weights of unit length. */
function heaviestTerms(post: FullPost, df: Uint32Array, counted: number): { ids: Uint32Array; weights: Float32Array } {
  const { termIds, frequencies } = post;
  const weights = new Float64Array(termIds.length);
  let norm = 0;
  for (let k = 0; k < termIds.length; k++) {
    weights[k] = tfWeight(frequencies[k]!) * idfWeight(counted, df[termIds[k]!]!);
    norm += weights[k]! * weights[k]!;
  }
  norm = Math.sqrt(norm) || 1;
  const keep = Math.min(TOP_TERMS, weights.length);
  // The cut-off weight from a native numeric sort; ties at the cut-off filled up to TOP_TERMS.
  const cutoff = weights.length <= TOP_TERMS ? -Infinity : Float64Array.from(weights).sort()[weights.length - TOP_TERMS]!;
  const ids = new Uint32Array(keep);
  const out = new Float32Array(keep);
  let at = 0;
  for (let k = 0; k < weights.length && at < keep; k++) {
    if (weights[k]! > cutoff) {
      ids[at] = termIds[k]!;
      out[at++] = weights[k]! / norm;
    }
  }
  for (let k = 0; k < weights.length && at < keep; k++) {
    if (weights[k] === cutoff) {
      ids[at] = termIds[k]!;
      out[at++] = weights[k]! / norm;
    }
  }
  return { ids, weights: out };
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: a build stopped half-way must not leave a torn cache behind, and a
  // reader holding the old file open keeps reading the old file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

export interface IndexUpdate {
  index: QueryIndex;
  /** Whether anything differed from the previous index (files added, removed or changed). */
  changed: boolean;
  analyzed: number;
  reused: number;
}

export interface UpdateOptions {
  /** An index already in memory (same process), checked instead of the cache file. */
  inMemory?: QueryIndex | null;
  /**
   * Keep an index opened from disk lazy (read on demand, file left open): for a caller that
   * uses it once and closes it. Otherwise it is read whole and the file closed.
   */
  lazy?: boolean;
}

/**
 * Brings the index of `root` up to date with `files` (sorted, as listPostFiles returns them): a
 * post whose path, mtime and size are unchanged is reused without reading it; otherwise it is
 * read and hashed, and re-analysed only when its content hash is new. Saves both files (data
 * file first: a query file never points at a missing one) when anything changed.
 */
export async function updateIndex(root: string, files: readonly string[], cacheFile: string | null, displayPath: (p: string) => string, options: UpdateOptions = {}): Promise<IndexUpdate> {
  if (files.length > 1_000_000) throw new OriginalityInputError('more than a million posts is not supported');
  // Synchronous stat in a loop: for 10,000 files several times faster than 10,000 promises
  // through the libuv thread pool, and it is most of the cost of a warm start.
  const stats: (Stats | null)[] = files.map((f) => statSync(f, { throwIfNoEntry: false }) ?? null);
  const previous = options.inMemory ?? (cacheFile ? QueryIndex.open(root, cacheFile) : null);
  if (previous?.describes(files, stats)) {
    return { index: options.lazy ? previous : previous.materialize(), changed: false, analyzed: 0, reused: files.length };
  }

  // Something changed: load the full data of the old posts, then re-analyse what is new.
  const old = previous ? fullIndexOf(previous, cacheFile ? `${cacheFile}.data` : null) : null;
  if (previous && previous !== options.inMemory) previous.close();
  const full: FullIndex = { vocabulary: old?.vocabulary ?? [], termIds: old?.termIds ?? new Map(), posts: [] };
  const byPath = new Map(old?.posts.map((p) => [p.path, p]));
  const byHash = new Map(old?.posts.map((p) => [p.hash, p]));
  let analyzed = 0;
  let reused = 0;
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!;
    const info = stats[i];
    if (!info) throw new OriginalityInputError(`${displayPath(path)}: file not found`);
    const known = byPath.get(path);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) {
      full.posts.push(known);
      reused++;
      continue;
    }
    // Synchronous read: thousands of small files on a cold start, and promise round trips
    // through the thread pool cost more than the reads themselves.
    const source = readFileSync(path, 'utf8');
    const hash = contentHash(source);
    const same = byHash.get(hash);
    if (same) {
      full.posts.push({ ...same, path, mtimeMs: info.mtimeMs, size: info.size });
      reused++;
      continue;
    }
    full.posts.push(fullPostOf(full, path, analyzeFile(path, source, displayPath(path), true), { mtimeMs: info.mtimeMs, size: info.size, hash }));
    analyzed++;
  }
  const { query, data } = encodeIndex(root, full);
  if (cacheFile) {
    writeAtomically(`${cacheFile}.data`, data);
    writeAtomically(cacheFile, query);
  }
  // Without a cache file the data stays in memory, for the next update in this process.
  const index = QueryIndex.fromBytes(root, query, cacheFile ? null : data)!;
  return { index, changed: true, analyzed, reused };
}
