import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import type { SQLInputValue } from 'node:sqlite';
import { type IndexedFeatures, indexFile, type KnownFrontmatter } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { ArchiveIndex, blobOf, type IndexedPost, openStore, POST_COLUMNS, type PostRow, SCHEMA_VERSION, words32 } from './index-store.ts';
import { idfWeight, topTerms } from './vector.ts';

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
/** Per open database, the term data of the archive as this process last wrote it, by content hash. */
const termDataMemo = new WeakMap<ArchiveIndex['db'], { generation: string; data: Map<string, TermData> }>();

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

/**
 * Modification time and size of each file (NaN when gone), and one digest of the listing: a warm
 * check compares one value. Sync stat in a loop: fastest for 10k.
 */
function statFiles(files: readonly string[]): { mtimes: Float64Array; sizes: Float64Array; digest: string } {
  const [mtimes, sizes] = [new Float64Array(files.length), new Float64Array(files.length)];
  let listing = '';
  for (let i = 0; i < files.length; i++) {
    const s = statSync(files[i]!, { throwIfNoEntry: false });
    [mtimes[i], sizes[i]] = s ? [s.mtimeMs, s.size] : [Number.NaN, Number.NaN];
    listing += `${files[i]}\0${mtimes[i]}\0${sizes[i]}\n`;
  }
  return { mtimes, sizes, digest: createHash('sha1').update(listing).digest('hex') };
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
  const { digest } = stats;
  index ??= new ArchiveIndex(root, openStore(cacheFile ?? ':memory:'));
  if (index.meta('listing') === digest)
    return { index: index.stale ? new ArchiveIndex(root, index.db) : index, changed: false, analyzed: 0, reused: files.length };
  const { db } = index;
  const prefix = root.endsWith(sep) ? root : root + sep;

  const old = db.prepare('SELECT number, path, mtime_ms, size, hash, draft, archive_number FROM posts ORDER BY number').all() as StoredRow[];
  const byPath = new Map(old.map((o) => [o.path, o]));
  const byHash = new Map(old.map((o) => [o.hash, o]));
  let loaded: Vocabulary | undefined;
  const vocabulary = () => (loaded ??= vocabularyOf(db));
  const termIdOf = (term: string) => vocabulary().idOf(term);
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
      const whole = index.sql(`SELECT ${POST_COLUMNS} FROM posts WHERE number = ?`).get(same.number) as PostRow;
      rows.push({ ...whole, path, mtime_ms: mtime, size, archive_number: same.archive_number });
      continue;
    }
    const doc = indexFile(files[i]!, source, displayPath(files[i]!));
    const { title, date, tags, draft, description } = doc.meta;
    const flags = { draft: draft ? 1 : 0, body_start: doc.bodyStart, authored_title: doc.authoredTitle ? 1 : 0, archive_number: null };
    rows.push({ path, mtime_ms: mtime, size, hash, title, date, description, tags: JSON.stringify(tags), words: doc.words, ...flags });
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
        (r) => indexFile(prefix + r.path, readFileSync(prefix + r.path, 'utf8'), displayPath(prefix + r.path)),
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

function termDataOf(doc: IndexedFeatures, termIdOf: (term: string) => number): TermData {
  const termIds = new Uint32Array(doc.termFrequencies.size);
  const frequencies = new Float32Array(doc.termFrequencies.size);
  let k = 0;
  for (const [term, f] of doc.termFrequencies) {
    termIds[k] = termIdOf(term);
    frequencies[k++] = f;
  }
  return { termIds, frequencies, fingerprints: doc.fingerprints };
}

/**
 * Writes the posts rows: when the paths are the same as `old`'s, only the rows that changed
 * (an edit writes one row, not the archive), else all of them.
 */
function writePosts(index: ArchiveIndex, listed: readonly ListedRow[], old: readonly StoredRow[] | null): void {
  const write = index.sql(`INSERT OR REPLACE INTO posts (number, ${POST_COLUMNS}) VALUES (:number, ${POST_COLUMNS.replace(/\w+/g, ':$&')})`);
  const renumber = index.sql('UPDATE posts SET archive_number = ? WHERE number = ?');
  if (!old) {
    // Posts added, removed or renamed: kept rows move to their new number, the others are written.
    const move = index.sql('UPDATE posts SET number = ?, archive_number = ? WHERE path = ?');
    index.sql('DELETE FROM posts WHERE path NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(listed.map((r) => r.path)));
    index.db.exec('UPDATE posts SET number = -1 - number, archive_number = NULL');
    listed.forEach((r, number) => ('title' in r ? write.run({ ...r, number }) : move.run(number, r.archive_number, r.path)));
    return;
  }
  const changed = listed.flatMap((r, n) => (r === old[n] ? [] : [n]));
  // Archive numbers are unique: the changed rows let go of theirs before any takes a new one.
  for (const n of changed) if (old[n]!.archive_number !== null) renumber.run(null, n);
  // A stored row only renumbered keeps its other columns; a new or edited row is whole.
  for (const n of changed) {
    const r = listed[n]!;
    if ('title' in r) write.run({ ...r, number: n });
    else renumber.run(r.archive_number, n);
  }
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
  vocabulary: () => Vocabulary,
  analyze: (r: ListedRow) => IndexedFeatures,
): number {
  const { db } = index;
  // A long-lived process (the dev server) keeps the last rebuild's term data, unless another
  // process rebuilt the tables since; otherwise every stored row is read in one scan.
  const memo = termDataMemo.get(db);
  const kept = memo?.generation === index.meta('generation') ? memo.data : new Map<string, TermData>();
  let stored: Map<string, Uint8Array[]> | undefined;
  const scan = () => {
    const query = db.prepare('SELECT hash, term_ids, frequencies, fingerprints FROM post_terms');
    query.setReturnArrays(true);
    return new Map((query.all() as unknown as [string, Uint8Array, Uint8Array, Uint8Array][]).map(([hash, ...blobs]) => [hash, blobs]));
  };
  let again = 0;
  const data = archive.map((r): TermData => {
    const known = fresh.get(r.hash) ?? kept.get(r.hash);
    if (known) return known;
    const row = (stored ??= scan()).get(r.hash);
    if (row) {
      const f = words32(row[1]!);
      return { termIds: words32(row[0]!), frequencies: new Float32Array(f.buffer, f.byteOffset, f.length), fingerprints: words32(row[2]!) };
    }
    again++;
    const computed = termDataOf(analyze(r), vocabulary().idOf);
    fresh.set(r.hash, computed);
    return computed;
  });
  const insertData = db.prepare('INSERT OR REPLACE INTO post_terms (hash, term_ids, frequencies, fingerprints) VALUES (?, ?, ?, ?)');
  for (const [hash, d] of fresh) insertData.run(hash, blobOf(d.termIds), blobOf(d.frequencies), blobOf(d.fingerprints));
  db.prepare('DELETE FROM post_terms WHERE hash NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(archive.map((r) => r.hash)));

  // Document frequencies, then per term its idf and the posts that weigh it most.
  const termCount = data.reduce((n, d) => d.termIds.reduce((m, id) => Math.max(m, id + 1), n), 0);
  const df = new Uint32Array(termCount);
  for (const d of data) for (const id of d.termIds) df[id]!++;
  const idf = Float64Array.from(df, (n) => idfWeight(archive.length, n));
  // Per term, (archive number u32, weight f32) pairs of the posts that have it among their heaviest.
  const tops = data.map((d) => topTerms(d.termIds, d.frequencies, idf, TOP_TERMS));
  const postingCounts = new Uint32Array(termCount);
  for (const top of tops) for (const id of top.ids) postingCounts[id]!++;
  const postings = Array.from(postingCounts, (n) => new Uint32Array(2 * n));
  const weights = postings.map((p) => new Float32Array(p.buffer));
  const fill = new Uint32Array(termCount);
  tops.forEach((top, a) =>
    top.ids.forEach((id, k) => {
      postings[id]![2 * fill[id]!] = a;
      weights[id]![2 * fill[id]!++ + 1] = top.weights[k]!;
    }),
  );
  const texts = new Map([...vocabulary().ids].map(([term, id]) => [id, term]));
  // Queries use idf at float32 precision, as the scores were tuned with.
  const termRows = new Map(
    Array.from(df.keys(), (id) => [id, [texts.get(id), Math.fround(idf[id]!), blobOf(postings[id]!)]] as const).filter(([id]) => df[id]! > 0),
  );
  syncRows(db, 'terms', termRows);

  // (fingerprint, post) pairs sorted by fingerprint, packed in one float64 to sort natively.
  const count = data.reduce((n, d) => n + d.fingerprints.length, 0);
  const packed = new Float64Array(count);
  let t = 0;
  data.forEach((d, a) => d.fingerprints.forEach((f) => (packed[t++] = f * 1_048_576 + a)));
  packed.sort();
  const bits = Math.min(20, Math.max(0, Math.ceil(Math.log2(Math.max(1, count / PRINTS_PER_BUCKET)))));
  const bucketOf = (v: number) => (bits === 0 ? 0 : Math.floor(v / 1_048_576) >>> (32 - bits));
  const buckets = new Map<number, readonly [Uint8Array]>();
  for (let from = 0, to = 0; from < count; from = to) {
    const bucket = bucketOf(packed[from]!);
    while (to < count && bucketOf(packed[to]!) === bucket) to++;
    const pairs = new Uint32Array(2 * (to - from));
    for (let k = from; k < to; k++) {
      pairs[2 * (k - from)] = Math.floor(packed[k]! / 1_048_576);
      pairs[2 * (k - from) + 1] = packed[k]! % 1_048_576;
    }
    buckets.set(bucket, [blobOf(pairs)]);
  }
  syncRows(db, 'fingerprint_buckets', buckets);
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)');
  const generation = randomUUID();
  setMeta.run('generation', generation);
  termDataMemo.set(db, { generation, data: new Map(archive.map((r, a) => [r.hash, data[a]!])) });
  setMeta.run('archive_posts', archive.length);
  setMeta.run('fingerprint_bits', bits);
  return again;
}

/**
 * Makes `table` hold exactly `rows` (integer key → the other columns), writing only the rows that
 * differ: after an edit that leaves the idf alone, a few dozen of thousands.
 */
function syncRows(db: ArchiveIndex['db'], table: string, rows: Map<number, readonly unknown[]>): void {
  const stored = db.prepare(`SELECT * FROM ${table}`);
  stored.setReturnArrays(true);
  const remove = db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
  const same = (a: unknown, b: unknown) => (a instanceof Uint8Array && b instanceof Uint8Array ? Buffer.compare(a, b) === 0 : a === b);
  for (const [key, ...values] of stored.all() as unknown as [number, ...unknown[]][]) {
    const wanted = rows.get(key);
    if (!wanted) remove.run(key);
    else if (values.every((v, i) => same(v, wanted[i]))) rows.delete(key);
  }
  const write = db.prepare(`INSERT OR REPLACE INTO ${table} VALUES (?${', ?'.repeat(stored.columns().length - 1)})`);
  for (const [key, values] of rows) write.run(key, ...(values as SQLInputValue[]));
}

type Vocabulary = { ids: Map<string, number>; idOf: (term: string) => number };

/** Term ↔ id: the stored terms (read once a post needs ids), plus new ones; ids only grow. */
function vocabularyOf(db: ArchiveIndex['db']): Vocabulary {
  const ids = new Map((db.prepare('SELECT term, id FROM terms').all() as { term: string; id: number }[]).map((r) => [r.term, r.id]));
  let next = (db.prepare('SELECT coalesce(max(id), -1) + 1 AS n FROM terms').get() as { n: number }).n;
  const idOf = (term: string) => {
    let id = ids.get(term);
    if (id === undefined) ids.set(term, (id = next++));
    return id;
  };
  return { ids, idOf };
}
