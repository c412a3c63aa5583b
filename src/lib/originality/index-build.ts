import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { analyzeFile, fingerprintsOf, type AnalyzedDocument, type KnownFrontmatter } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { ArchiveIndex, blobOf, dayOf, type IndexedPost, openStore, POST_COLUMNS, type PostRow, SCHEMA_VERSION, words32 } from './index-store.ts';
import { idfWeight, tfWeight } from './vector.ts';

/**
 * Bringing the index (index-store.ts) up to date with the post files. A post whose path, mtime
 * and size are unchanged is not read; a changed one is read and hashed, and analysed only when
 * its content hash is new. When published posts changed, the term and fingerprint tables are
 * rebuilt from every archive post's stored term counts (idf and each post's heaviest terms
 * depend on the whole archive); when only drafts changed, only their rows are written.
 */

/** Heaviest terms kept per post for candidate ranking. */
const TOP_TERMS = 64;
/** Average fingerprints per bucket row: one small read per draft fingerprint. */
const PRINTS_PER_BUCKET = 64;

/** What finding the changes reads of a stored row; the rest is read only for the rows written again. */
type StoredRow = Pick<PostRow, 'path' | 'mtime_ms' | 'size' | 'hash' | 'draft' | 'archive_number'> & { number: number };
/** A row of the new listing: a stored one kept as it was, or one to write. */
type ListedRow = PostRow | StoredRow;

/** An archive post's full data: term counts by term id, and fingerprints. */
type TermData = { termIds: Uint32Array; frequencies: Float32Array; fingerprints: Uint32Array };

/** A post's content hash: an unchanged file moved or touched is not analysed again. */
function contentHash(source: string): string {
  return createHash('sha1').update(`${SCHEMA_VERSION}\0`).update(source).digest('hex').slice(0, 20);
}

/** The frontmatter the index keeps for `post`, when `source` is still the content it was read from. */
export function knownFrontmatter(post: IndexedPost, source: string): KnownFrontmatter | undefined {
  if (contentHash(source) !== post.hash) return undefined;
  const { title, date, description, tags, draft } = post;
  return { meta: { title, date, description, tags, draft }, bodyStart: post.bodyStart, authoredTitle: post.authoredTitle };
}

/** Modification time and size of each file (NaN when gone). Sync stat in a loop: fastest for 10k. */
function statFiles(files: readonly string[]): { mtimes: Float64Array; sizes: Float64Array } {
  const mtimes = new Float64Array(files.length);
  const sizes = new Float64Array(files.length);
  for (let i = 0; i < files.length; i++) {
    const s = statSync(files[i]!, { throwIfNoEntry: false });
    mtimes[i] = s ? s.mtimeMs : Number.NaN;
    sizes[i] = s ? s.size : Number.NaN;
  }
  return { mtimes, sizes };
}

/** One digest of the listing (paths, mtimes, sizes): a warm check compares one value. */
function listingDigest(files: readonly string[], stats: ReturnType<typeof statFiles>): string {
  let listing = '';
  for (let i = 0; i < files.length; i++) listing += `${files[i]}\0${stats.mtimes[i]}\0${stats.sizes[i]}\n`;
  return createHash('sha1').update(listing).digest('hex');
}

/** `changed`: anything differed from the stored index (files added, removed or changed). */
type IndexUpdate = { index: ArchiveIndex; changed: boolean; analyzed: number; reused: number };

/**
 * Brings the index of `root` up to date with `files` (sorted, as listPostFiles returns them),
 * in `cacheFile` (null: in memory), or in `index` when one is open already.
 */
export function updateIndex(
  root: string,
  files: readonly string[],
  cacheFile: string | null,
  displayPath: (p: string) => string,
  index?: ArchiveIndex,
): IndexUpdate {
  if (files.length > 1_000_000) throw new OriginalityInputError('more than a million posts is not supported');
  const stats = statFiles(files);
  const digest = listingDigest(files, stats);
  index ??= new ArchiveIndex(root, openStore(cacheFile ?? ':memory:'));
  if (index.meta('listing') === digest)
    return { index: index.stale ? new ArchiveIndex(root, index.db) : index, changed: false, analyzed: 0, reused: files.length };
  const { db } = index;
  const prefix = root.endsWith(sep) ? root : root + sep;

  const old = storedRows(index);
  const byPath = new Map(old.map((o) => [o.path, o]));
  const byHash = new Map(old.map((o) => [o.hash, o]));
  const vocabulary = new Vocabulary(db);
  const termIdOf = (term: string) => vocabulary.idOf(term);
  const fresh = new Map<string, TermData>();
  const rows: ListedRow[] = [];
  let analyzed = 0;
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!.slice(prefix.length);
    const [mtime, size] = [stats.mtimes[i]!, stats.sizes[i]!];
    if (Number.isNaN(mtime)) throw new OriginalityInputError(`${displayPath(files[i]!)}: file not found`);
    const known = byPath.get(path);
    if (known && known.mtime_ms === mtime && known.size === size) {
      rows.push(known);
      continue;
    }
    const source = readFileSync(files[i]!, 'utf8');
    const hash = contentHash(source);
    const same = byHash.get(hash);
    if (same) {
      rows.push({ ...wholeRow(index, same), path, mtime_ms: mtime, size, archive_number: same.archive_number });
      continue;
    }
    const doc = analyzeFile(files[i]!, source, displayPath(files[i]!), true);
    const { title, date, tags, draft, description } = doc.meta;
    const [body_start, authored_title] = [doc.bodyStart, doc.authoredTitle ? 1 : 0];
    rows.push({
      path,
      mtime_ms: mtime,
      size,
      hash,
      title,
      date,
      tags: JSON.stringify(tags),
      words: doc.words,
      draft: draft ? 1 : 0,
      archive_number: null,
      description,
      body_start,
      authored_title,
    });
    // Drafts are listed, never matched: they need no term data.
    if (!draft) fresh.set(hash, termDataOf(doc, termIdOf));
    analyzed++;
  }

  // The archive is the same posts in the same order (only drafts changed): tables stay.
  const archive = rows.filter((r) => r.draft === 0);
  const sameArchive = old.filter((o) => o.archive_number !== null).length === archive.length && archive.every((r, a) => r.archive_number === a);
  const samePaths = old.length === rows.length && rows.every((r, i) => r.path === old[i]!.path);
  db.exec('BEGIN');
  try {
    if (!sameArchive) {
      // A renumbered row is a new object: `old` keeps what the file says, to tell what to write.
      let next = 0;
      rows.forEach((r, n) => {
        const number = r.draft === 0 ? next++ : null;
        if (r.archive_number !== number) rows[n] = { ...r, archive_number: number };
      });
      analyzed += rebuildTables(
        index,
        rows.filter((r) => r.draft === 0),
        fresh,
        vocabulary,
        (r) => analyzeFile(prefix + r.path, readFileSync(prefix + r.path, 'utf8'), displayPath(prefix + r.path), true),
      );
    }
    writePosts(index, rows, samePaths ? old : null);
    db.prepare("INSERT OR REPLACE INTO meta VALUES ('listing', ?)").run(digest);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return { index: new ArchiveIndex(root, db), changed: true, analyzed, reused: files.length - analyzed };
}

function termDataOf(doc: AnalyzedDocument, termIdOf: (term: string) => number): TermData {
  const termIds = new Uint32Array(doc.termFrequencies.size);
  const frequencies = new Float32Array(doc.termFrequencies.size);
  let k = 0;
  for (const [term, f] of doc.termFrequencies) {
    termIds[k] = termIdOf(term);
    frequencies[k++] = f;
  }
  return { termIds, frequencies, fingerprints: fingerprintsOf(doc) };
}

/** The stored rows, in order, with the columns that tell a change. */
function storedRows(index: ArchiveIndex): StoredRow[] {
  const query = index.db.prepare('SELECT number, path, mtime_ms, size, hash, draft, archive_number FROM posts ORDER BY number');
  // Seven columns as arrays: a quarter of the cost of whole rows as objects, at 10,000 posts.
  query.setReturnArrays(true);
  return (query.all() as unknown as [number, string, number, number, string, number, number | null][]).map(
    ([number, path, mtime_ms, size, hash, draft, archive_number]) => ({
      number,
      path,
      mtime_ms,
      size,
      hash,
      draft,
      archive_number,
    }),
  );
}

/** A stored row with all its columns. */
function wholeRow(index: ArchiveIndex, row: StoredRow): PostRow {
  return index.db.prepare(`SELECT ${POST_COLUMNS} FROM posts WHERE number = ?`).get(row.number) as unknown as PostRow;
}

/**
 * Writes the posts rows: when the paths are the same as `old`'s, only the rows that changed
 * (an edit writes one row, not the archive), else all of them.
 */
function writePosts(index: ArchiveIndex, listed: readonly ListedRow[], old: readonly StoredRow[] | null): void {
  const values = (r: PostRow) =>
    [
      r.path,
      r.mtime_ms,
      r.size,
      r.hash,
      r.title,
      r.date,
      dayOf(r.date),
      r.tags,
      r.words,
      r.draft,
      r.archive_number,
      r.description,
      r.body_start,
      r.authored_title,
    ] as const;
  if (old) {
    const update = index.sql(
      'UPDATE posts SET path = ?, mtime_ms = ?, size = ?, hash = ?, title = ?, date = ?, day = ?, tags = ?, words = ?, draft = ?, archive_number = ?, description = ?, body_start = ?, authored_title = ? WHERE number = ?',
    );
    const renumber = index.sql('UPDATE posts SET archive_number = ? WHERE number = ?');
    const changed = listed.flatMap((r, n) => (r === old[n] ? [] : [n]));
    // Archive numbers are unique: the changed rows let go of theirs before any takes a new one.
    for (const n of changed) if (old[n]!.archive_number !== null) renumber.run(null, n);
    for (const n of changed) {
      const r = listed[n]!;
      // A stored row only renumbered keeps its other columns; a new or edited row is whole.
      if ('title' in r) update.run(...values(r), n);
      else renumber.run(r.archive_number, n);
    }
    return;
  }
  const stored = new Map(
    index.db
      .prepare(`SELECT number, ${POST_COLUMNS} FROM posts`)
      .all()
      .map((r) => [(r as { number: number }).number, r as unknown as PostRow]),
  );
  // Kept rows get their other columns back; their new place (archive_number) wins.
  const rows = listed.map((r): PostRow => ('title' in r ? r : { ...stored.get(r.number)!, ...r }));
  index.db.exec('DELETE FROM posts');
  const insert = index.db.prepare(
    'INSERT INTO posts (path, mtime_ms, size, hash, title, date, day, tags, words, draft, archive_number, description, body_start, authored_title, number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  rows.forEach((r, n) => insert.run(...values(r), n));
}

/**
 * Rebuilds `terms`, `fingerprint_buckets` and `post_terms` for the archive posts `archive`
 * (numbered in order). Weights use one idf for the whole archive, scheduled posts included:
 * leaving one out changes a document frequency by one, which does not move a score visibly.
 * Returns how many posts had to be analysed again (their stored data was missing).
 */
function rebuildTables(
  index: ArchiveIndex,
  archive: readonly ListedRow[],
  fresh: Map<string, TermData>,
  vocabulary: Vocabulary,
  analyze: (r: ListedRow) => AnalyzedDocument,
): number {
  const { db } = index;
  // Every stored row in one scan, as arrays, rather than one lookup per post.
  const scan = db.prepare('SELECT hash, term_ids, frequencies, fingerprints FROM post_terms');
  scan.setReturnArrays(true);
  const stored = new Map((scan.all() as unknown as [string, Uint8Array, Uint8Array, Uint8Array][]).map(([hash, ...blobs]) => [hash, blobs]));
  let again = 0;
  const data = archive.map((r): TermData => {
    const known = fresh.get(r.hash);
    if (known) return known;
    const row = stored.get(r.hash);
    if (row) {
      const f = words32(row[1]);
      return { termIds: words32(row[0]), frequencies: new Float32Array(f.buffer, f.byteOffset, f.length), fingerprints: words32(row[2]) };
    }
    again++;
    const computed = termDataOf(analyze(r), (term) => vocabulary.idOf(term));
    fresh.set(r.hash, computed);
    return computed;
  });
  const insertData = db.prepare('INSERT OR REPLACE INTO post_terms (hash, term_ids, frequencies, fingerprints) VALUES (?, ?, ?, ?)');
  for (const [hash, d] of fresh) insertData.run(hash, blobOf(d.termIds), blobOf(d.frequencies), blobOf(d.fingerprints));
  db.exec('CREATE TEMP TABLE live (hash TEXT PRIMARY KEY) WITHOUT ROWID');
  const live = db.prepare('INSERT OR IGNORE INTO live VALUES (?)');
  for (const r of archive) live.run(r.hash);
  db.exec('DELETE FROM post_terms WHERE hash NOT IN (SELECT hash FROM live); DROP TABLE temp.live');

  // Document frequencies, then per term its idf and the posts that weigh it most.
  const termCount = data.reduce((n, d) => d.termIds.reduce((m, id) => Math.max(m, id + 1), n), 0);
  const df = new Uint32Array(termCount);
  for (const d of data) for (const id of d.termIds) df[id]!++;
  const idf = Float64Array.from(df, (n) => idfWeight(archive.length, n));
  const postingCounts = new Uint32Array(termCount);
  const tops = data.map((d) => topTerms(d, idf));
  for (const top of tops) for (const id of top.ids) postingCounts[id]!++;
  const postings = Array.from(postingCounts, (n) => new Uint32Array(2 * n));
  const weights = postings.map((p) => new Float32Array(p.buffer));
  const fill = new Uint32Array(termCount);
  for (let a = 0; a < tops.length; a++) {
    const top = tops[a]!;
    for (let k = 0; k < top.ids.length; k++) {
      const id = top.ids[k]!;
      postings[id]![2 * fill[id]!] = a;
      weights[id]![2 * fill[id]!++ + 1] = top.weights[k]!;
    }
  }
  // Only the rows that differ are written: after an edit that leaves the idf alone, a few dozen.
  const oldTerms = storedBlobs(db, 'SELECT id, idf, postings FROM terms');
  const insertTerm = db.prepare('INSERT INTO terms VALUES (?, ?, ?, ?)');
  const updateTerm = db.prepare('UPDATE terms SET idf = ?, postings = ? WHERE id = ?');
  const deleteTerm = db.prepare('DELETE FROM terms WHERE id = ?');
  let texts: Map<number, string> | undefined;
  for (let id = 0; id < termCount; id++) {
    if (df[id] === 0) continue;
    // Queries use idf at float32 precision, as the scores were tuned with.
    const [weight, blob] = [Math.fround(idf[id]!), blobOf(postings[id]!)];
    const known = oldTerms.get(id);
    if (!known) {
      // A term new to the table was given its id by this update: the vocabulary is loaded.
      texts ??= new Map([...vocabulary.all()].map(([term, n]) => [n, term]));
      insertTerm.run(id, texts.get(id)!, weight, blob);
    } else if (known.value !== weight || !sameBytes(known.blob, blob)) updateTerm.run(weight, blob, id);
    oldTerms.delete(id);
  }
  for (const id of oldTerms.keys()) deleteTerm.run(id);

  // (fingerprint, post) pairs sorted by fingerprint, packed in one float64 to sort natively.
  const count = data.reduce((n, d) => n + d.fingerprints.length, 0);
  const packed = new Float64Array(count);
  let t = 0;
  data.forEach((d, a) => d.fingerprints.forEach((f) => (packed[t++] = f * 1_048_576 + a)));
  packed.sort();
  const bits = Math.min(20, Math.max(0, Math.ceil(Math.log2(Math.max(1, count / PRINTS_PER_BUCKET)))));
  const oldBuckets = storedBlobs(db, 'SELECT bucket, NULL, pairs FROM fingerprint_buckets');
  const insertBucket = db.prepare('INSERT OR REPLACE INTO fingerprint_buckets VALUES (?, ?)');
  for (let from = 0; from < count; ) {
    const bucketOf = (v: number) => (bits === 0 ? 0 : Math.floor(v / 1_048_576) >>> (32 - bits));
    const bucket = bucketOf(packed[from]!);
    let to = from;
    while (to < count && bucketOf(packed[to]!) === bucket) to++;
    const pairs = new Uint32Array(2 * (to - from));
    for (let k = from; k < to; k++) {
      pairs[2 * (k - from)] = Math.floor(packed[k]! / 1_048_576);
      pairs[2 * (k - from) + 1] = packed[k]! % 1_048_576;
    }
    const known = oldBuckets.get(bucket);
    if (!known || !sameBytes(known.blob, blobOf(pairs))) insertBucket.run(bucket, blobOf(pairs));
    oldBuckets.delete(bucket);
    from = to;
  }
  const deleteBucket = db.prepare('DELETE FROM fingerprint_buckets WHERE bucket = ?');
  for (const bucket of oldBuckets.keys()) deleteBucket.run(bucket);
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)');
  setMeta.run('generation', randomUUID());
  setMeta.run('archive_posts', archive.length);
  setMeta.run('fingerprint_bits', bits);
  return again;
}

/** Rows of (key, value, BLOB) by key, read as arrays. */
function storedBlobs(db: ArchiveIndex['db'], query: string): Map<number, { value: number | null; blob: Uint8Array }> {
  const statement = db.prepare(query);
  statement.setReturnArrays(true);
  return new Map((statement.all() as unknown as [number, number | null, Uint8Array][]).map(([key, value, blob]) => [key, { value, blob }]));
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;

/** Term ↔ id: the stored terms (read once a post needs ids), plus new ones; ids only grow. */
class Vocabulary {
  readonly #db: ArchiveIndex['db'];
  #ids: Map<string, number> | undefined;
  #next = 0;
  constructor(db: ArchiveIndex['db']) {
    this.#db = db;
  }
  all(): Map<string, number> {
    if (!this.#ids) {
      this.#ids = new Map((this.#db.prepare('SELECT term, id FROM terms').all() as { term: string; id: number }[]).map((r) => [r.term, r.id]));
      for (const id of this.#ids.values()) this.#next = Math.max(this.#next, id + 1);
    }
    return this.#ids;
  }
  idOf(term: string): number {
    const ids = this.all();
    let id = ids.get(term);
    if (id === undefined) ids.set(term, (id = this.#next++));
    return id;
  }
}

/**
 * A post's TOP_TERMS heaviest tf-idf terms, weights divided by the norm of its full vector;
 * ties at the cut-off filled up to TOP_TERMS in the post's own term order.
 */
function topTerms({ termIds, frequencies }: TermData, idf: Float64Array): { ids: Uint32Array; weights: Float32Array } {
  const n = termIds.length;
  const weights = new Float64Array(n);
  let norm = 0;
  for (let k = 0; k < n; k++) {
    weights[k] = tfWeight(frequencies[k]!) * idf[termIds[k]!]!;
    norm += weights[k]! * weights[k]!;
  }
  norm = Math.sqrt(norm) || 1;
  const keep = Math.min(TOP_TERMS, n);
  const cutoff = n > TOP_TERMS ? kthSmallest(weights.slice(), n - TOP_TERMS) : -Infinity;
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
}

/**
 * The k-th smallest value (from 0) of `a`, which it reorders: Hoare's selection, linear on
 * average, where a full sort of each post's weights was most of a rebuild of the tables.
 */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
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
