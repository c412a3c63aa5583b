import { sep } from 'node:path';
import {
  decodeMeta,
  DRAFT_FLAG,
  FileSource,
  MemorySource,
  NO_DATE,
  openQueryFile,
  pairViews,
  type ByteSource,
  type QueryFile,
  type QueryTables,
  type StoredMeta,
} from './index-format.ts';

/**
 * The archive index as a check reads it: a query file (index-format.ts), from memory or from
 * disk. Opened from disk it is *lazy*: the head is decoded at once, the postings, fingerprint
 * buckets and post metadata are read when asked for, so a warm check of a large archive reads
 * little and builds few objects (garbage collection was a quarter of a warm start).
 *
 * A lazy index keeps its file open: it belongs to one caller, which closes it, or turns it into
 * an in-memory index with `materialize()` before sharing it (a dev server or a build).
 */

const DAY_MS = 86_400_000;

/**
 * A term's key in the index: 52 bits from two 32-bit FNV-1a hashes, exact in a float64 and
 * sortable natively. Two of a million terms collide with odds of about 1 in 10^4; a collision
 * only merges two terms' weights for candidate ranking.
 */
export function termKey(term: string): number {
  let a = 0x811c9dc5;
  let b = 0x2f6d7a3b;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return (a >>> 0) * 1_048_576 + ((b >>> 0) >>> 12);
}

/** Day number (days since 1970-01-01) of a YYYY-MM-DD date; NO_DATE for null. */
export function dayOf(date: string | null): number {
  return date === null ? NO_DATE : Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Modification times and sizes of files, in listing order (NaN for a file that is gone). */
export interface FileStats {
  mtimes: Float64Array;
  sizes: Float64Array;
}

/** One post of the index. Metadata is decoded on first use. */
export class IndexedPost {
  readonly index: QueryIndex;
  readonly number: number;
  #meta: StoredMeta | null = null;
  constructor(index: QueryIndex, number: number) {
    this.index = index;
    this.number = number;
  }
  get path(): string {
    return this.index.pathOf(this.number);
  }
  get draft(): boolean {
    return (this.index.file.flags[this.number]! & DRAFT_FLAG) !== 0;
  }
  get words(): number {
    return this.index.file.words[this.number]!;
  }
  get mtimeMs(): number {
    return this.index.file.mtimes[this.number]!;
  }
  get size(): number {
    return this.index.file.sizes[this.number]!;
  }
  get meta(): StoredMeta {
    return (this.#meta ??= this.index.metaOf(this.number));
  }
  get title(): string {
    return this.meta.title;
  }
  get date(): string | null {
    return this.meta.date;
  }
  get tags(): string[] {
    return this.meta.tags;
  }
  get hash(): string {
    return this.meta.hash;
  }
}

export class QueryIndex {
  readonly root: string;
  readonly file: QueryFile;
  /** The data file's bytes, when this index was built in this process without a cache file. */
  readonly data: Uint8Array | null;
  readonly size: number;
  readonly #prefix: string;
  #source: ByteSource;
  readonly #posts: (IndexedPost | undefined)[];

  private constructor(root: string, file: QueryFile, source: ByteSource, data: Uint8Array | null) {
    this.root = root;
    this.file = file;
    this.data = data;
    this.size = file.counts.posts;
    this.#prefix = root.endsWith(sep) ? root : root + sep;
    this.#source = source;
    this.#posts = new Array<IndexedPost | undefined>(this.size);
  }

  /** An index over query-file bytes in memory (just built, or a whole file read). */
  static fromBytes(root: string, bytes: Uint8Array, data: Uint8Array | null = null): QueryIndex | null {
    const source = new MemorySource(bytes);
    const file = openQueryFile(source);
    return file ? new QueryIndex(root, file, source, data) : null;
  }

  /** A lazy index over a query file on disk; null when absent, from another version or corrupt. */
  static open(root: string, path: string): QueryIndex | null {
    let source: FileSource;
    try {
      source = new FileSource(path);
    } catch {
      return null;
    }
    try {
      const file = openQueryFile(source);
      if (file) return new QueryIndex(root, file, source, null);
    } catch {
      // A torn or foreign file: rebuilt by the caller.
    }
    source.close();
    return null;
  }

  get generation(): string {
    return this.file.generation;
  }

  /** Reads the parts not yet in memory and closes the file: safe to share and keep. */
  materialize(): this {
    if (this.#source instanceof FileSource) {
      const whole = this.#source.read(0, this.file.totalBytes);
      this.#source.close();
      this.#source = new MemorySource(whole);
    }
    return this;
  }

  close(): void {
    this.#source.close();
  }

  /** Bytes read from the file so far while lazy (0 for an index in memory). */
  get bytesRead(): number {
    return this.#source instanceof FileSource ? this.#source.bytesRead : 0;
  }

  post(n: number): IndexedPost {
    return (this.#posts[n] ??= new IndexedPost(this, n));
  }

  /** Path of post `n` relative to the root, as stored. */
  relativePathOf(n: number): string {
    const o = this.file.pathOffsets;
    return this.file.paths.toString('utf8', o[n]!, o[n + 1]! - 1);
  }

  pathOf(n: number): string {
    return this.#prefix + this.relativePathOf(n);
  }

  /** Post number of an absolute path (paths are sorted as listPostFiles sorts them), or -1. */
  find(path: string): number {
    if (!path.startsWith(this.#prefix)) return -1;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pathOf(mid) < path) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.size && this.pathOf(lo) === path ? lo : -1;
  }

  /**
   * Whether the index describes exactly these files as they are now: same paths in the same
   * order, same modification times and sizes. One comparison of the joined paths, no strings
   * built per post.
   */
  describes(files: readonly string[], stats: FileStats): boolean {
    if (files.length !== this.size) return false;
    const { mtimes, sizes } = this.file;
    for (let i = 0; i < files.length; i++) {
      // NaN (a file gone) never equals a stored time.
      if (stats.mtimes[i] !== mtimes[i] || stats.sizes[i] !== sizes[i] || !files[i]!.startsWith(this.#prefix)) return false;
    }
    const prefixLength = this.#prefix.length;
    return Buffer.from(files.map((f) => f.slice(prefixLength)).join('\0'), 'utf8').equals(this.file.paths);
  }

  metaOf(n: number): StoredMeta {
    const o = this.file.metaOffsets;
    return decodeMeta(this.#source.read(this.file.metaAt + o[n]!, o[n + 1]! - o[n]!));
  }

  isPublished(n: number, nowMs: number): boolean {
    if ((this.file.flags[n]! & DRAFT_FLAG) !== 0) return false;
    const day = this.file.days[n]!;
    return day === NO_DATE || day * DAY_MS <= nowMs;
  }

  /** Term id (position in the term table), or -1 when no post uses the term. */
  termId(term: string): number {
    const keys = this.file.termKeys;
    const key = termKey(term);
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < keys.length && keys[lo] === key ? lo : -1;
  }

  idf(termId: number): number {
    return this.file.idf[termId]!;
  }

  /** Archive number of post `n` (its number in the tables), or -1 for a draft. */
  archiveNumberOf(n: number): number {
    return this.file.archive[n]!;
  }

  /**
   * The archive posts that have `termId` among their heaviest terms, with its weight there:
   * ints[2k] is an archive number, floats[2k + 1] its weight.
   */
  postings(termId: number): { ints: Uint32Array; floats: Float32Array } {
    const starts = this.file.postingStarts;
    const from = starts[termId]!;
    return pairViews(this.#source.read(this.file.postingsAt + 8 * from, 8 * (starts[termId + 1]! - from)));
  }

  /** Archive posts holding a fingerprint: one read of its bucket, then a scan of its pairs. */
  postsWithFingerprint(hash: number): number[] {
    const bucket = this.file.counts.printBits === 0 ? 0 : hash >>> (32 - this.file.counts.printBits);
    const dir = this.file.printDirectory;
    const from = dir[bucket]!;
    const to = dir[bucket + 1]!;
    if (from === to) return [];
    const pairs = pairViews(this.#source.read(this.file.printsAt + 8 * from, 8 * (to - from))).ints;
    const posts: number[] = [];
    for (let k = 0; k < pairs.length; k += 2) {
      if (pairs[k] === hash) posts.push(pairs[k + 1]!);
      else if (pairs[k]! > hash) break;
    }
    return posts;
  }

  /** The tables whole, to be written again unchanged after an edit that touched only drafts. */
  tables(): QueryTables {
    const { counts, printsAt, postingsAt } = this.file;
    return {
      termKeys: this.file.termKeys,
      idf: this.file.idf,
      postingStarts: this.file.postingStarts,
      postings: pairViews(this.#source.read(postingsAt, 8 * counts.postings)).ints,
      printBits: counts.printBits,
      printDirectory: this.file.printDirectory,
      prints: pairViews(this.#source.read(printsAt, 8 * counts.prints)).ints,
    };
  }
}

/**
 * The archive as of now: the posts that may be matched (published, not being checked), with a
 * mask from post numbers to positions.
 */
export interface ArchiveView {
  index: QueryIndex;
  posts: IndexedPost[];
  /** Archive number → position in `posts`, or -1 when not in the view. */
  positionOf: Int32Array;
  words: number;
}

/** The published posts as of `now`, minus the posts numbered in `excluded`. */
export function makeView(index: QueryIndex, now: Date, excluded: ReadonlySet<number> = new Set()): ArchiveView {
  const positionOf = new Int32Array(index.file.counts.archive).fill(-1);
  const posts: IndexedPost[] = [];
  const nowMs = now.getTime();
  let words = 0;
  for (let n = 0; n < index.size; n++) {
    // Published implies not a draft, so every post of the view has an archive number.
    if (!index.isPublished(n, nowMs) || excluded.has(n)) continue;
    positionOf[index.archiveNumberOf(n)] = posts.length;
    posts.push(index.post(n));
    words += index.file.words[n]!;
  }
  return { index, posts, positionOf, words };
}
