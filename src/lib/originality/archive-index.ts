import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { analyzeDocument, contentPositions, shingleHashes, winnow, type AnalyzedDocument } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { decodeDataFile, DRAFT_FLAG, encodeDataFile, encodeQueryFile, INDEX_VERSION, type DataFileContent, type QueryTables, type StoredMeta } from './index-format.ts';
import { dayOf, QueryIndex, termKey, type FileStats } from './query-index.ts';
import { idfWeight, tfWeight } from './vector.ts';

/**
 * Building and updating the archive index. A check reads the index through QueryIndex; this
 * module rebuilds it when posts change, re-analysing only posts whose content hash is new and
 * taking every other post's full data (term counts, fingerprints) from the data file. When only
 * drafts changed, the tables are copied as they are.
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

/** A post as the index lists it. */
export interface PostRecord extends StoredMeta {
  path: string;
  draft: boolean;
  mtimeMs: number;
  size: number;
  words: number;
}

/** An archive post's full data: term counts by vocabulary id, and fingerprints. */
export interface PostTermData {
  termIds: Uint32Array;
  frequencies: Float32Array;
  fingerprints: Uint32Array;
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

/** Vocabulary of the data file: term ↔ id. Ids only grow, so stored data stays valid. */
class Vocabulary {
  readonly terms: string[];
  readonly #ids: Map<string, number>;
  constructor(terms: string[] = []) {
    this.terms = terms;
    this.#ids = new Map(terms.map((t, i) => [t, i]));
  }
  idOf(term: string): number {
    let id = this.#ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.#ids.set(term, id);
    }
    return id;
  }
}

function postDataOf(vocabulary: Vocabulary, doc: AnalyzedDocument): PostTermData {
  const termIds = new Uint32Array(doc.termFrequencies.size);
  const frequencies = new Float32Array(doc.termFrequencies.size);
  let k = 0;
  for (const [term, f] of doc.termFrequencies) {
    termIds[k] = vocabulary.idOf(term);
    frequencies[k++] = f;
  }
  return { termIds, frequencies, fingerprints: fingerprintsOf(doc) };
}

function recordOf(path: string, doc: AnalyzedDocument, file: { mtimeMs: number; size: number; hash: string }): PostRecord {
  const { title, date, tags, draft } = doc.meta;
  return { path, title, date, tags, draft, ...file, words: doc.words };
}

/** The posts of an index as records, with their archive numbers (-1 for drafts). */
function recordsOf(index: QueryIndex): { record: PostRecord; archive: number }[] {
  index.materialize();
  const records = [];
  for (let n = 0; n < index.size; n++) {
    const post = index.post(n);
    const record: PostRecord = { ...post.meta, path: post.path, draft: post.draft, mtimeMs: post.mtimeMs, size: post.size, words: post.words };
    records.push({ record, archive: index.archiveNumberOf(n) });
  }
  return records;
}

/** The data file behind an index (in memory, or on disk); null when missing or not its own. */
function dataOf(index: QueryIndex, dataFile: string | null): DataFileContent | null {
  let bytes = index.data;
  if (!bytes && dataFile) {
    try {
      bytes = readFileSync(dataFile);
    } catch {
      return null;
    }
  }
  const data = bytes ? decodeDataFile(bytes, index.generation) : null;
  return data && data.termIds.length === index.file.counts.archive ? data : null;
}

/**
 * Drops terms no archive post uses any more (words of edited or deleted posts), renumbering
 * the rest, so the vocabulary and the term table do not grow with every edit.
 */
function withoutDeadTerms(vocabulary: readonly string[], data: readonly PostTermData[]): { vocabulary: string[]; data: PostTermData[] } {
  const used = new Uint8Array(vocabulary.length);
  for (const post of data) for (const id of post.termIds) used[id] = 1;
  if (used.every((u) => u === 1)) return { vocabulary: [...vocabulary], data: [...data] };
  const newId = new Int32Array(vocabulary.length).fill(-1);
  const live: string[] = [];
  vocabulary.forEach((term, id) => {
    if (used[id]) newId[id] = live.push(term) - 1;
  });
  return { vocabulary: live, data: data.map((post) => ({ ...post, termIds: post.termIds.map((id) => newId[id]!) })) };
}

/**
 * The tables of the archive posts (data in archive order). Weights use one idf for the whole
 * archive (scheduled posts included), computed here once rather than at every check: leaving
 * a scheduled post out of the archive changes a document frequency by one, which does not move
 * a score visibly.
 */
function computeTables(vocabulary: readonly string[], archive: readonly PostTermData[]): QueryTables {
  const df = new Uint32Array(vocabulary.length);
  for (const post of archive) for (const id of post.termIds) df[id] = df[id]! + 1;

  // The term table, sorted by key: rank[vocabulary id] = position in the table.
  // The term table: unique keys sorted natively, and each term's place in it. Two terms on one
  // key (see termKey for the odds) share a place, their postings merged.
  const keys = Float64Array.from(vocabulary, termKey);
  const sorted = keys.slice().sort();
  let unique = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[unique++] = sorted[k]!;
  const termKeys = sorted.slice(0, unique);
  const place = new Map<number, number>();
  for (let p = 0; p < unique; p++) place.set(termKeys[p]!, p);
  const rank = new Uint32Array(vocabulary.length);
  const idf = new Float32Array(unique);
  for (let id = 0; id < vocabulary.length; id++) {
    rank[id] = place.get(keys[id]!)!;
    idf[rank[id]!] = idfWeight(archive.length, df[id]!);
  }

  // Each post's TOP_TERMS heaviest terms, weights divided by the norm of its full vector, as
  // postings per term: the few terms of a draft then find every post that weighs them.
  const tops = topTermsOf(archive, df);
  const postingStarts = new Uint32Array(unique + 1);
  for (const top of tops) for (const id of top.ids) postingStarts[rank[id]! + 1]!++;
  for (let t = 0; t < unique; t++) postingStarts[t + 1]! += postingStarts[t]!;
  const postings = new Uint32Array(2 * postingStarts[unique]!);
  const postingWeights = new Float32Array(postings.buffer);
  const fill = postingStarts.slice(0, unique);
  for (let a = 0; a < tops.length; a++) {
    const { ids, weights } = tops[a]!;
    for (let k = 0; k < ids.length; k++) {
      const at = 2 * fill[rank[ids[k]!]!]!++;
      postings[at] = a;
      postingWeights[at + 1] = weights[k]!;
    }
  }

  // (fingerprint, post) pairs sorted by fingerprint, packed in one float64 to sort natively:
  // fingerprint * 2^20 + archive number is exact below 2^53, so up to a million posts.
  const printCount = archive.reduce((sum, p) => sum + p.fingerprints.length, 0);
  const packed = new Float64Array(printCount);
  let t = 0;
  for (let a = 0; a < archive.length; a++) {
    const fingerprints = archive[a]!.fingerprints;
    for (let k = 0; k < fingerprints.length; k++) packed[t++] = fingerprints[k]! * 1_048_576 + a;
  }
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
  return { termKeys, idf, postingStarts, postings, printBits, printDirectory, prints };
}

function encodeQuery(root: string, generation: string, records: readonly PostRecord[], tables: QueryTables): Buffer {
  const prefixLength = (root.endsWith(sep) ? root : root + sep).length;
  let archived = 0;
  return encodeQueryFile({
    generation,
    paths: records.map((p) => p.path.slice(prefixLength)),
    meta: records.map(({ title, date, tags, hash }) => ({ title, date, tags, hash })),
    mtimes: Float64Array.from(records, (p) => p.mtimeMs),
    sizes: Float64Array.from(records, (p) => p.size),
    days: Int32Array.from(records, (p) => dayOf(p.date)),
    words: Uint32Array.from(records, (p) => p.words),
    flags: Uint8Array.from(records, (p) => (p.draft ? DRAFT_FLAG : 0)),
    archive: Int32Array.from(records, (p) => (p.draft ? -1 : archived++)),
    tables,
  });
}

/**
 * Every archive post's TOP_TERMS heaviest tf-idf terms (vocabulary ids), weights divided by the
 * norm of its full vector. idf per term and tf weights of small counts are computed once, and
 * the working arrays are shared: this runs for every post at every rebuild.
 */
function topTermsOf(archive: readonly PostTermData[], df: Uint32Array): { ids: Uint32Array; weights: Float32Array }[] {
  const idf = Float64Array.from(df, (d) => idfWeight(archive.length, d));
  const tf = Float64Array.from({ length: 256 }, (_, f) => tfWeight(f));
  const longest = archive.reduce((n, post) => Math.max(n, post.termIds.length), 0);
  const weights = new Float64Array(longest);
  const sorted = new Float64Array(longest);
  return archive.map(({ termIds, frequencies }) => {
    const n = termIds.length;
    let norm = 0;
    for (let k = 0; k < n; k++) {
      const f = frequencies[k]!;
      const w = (f < 256 && Number.isInteger(f) ? tf[f]! : tfWeight(f)) * idf[termIds[k]!]!;
      weights[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    const keep = Math.min(TOP_TERMS, n);
    // The cut-off weight from a native numeric sort; ties at the cut-off filled up to TOP_TERMS.
    let cutoff = -Infinity;
    if (n > TOP_TERMS) {
      sorted.set(weights.subarray(0, n));
      cutoff = sorted.subarray(0, n).sort()[n - TOP_TERMS]!;
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
  });
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: a build stopped half-way must not leave a torn cache behind, and a
  // reader holding the old file open keeps reading the old file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/**
 * Modification time and size of each file (NaN when it is gone). Synchronous stat in a loop:
 * for 10,000 files several times faster than 10,000 promises through the libuv thread pool,
 * and it is most of the cost of a warm start. Only the two numbers are kept, so each `Stats`
 * object dies at once and costs the garbage collector nothing.
 */
export function statFiles(files: readonly string[]): FileStats {
  const mtimes = new Float64Array(files.length);
  const sizes = new Float64Array(files.length);
  for (let i = 0; i < files.length; i++) {
    const s = statSync(files[i]!, { throwIfNoEntry: false });
    mtimes[i] = s ? s.mtimeMs : Number.NaN;
    sizes[i] = s ? s.size : Number.NaN;
  }
  return { mtimes, sizes };
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
 * read and hashed, and re-analysed only when its content hash is new. When anything changed it
 * saves the query file, and the data file too when published posts changed.
 */
export async function updateIndex(root: string, files: readonly string[], cacheFile: string | null, displayPath: (p: string) => string, options: UpdateOptions = {}): Promise<IndexUpdate> {
  if (files.length > 1_000_000) throw new OriginalityInputError('more than a million posts is not supported');
  const stats = statFiles(files);
  const previous = options.inMemory ?? (cacheFile ? QueryIndex.open(root, cacheFile) : null);
  if (previous?.describes(files, stats)) {
    return { index: options.lazy ? previous : previous.materialize(), changed: false, analyzed: 0, reused: files.length };
  }

  // Something changed. Reuse what is known of each post (by path, mtime and size, else by
  // content hash), analyse the rest.
  const old = previous ? recordsOf(previous) : [];
  const byPath = new Map(old.map((o) => [o.record.path, o]));
  const byHash = new Map(old.map((o) => [o.record.hash, o]));
  // The data file is read only once a published post needs analysing (its terms get ids in
  // the stored vocabulary) or the tables need rebuilding.
  let oldData: DataFileContent | null | undefined;
  const loadOldData = () => (oldData ??= previous ? dataOf(previous, cacheFile ? `${cacheFile}.data` : null) : null);
  let vocabulary: Vocabulary | undefined;
  const vocabularyNow = () => (vocabulary ??= new Vocabulary(loadOldData()?.vocabulary));
  /** Per post: its record, its archive number in the previous index, its data if analysed now. */
  const posts: { record: PostRecord; previousArchive: number; data: PostTermData | null }[] = [];
  let analyzed = 0;
  let reused = 0;
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!;
    const info = { mtimeMs: stats.mtimes[i]!, size: stats.sizes[i]! };
    if (Number.isNaN(info.mtimeMs)) throw new OriginalityInputError(`${displayPath(path)}: file not found`);
    const known = byPath.get(path);
    if (known && known.record.mtimeMs === info.mtimeMs && known.record.size === info.size) {
      posts.push({ record: known.record, previousArchive: known.archive, data: null });
      reused++;
      continue;
    }
    // Synchronous read: thousands of small files on a cold start, and promise round trips
    // through the thread pool cost more than the reads themselves.
    const source = readFileSync(path, 'utf8');
    const hash = contentHash(source);
    const same = byHash.get(hash);
    if (same) {
      posts.push({ record: { ...same.record, path, mtimeMs: info.mtimeMs, size: info.size }, previousArchive: same.archive, data: null });
      reused++;
      continue;
    }
    const doc = analyzeFile(path, source, displayPath(path), true);
    // Drafts are listed, never matched: they need no data.
    posts.push({ record: recordOf(path, doc, { mtimeMs: info.mtimeMs, size: info.size, hash }), previousArchive: -1, data: doc.meta.draft ? null : postDataOf(vocabularyNow(), doc) });
    analyzed++;
  }
  const records = posts.map((p) => p.record);
  const archive = posts.filter((p) => !p.record.draft);

  // Only drafts changed (the writer's loop: edit a draft, check it): the archive is the same
  // posts in the same order, so its tables are too. Only the list of posts is written again.
  if (previous && archive.length === previous.file.counts.archive && archive.every((p, a) => p.previousArchive === a)) {
    const query = encodeQuery(root, previous.generation, records, previous.tables());
    if (cacheFile) writeAtomically(cacheFile, query);
    const index = QueryIndex.fromBytes(root, query, previous.data)!;
    if (previous !== options.inMemory) previous.close();
    return { index, changed: true, analyzed, reused };
  }

  // The archive changed: rebuild the tables, from the data file for the posts it has.
  const stored = loadOldData();
  if (previous && previous !== options.inMemory) previous.close();
  const data = archive.map((p): PostTermData => {
    if (p.data) return p.data;
    if (stored && p.previousArchive >= 0) {
      const a = p.previousArchive;
      return { termIds: stored.termIds[a]!, frequencies: stored.frequencies[a]!, fingerprints: stored.fingerprints[a]! };
    }
    // No usable data file: analyse the post again.
    analyzed++;
    reused--;
    return postDataOf(vocabularyNow(), analyzeFile(p.record.path, readFileSync(p.record.path, 'utf8'), displayPath(p.record.path), true));
  });
  const live = withoutDeadTerms(vocabularyNow().terms, data);
  const generation = randomUUID();
  const query = encodeQuery(root, generation, records, computeTables(live.vocabulary, live.data));
  const dataFile = encodeDataFile({
    generation,
    vocabulary: live.vocabulary,
    termIds: live.data.map((d) => d.termIds),
    frequencies: live.data.map((d) => d.frequencies),
    fingerprints: live.data.map((d) => d.fingerprints),
  });
  if (cacheFile) {
    // Data first: a query file never points at a data file of another generation.
    writeAtomically(`${cacheFile}.data`, dataFile);
    writeAtomically(cacheFile, query);
  }
  // Without a cache file the data stays in memory, for the next update in this process.
  const index = QueryIndex.fromBytes(root, query, cacheFile ? null : dataFile)!;
  return { index, changed: true, analyzed, reused };
}
