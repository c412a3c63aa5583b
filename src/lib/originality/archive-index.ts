import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { analyzeDocument, contentPositions, shingleHashes, winnow, type AnalyzedDocument } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { INDEX_VERSION, loadDataFile, loadQueryFile, saveIndexFiles } from './index-file.ts';
import { idfWeight, tfWeight } from './vector.ts';

/**
 * The archive index, persisted as two binary files per archive folder (index-file.ts):
 *
 * - the *query* file, all a warm check reads: per post its metadata, its TOP_TERMS heaviest
 *   tf-idf weights (enough to rank candidates; the few candidates are then scored exactly from
 *   their text), plus idf and a sorted fingerprint → post table for reused-passage lookups;
 * - the *data* file, read only when posts changed: every post's full term frequencies and
 *   fingerprints, so a rebuild re-analyses only the posts whose content hash is new.
 *
 * Flat typed arrays behind a small JSON header: a warm start parses no JSON numbers.
 */

/**
 * Winnowing window over content-word 3-grams: a shared run of window + 2 = 10 content words
 * (a copied sentence or two) always shares a fingerprint, at about 2/9 of the storage.
 */
export const WINNOW_WINDOW = 8;
/** Heaviest terms kept per post for candidate ranking. */
export const TOP_TERMS = 64;

/** Full per-post data, needed to rebuild idf and the tables; not loaded on a warm start. */
export interface PostData {
  termIds: Uint32Array;
  frequencies: Float32Array;
  fingerprints: Uint32Array;
}

export interface IndexedPost {
  path: string;
  title: string;
  date: string | null;
  tags: string[];
  draft: boolean;
  mtimeMs: number;
  size: number;
  hash: string;
  words: number;
  /** Where the post's heaviest terms sit in the index's topIds / topWeights. */
  topStart: number;
  topCount: number;
  data: PostData | null;
}

/**
 * Weights use one idf for the whole index (every non-draft post, scheduled ones included) so
 * they are computed once when the index is saved, not at every start: leaving a draft or a
 * scheduled post out of the archive changes a document frequency by one, which does not move a
 * score visibly.
 */
export interface ArchiveIndex {
  vocabulary: string[];
  termIds: Map<string, number>;
  posts: IndexedPost[];
  idf: Float32Array;
  /** Every post's heaviest terms, with tf-idf weights divided by the norm of its full vector. */
  topIds: Uint32Array;
  topWeights: Float32Array;
  /** Fingerprint → posts, sorted by fingerprint, for lookups by binary search. */
  printHashes: Uint32Array;
  printPosts: Uint32Array;
  /** Per post, its term and fingerprint counts in the data file (2 numbers per post). */
  dataCounts: Uint32Array;
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

function termIdOf(index: ArchiveIndex, term: string): number {
  let id = index.termIds.get(term);
  if (id === undefined) {
    id = index.vocabulary.length;
    index.vocabulary.push(term);
    index.termIds.set(term, id);
  }
  return id;
}

function indexedPostOf(index: ArchiveIndex, path: string, doc: AnalyzedDocument, file: { mtimeMs: number; size: number; hash: string }): IndexedPost {
  const termIds = new Uint32Array(doc.termFrequencies.size);
  const frequencies = new Float32Array(doc.termFrequencies.size);
  let k = 0;
  for (const [term, f] of doc.termFrequencies) {
    termIds[k] = termIdOf(index, term);
    frequencies[k++] = f;
  }
  return {
    path,
    title: doc.meta.title,
    date: doc.meta.date,
    tags: doc.meta.tags,
    draft: doc.meta.draft,
    ...file,
    words: doc.words,
    topStart: 0,
    topCount: 0,
    data: { termIds, frequencies, fingerprints: fingerprintsOf(doc) },
  };
}

/** Recomputes idf, every post's top weights and the fingerprint table (all data loaded). */
export function computeDerived(index: ArchiveIndex): void {
  const df = new Uint32Array(index.vocabulary.length);
  let counted = 0;
  for (const post of index.posts) {
    if (post.draft) continue;
    counted++;
    for (const id of post.data!.termIds) df[id] = df[id]! + 1;
  }
  const idf = new Float32Array(index.vocabulary.length);
  for (let i = 0; i < idf.length; i++) idf[i] = idfWeight(counted, df[i]!);
  index.idf = idf;
  const total = index.posts.reduce((n, p) => n + Math.min(TOP_TERMS, p.data!.termIds.length), 0);
  index.topIds = new Uint32Array(total);
  index.topWeights = new Float32Array(total);
  let at = 0;
  for (const post of index.posts) {
    const { termIds, frequencies } = post.data!;
    const weights = new Float64Array(termIds.length);
    let norm = 0;
    for (let k = 0; k < termIds.length; k++) {
      weights[k] = tfWeight(frequencies[k]!) * idf[termIds[k]!]!;
      norm += weights[k]! * weights[k]!;
    }
    norm = Math.sqrt(norm) || 1;
    // The TOP_TERMS heaviest: find the cut-off weight with a native numeric sort, then keep the
    // terms above it (ties at the cut-off filled up to TOP_TERMS).
    const cutoff = weights.length <= TOP_TERMS ? -Infinity : Float64Array.from(weights).sort()[weights.length - TOP_TERMS]!;
    post.topStart = at;
    for (let k = 0; k < weights.length && at - post.topStart < TOP_TERMS; k++) {
      if (weights[k]! > cutoff) {
        index.topIds[at] = termIds[k]!;
        index.topWeights[at++] = weights[k]! / norm;
      }
    }
    for (let k = 0; k < weights.length && at - post.topStart < Math.min(TOP_TERMS, weights.length); k++) {
      if (weights[k] === cutoff) {
        index.topIds[at] = termIds[k]!;
        index.topWeights[at++] = weights[k]! / norm;
      }
    }
    post.topCount = at - post.topStart;
  }
  // Sort (fingerprint, post) pairs packed in one float64: fingerprint * 2^20 + post number is
  // exact below 2^53, so up to a million posts sort natively, without a comparator.
  const prints = index.posts.reduce((n, p) => n + p.data!.fingerprints.length, 0);
  const packed = new Float64Array(prints);
  let t = 0;
  index.posts.forEach((post, i) => {
    for (const h of post.data!.fingerprints) packed[t++] = h * 1_048_576 + i;
  });
  packed.sort();
  index.printHashes = new Uint32Array(prints);
  index.printPosts = new Uint32Array(prints);
  for (let k = 0; k < prints; k++) {
    const v = packed[k]!;
    const post = v % 1_048_576;
    index.printHashes[k] = (v - post) / 1_048_576;
    index.printPosts[k] = post;
  }
}

/** Posts (index numbers) holding fingerprint `hash`. */
export function postsWithFingerprint(index: ArchiveIndex, hash: number): Uint32Array {
  const hashes = index.printHashes;
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hashes[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < hashes.length && hashes[end] === hash) end++;
  return index.printPosts.subarray(lo, end);
}

function emptyIndex(): ArchiveIndex {
  return { vocabulary: [], termIds: new Map(), posts: [], idf: new Float32Array(0), topIds: new Uint32Array(0), topWeights: new Float32Array(0), printHashes: new Uint32Array(0), printPosts: new Uint32Array(0), dataCounts: new Uint32Array(0) };
}

export interface IndexUpdate {
  index: ArchiveIndex;
  /** Whether anything differed from the previous index (files added, removed or changed). */
  changed: boolean;
  analyzed: number;
  reused: number;
}

/**
 * Brings the index of `root` up to date with `files`: a post whose path, mtime and size are
 * unchanged is reused without reading it; otherwise it is read and hashed, and re-analysed
 * only when its content hash is new. Saves both files when anything changed.
 */
export async function updateIndex(root: string, files: readonly string[], cacheFile: string | null, displayPath: (p: string) => string, inMemory: ArchiveIndex | null = null): Promise<IndexUpdate> {
  if (files.length > 1_000_000) throw new OriginalityInputError('more than a million posts is not supported');
  // An index already in memory (same process) is as good as the file it was saved to. The
  // file is read in the background while the posts are stat-ed.
  const loading = inMemory ? Promise.resolve(inMemory) : cacheFile ? loadQueryFile(cacheFile, root) : Promise.resolve(null);
  // Synchronous stat in a loop: for 10,000 files several times faster than 10,000 promises
  // through the libuv thread pool, and it is most of the cost of a warm start.
  const stats = files.map((f) => statSync(f, { throwIfNoEntry: false }) ?? null);
  const previous = await loading;
  const index: ArchiveIndex = previous ?? emptyIndex();
  const byPath = new Map(index.posts.map((p) => [p.path, p]));
  const unchanged = files.length === index.posts.length && files.every((path, i) => {
    const known = index.posts[i]!;
    return known.path === path && known.mtimeMs === stats[i]!?.mtimeMs && known.size === stats[i]!?.size;
  });
  if (unchanged) return { index, changed: false, analyzed: 0, reused: files.length };

  // Something changed: load the full data of the old posts, then re-analyse what is new.
  if (previous && index.posts.some((p) => p.data === null) && !(cacheFile && (await loadDataFile(`${cacheFile}.data`, index)))) {
    index.posts = []; // data file missing or stale: rebuild from scratch
    byPath.clear();
  }
  const byHash = new Map(index.posts.map((p) => [p.hash, p]));
  const posts: IndexedPost[] = [];
  let analyzed = 0;
  let reused = 0;
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!;
    const info = stats[i];
    if (!info) throw new OriginalityInputError(`${displayPath(path)}: file not found`);
    const known = byPath.get(path);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) {
      posts.push(known);
      reused++;
      continue;
    }
    // Synchronous read: thousands of small files on a cold start, and promise round trips
    // through the thread pool cost more than the reads themselves.
    const source = readFileSync(path, 'utf8');
    const hash = contentHash(source);
    const same = byHash.get(hash);
    if (same) {
      posts.push({ ...same, path, mtimeMs: info.mtimeMs, size: info.size });
      reused++;
      continue;
    }
    posts.push(indexedPostOf(index, path, analyzeFile(path, source, displayPath(path), true), { mtimeMs: info.mtimeMs, size: info.size, hash }));
    analyzed++;
  }
  index.posts = posts;
  computeDerived(index);
  if (cacheFile) await saveIndexFiles(cacheFile, root, index);
  return { index, changed: true, analyzed, reused };
}

/**
 * The archive as of now: the posts that may be matched (published, not being checked), as a
 * membership mask over the index.
 */
export interface ArchiveView {
  index: ArchiveIndex;
  posts: IndexedPost[];
  /** Index post number → position in `posts`, or -1 when not in the view. */
  positionOf: Int32Array;
  idf: Float32Array;
  words: number;
}

export function makeView(index: ArchiveIndex, include: (post: IndexedPost) => boolean): ArchiveView {
  const positionOf = new Int32Array(index.posts.length).fill(-1);
  const posts: IndexedPost[] = [];
  let words = 0;
  index.posts.forEach((post, i) => {
    if (!include(post)) return;
    positionOf[i] = posts.length;
    posts.push(post);
    words += post.words;
  });
  return { index, posts, positionOf, idf: index.idf, words };
}
