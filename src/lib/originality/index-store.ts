import { mkdirSync, rmSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { DatabaseSync as Database, type StatementSync } from 'node:sqlite';

/**
 * The archive index: one SQLite file (node:sqlite) in the cache folder, readable with the
 * `sqlite3` shell (docs/originality.md shows how). A check asks it only for what one draft
 * needs: its terms' rows, its fingerprints' buckets, the few matched posts.
 *
 * - `posts`: every post file, drafts too, in listing order, with the change stamp that tells
 *   an edit (mtime, size, content hash) and the `archive_number` a published post has in the
 *   tables below (NULL for a draft).
 * - `post_terms`: per content hash, the full term counts and fingerprints of an archive post,
 *   read to rebuild the tables after published posts changed, and with its distinct content
 *   words (space-separated) for related posts.
 * - `terms`: one row per term: its idf over the archive and its postings, a BLOB of
 *   (archive number u32, weight f32) pairs of the posts that have it among their heaviest terms.
 * - `fingerprint_buckets`: the (fingerprint u32, archive number u32) pairs, sorted, packed in
 *   one BLOB per bucket of the fingerprint's top bits: one row read per draft fingerprint.
 * - `meta`: key/value facts (listing digest, generation, bucket bits, archive size).
 */

/** Bump when the schema, tokenising, stemming, weighting or the frontmatter reading changes: an old file is rebuilt. */
export const SCHEMA_VERSION = 17;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE posts (
  number INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, mtime_ms REAL NOT NULL, size INTEGER NOT NULL,
  hash TEXT NOT NULL, title TEXT NOT NULL, date TEXT, tags TEXT NOT NULL,
  words INTEGER NOT NULL, draft INTEGER NOT NULL, archive_number INTEGER UNIQUE,
  description TEXT NOT NULL, body_start INTEGER NOT NULL, authored_title INTEGER NOT NULL);
CREATE TABLE post_terms (hash TEXT NOT NULL UNIQUE, term_ids BLOB NOT NULL, frequencies BLOB NOT NULL, fingerprints BLOB NOT NULL, content_words TEXT NOT NULL);
CREATE TABLE terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, idf REAL NOT NULL, postings BLOB NOT NULL);
CREATE INDEX terms_by_text ON terms (term, id, idf); -- a term looked up by its text without reading its postings
CREATE TABLE fingerprint_buckets (bucket INTEGER PRIMARY KEY, pairs BLOB NOT NULL);`;

/**
 * A check and a dev server may use one file at once: wait for a writer rather than fail; with
 * write-ahead logging readers read while one writes, and synchronous NORMAL never leaves a
 * corrupt file after a power cut (at worst the last update is lost and redone). 16 KiB pages
 * hold a post's term counts or a term's postings in one page; a 32 MiB cache keeps a rebuild's
 * writes from spilling.
 */
function openDatabase(file: string): Database {
  const db = new Database(file);
  db.exec('PRAGMA page_size = 16384; PRAGMA cache_size = -32768; PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA journal_size_limit = 4194304');
  return db;
}

/** Opens (or creates) the index file; a file of another schema version is emptied first. */
export function openStore(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database | undefined;
  try {
    db = openDatabase(file);
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version === SCHEMA_VERSION) return db;
    if (version === 0 && !db.prepare('SELECT 1 FROM sqlite_master').get()) return create(db);
  } catch {
    // Not a database (a torn or foreign file): replaced below.
  }
  // Another version, or not an index: the file is only a cache, so it is rebuilt from scratch.
  db?.close();
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  return create(openDatabase(file));
}

function create(db: Database): Database {
  db.exec(`BEGIN; ${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT;`);
  return db;
}

/** One post as the index lists it; `archive` is its number in the tables, -1 for a draft. */
export type IndexedPost = {
  path: string;
  title: string;
  date: string | null;
  tags: string[];
  hash: string;
  words: number;
  draft: boolean;
  archive: number;
  /** The rest of what the frontmatter said (see KnownFrontmatter in document.ts). */
  description: string;
  bodyStart: number;
  authoredTitle: boolean;
};

/** A row of the `posts` table, as stored (tags as JSON, booleans as 0 or 1); index-build.ts writes it. */
export type PostRow = Pick<IndexedPost, 'path' | 'title' | 'date' | 'hash' | 'words' | 'description'> & StoredFields;
type StoredFields = { mtime_ms: number; size: number; tags: string; draft: number; archive_number: number | null; body_start: number; authored_title: number };
export const POST_COLUMNS = 'path, mtime_ms, size, hash, title, date, tags, words, draft, archive_number, description, body_start, authored_title';

/** (archive number, weight) pairs in archive order: ints[2k] a post, floats[2k + 1] its weight for the term. */
export interface Postings {
  ints: Uint32Array;
  floats: Float32Array;
  /** The largest weight in the list. */
  largest: number;
}

export class ArchiveIndex {
  readonly db: Database;
  /** The archive folder with a trailing separator: a post's path is this plus its `path` column. */
  readonly prefix: string;
  readonly #statements = new Map<string, StatementSync>();
  readonly #terms = new Map<string, { id: number; idf: number }>();
  readonly #posts = new Map<number, IndexedPost>();
  readonly #postings = new Map<number, Postings>();

  /** The tables this object reads (and caches terms and postings of): see `stale`. */
  readonly generation: string;
  /** Posts in the tables (published and scheduled). */
  readonly archiveSize: number;
  readonly #bits: number;

  constructor(root: string, db: Database) {
    this.db = db;
    this.prefix = root.endsWith(sep) ? root : root + sep;
    this.generation = String(this.meta('generation'));
    this.archiveSize = Number(this.meta('archive_posts') ?? 0);
    this.#bits = Number(this.meta('fingerprint_bits') ?? 0);
  }

  /** Whether another process rebuilt the tables since this object was made. */
  get stale(): boolean {
    return String(this.meta('generation')) !== this.generation;
  }

  /** A prepared statement, prepared once per index. */
  sql(text: string): StatementSync {
    return this.#statements.get(text) ?? this.#statements.set(text, this.db.prepare(text)).get(text)!;
  }

  meta(key: string): string | number | null {
    return (this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string | number } | undefined)?.value ?? null;
  }

  close(): void {
    this.db.close();
  }

  #postOf({ path, tags, draft, archive_number, body_start, authored_title, mtime_ms: _, size: __, ...same }: PostRow): IndexedPost {
    const flags = { draft: draft === 1, archive: archive_number ?? -1, bodyStart: body_start, authoredTitle: authored_title === 1 };
    return { ...same, ...flags, path: this.prefix + path, tags: JSON.parse(tags) as string[] };
  }

  /** The post of an absolute path, or null. */
  find(path: string): IndexedPost | null {
    if (!path.startsWith(this.prefix)) return null;
    const row = this.sql(`SELECT ${POST_COLUMNS} FROM posts WHERE path = ?`).get(path.slice(this.prefix.length)) as PostRow | undefined;
    return row ? this.#postOf(row) : null;
  }

  /** The archive post numbered `archive` in the tables. */
  post(archive: number): IndexedPost {
    let post = this.#posts.get(archive);
    if (!post) this.#posts.set(archive, (post = this.#postOf(this.sql(`SELECT ${POST_COLUMNS} FROM posts WHERE archive_number = ?`).get(archive) as PostRow)));
    return post;
  }

  /** Paths of the drafts, in listing order. */
  draftPaths(): string[] {
    return (this.sql('SELECT path FROM posts WHERE draft = 1 ORDER BY number').all() as { path: string }[]).map((r) => this.prefix + r.path);
  }

  /** Term id and idf, or null when no archive post uses the term. Remembered per term. */
  term(term: string): { id: number; idf: number } | null {
    if (!this.#terms.has(term)) this.lookUp([term]);
    const known = this.#terms.get(term)!;
    return known.id < 0 ? null : known;
  }

  /** Looks up the terms not known yet in one query (a draft has hundreds). */
  lookUp(terms: Iterable<string>): void {
    const missing = [...terms].filter((t) => !this.#terms.has(t));
    if (missing.length === 0) return;
    const query = this.sql('SELECT j.value, t.id, t.idf FROM json_each(?) AS j LEFT JOIN terms AS t INDEXED BY terms_by_text ON t.term = j.value');
    query.setReturnArrays(true); // rows as arrays: half the cost of objects for thousands of rows
    for (const [term, id, idf] of query.all(JSON.stringify(missing)) as unknown as [string, number | null, number][])
      this.#terms.set(term, id === null ? { id: -1, idf: 0 } : { id, idf });
  }

  /** A term's postings, see Postings. */
  postings(termId: number): Postings {
    if (!this.#postings.has(termId)) this.readPostings([termId]);
    return this.#postings.get(termId)!;
  }

  /** Reads the postings of `termIds` not read yet, in one query: a statement per term cost more than its reading. */
  readPostings(termIds: Iterable<number>): void {
    if (this.#postings.size > 50_000) this.#postings.clear();
    const query = this.sql('SELECT id, postings FROM terms WHERE id IN (SELECT value FROM json_each(?))');
    query.setReturnArrays(true);
    for (const [id, blob] of query.all(JSON.stringify([...termIds].filter((id) => !this.#postings.has(id)))) as unknown as [number, Uint8Array][]) {
      const ints = words32(blob);
      const floats = new Float32Array(ints.buffer, ints.byteOffset, ints.length);
      let largest = 0;
      for (let k = 1; k < floats.length; k += 2) if (floats[k]! > largest) largest = floats[k]!;
      this.#postings.set(id, { ints, floats, largest });
    }
  }

  /** Archive posts holding each of `hashes` (a post once per fingerprint it holds): their buckets in one query, then a scan of the sorted pairs. */
  postsWithFingerprints(hashes: readonly number[]): number[] {
    const bucketOf = (hash: number) => (this.#bits === 0 ? 0 : hash >>> (32 - this.#bits));
    const query = this.sql('SELECT bucket, pairs FROM fingerprint_buckets WHERE bucket IN (SELECT value FROM json_each(?))');
    query.setReturnArrays(true);
    const rows = query.all(JSON.stringify([...new Set(hashes.map(bucketOf))])) as unknown as [number, Uint8Array][];
    const buckets = new Map(rows.map(([bucket, pairs]) => [bucket, words32(pairs)]));
    const posts: number[] = [];
    for (const hash of hashes) {
      const pairs = buckets.get(bucketOf(hash)) ?? new Uint32Array(0);
      for (let k = 0; k < pairs.length && pairs[k]! <= hash; k += 2) if (pairs[k] === hash) posts.push(pairs[k + 1]!);
    }
    return posts;
  }

  /** Archive numbers of the posts scheduled after `nowMs` (dated after its UTC day), and the words of those published by then. */
  published(nowMs: number): { scheduled: Set<number>; words: number } {
    const today = new Date(nowMs).toISOString().slice(0, 10);
    const scheduled = this.sql('SELECT archive_number AS a FROM posts WHERE archive_number IS NOT NULL AND date > ?').all(today) as { a: number }[];
    const sum = this.sql('SELECT coalesce(sum(words), 0) AS w FROM posts WHERE archive_number IS NOT NULL AND (date IS NULL OR date <= ?)').get(today);
    return { scheduled: new Set(scheduled.map((r) => r.a)), words: (sum as { w: number }).w };
  }
}

/** A BLOB as 32-bit words (copied only when SQLite hands it unaligned). */
export function words32(blob: Uint8Array): Uint32Array {
  const bytes = blob.byteOffset % 4 === 0 ? blob : blob.slice();
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** Bytes of a typed array, for a BLOB column. */
export function blobOf(array: Uint32Array | Float32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
