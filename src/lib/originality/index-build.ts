import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { SQLInputValue } from 'node:sqlite';
import { fnv1a } from '../fnv.ts';
import {
  type FrontmatterReader,
  type IndexedFeatures,
  indexFile,
  type KnownFrontmatter,
  type NumberedWord,
  type PostTerms,
  type TermData,
  type TermNumbering,
} from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { ArchiveIndex, blobOf, type IndexedPost, openStore, POST_COLUMNS, type PostRow, SCHEMA_VERSION, words32 } from './index-store.ts';
import { termOf } from './terms.ts';
import { idfWeight, topTermsOf } from './vector.ts';
import { WordTable } from './word-table.ts';

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
 * Modification time and size of each file (NaN when gone; sync stat in a loop: fastest for 10k),
 * and one digest of the listing from the stamps' bytes, which a warm check compares.
 */
function statFiles(files: readonly string[]): { mtimes: Float64Array; sizes: Float64Array; digest: string } {
  const stamps = new Float64Array(2 * files.length);
  const [mtimes, sizes] = [stamps.subarray(0, files.length), stamps.subarray(files.length)];
  for (let i = 0; i < files.length; i++) {
    const s = statSync(files[i]!, { throwIfNoEntry: false });
    mtimes[i] = s ? s.mtimeMs : Number.NaN;
    sizes[i] = s ? s.size : Number.NaN;
  }
  return { mtimes, sizes, digest: createHash('sha1').update(files.join('\0')).update(new Uint8Array(stamps.buffer)).digest('hex') };
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
  readFrontmatter?: FrontmatterReader,
): IndexUpdate {
  const stats = statFiles(files);
  index ??= new ArchiveIndex(root, openStore(cacheFile ?? ':memory:'));
  if (index.meta('listing') === stats.digest)
    return { index: index.stale ? new ArchiveIndex(root, index.db) : index, changed: false, analyzed: 0, reused: files.length };
  const { db, prefix } = index;

  const old = db.prepare('SELECT number, path, mtime_ms, size, hash, draft, archive_number FROM posts ORDER BY number').all() as StoredRow[];
  const [byPath, byHash] = [new Map(old.map((o) => [o.path, o])), new Map(old.map((o) => [o.hash, o]))];
  let loaded: Vocabulary | undefined;
  const vocabulary = () => (loaded ??= vocabularyOf(db));
  const fresh = new Map<string, PostTerms>();
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
    const doc = indexFile(files[i]!, source, displayPath(files[i]!), vocabulary(), readFrontmatter);
    const { title, date, tags, draft, description } = doc.meta;
    const flags = { draft: draft ? 1 : 0, body_start: doc.bodyStart, authored_title: doc.authoredTitle ? 1 : 0, archive_number: null };
    rows.push({ path, mtime_ms: mtime, size, hash, title, date, description, tags: JSON.stringify(tags), words: doc.words, ...flags });
    // Drafts are listed, never matched: they need no term data.
    if (!draft) fresh.set(hash, doc.terms);
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
        (r) => indexFile(prefix + r.path, readFileSync(prefix + r.path, 'utf8'), displayPath(prefix + r.path), vocabulary(), readFrontmatter),
      );
    }
    writePosts(index, rows, samePaths ? old : null);
    db.prepare("INSERT OR REPLACE INTO meta VALUES ('listing', ?)").run(stats.digest);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return { index: new ArchiveIndex(root, db), changed: true, analyzed, reused: files.length - analyzed };
}

/**
 * Writes the posts rows: when the paths are the same as `old`'s, only the rows that changed
 * (an edit writes one row, not the archive), else all of them.
 */
function writePosts(index: ArchiveIndex, listed: readonly ListedRow[], old: readonly StoredRow[] | null): void {
  // Positional parameters: binding fourteen by name cost more than the insert itself.
  const columns = POST_COLUMNS.split(', ') as (keyof PostRow)[];
  const insert = index.sql(`INSERT OR REPLACE INTO posts (number, ${POST_COLUMNS}) VALUES (?${', ?'.repeat(columns.length)})`);
  const write = (r: PostRow, number: number) => insert.run(number, ...columns.map((c) => r[c]));
  const renumber = index.sql('UPDATE posts SET archive_number = ? WHERE number = ?');
  if (!old) {
    // Posts added, removed or renamed: kept rows move to their new number, the others are written.
    const move = index.sql('UPDATE posts SET number = ?, archive_number = ? WHERE path = ?');
    index.sql('DELETE FROM posts WHERE path NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(listed.map((r) => r.path)));
    index.db.exec('UPDATE posts SET number = -1 - number, archive_number = NULL');
    listed.forEach((r, number) => ('title' in r ? write(r, number) : move.run(number, r.archive_number, r.path)));
    return;
  }
  const changed = listed.flatMap((r, n) => (r === old[n] ? [] : [n]));
  // Archive numbers are unique: the changed rows let go of theirs before any takes a new one.
  for (const n of changed) if (old[n]!.archive_number !== null) renumber.run(null, n);
  // A stored row only renumbered keeps its other columns; a new or edited row is whole.
  for (const n of changed) {
    const r = listed[n]!;
    if ('title' in r) write(r, n);
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
  fresh: Map<string, PostTerms>,
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
    const computed = analyze(r).terms;
    fresh.set(r.hash, computed);
    return computed;
  });
  const insertData = db.prepare('INSERT OR REPLACE INTO post_terms (hash, term_ids, frequencies, fingerprints, content_words) VALUES (?, ?, ?, ?, ?)');
  for (const [hash, d] of fresh) insertData.run(hash, blobOf(d.termIds), blobOf(d.frequencies), blobOf(d.fingerprints), d.contentWords);
  // The posts rows still list the last archive: its hashes gone now are the term rows to drop.
  const gone = 'SELECT hash FROM posts WHERE archive_number IS NOT NULL AND hash NOT IN (SELECT value FROM json_each(?))';
  db.prepare(`DELETE FROM post_terms WHERE hash IN (${gone})`).run(JSON.stringify(archive.map((r) => r.hash)));

  // Document frequencies, then per term its idf and the posts that weigh it most. Plain loops:
  // they run over every term and fingerprint of the archive.
  let termCount = 0;
  for (const { termIds } of data) for (let k = 0; k < termIds.length; k++) termCount = Math.max(termCount, termIds[k]! + 1);
  const df = new Uint32Array(termCount);
  for (const { termIds } of data) for (let k = 0; k < termIds.length; k++) df[termIds[k]!]!++;
  const idf = Float64Array.from(df, (n) => idfWeight(archive.length, n));
  const tops = topTermsOf(data, idf, TOP_TERMS);
  // Every term's postings in one buffer, term by term: (archive number u32, weight f32) pairs.
  const start = new Uint32Array(termCount + 1);
  for (let k = 0; k < tops.ids.length; k++) start[tops.ids[k]! + 1]! += 2;
  for (let id = 0; id < termCount; id++) start[id + 1]! += start[id]!;
  const postings = new Uint32Array(start[termCount]!);
  const postingWeights = new Float32Array(postings.buffer);
  const fill = start.slice(0, termCount);
  for (let a = 0, k = 0; a < data.length; a++)
    for (; k < tops.end[a]!; k++) {
      const at = fill[tops.ids[k]!]!;
      fill[tops.ids[k]!] = at + 2;
      postings[at] = a;
      postingWeights[at + 1] = tops.weights[k]!;
    }
  const texts = new Map([...vocabulary().ids].map(([term, id]) => [id, term]));
  // Queries use idf at float32 precision, as the scores were tuned with.
  const termRows = new Map<number, readonly SQLInputValue[]>();
  for (let id = 0; id < termCount; id++)
    if (df[id]! > 0) termRows.set(id, [texts.get(id)!, Math.fround(idf[id]!), blobOf(postings.subarray(start[id]!, start[id + 1]!))]);
  syncRows(db, 'terms', termRows);

  // Fingerprint buckets: runs of the sorted pairs that share the fingerprint's top bits.
  const pairs = sortedFingerprints(data);
  const bits = Math.min(20, Math.max(0, Math.ceil(Math.log2(Math.max(1, pairs.length / 2 / PRINTS_PER_BUCKET)))));
  const bucketOf = (fingerprint: number) => (bits === 0 ? 0 : fingerprint >>> (32 - bits));
  const buckets = new Map<number, readonly SQLInputValue[]>();
  for (let from = 0, to = 0; from < pairs.length; from = to) {
    const bucket = bucketOf(pairs[from]!);
    while (to < pairs.length && bucketOf(pairs[to]!) === bucket) to += 2;
    buckets.set(bucket, [blobOf(pairs.subarray(from, to))]);
  }
  syncRows(db, 'fingerprint_buckets', buckets);
  const generation = randomUUID();
  termDataMemo.set(db, { generation, data: new Map(archive.map((r, a) => [r.hash, data[a]!])) });
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)');
  for (const [key, value] of Object.entries({ generation, archive_posts: archive.length, fingerprint_bits: bits })) setMeta.run(key, value);
  return again;
}

/** Every (fingerprint u32, archive number u32) pair of `data`, sorted by fingerprint, then post. */
function sortedFingerprints(data: readonly TermData[]): Uint32Array {
  let pairs = new Uint32Array(2 * data.reduce((n, d) => n + d.fingerprints.length, 0));
  for (let a = 0, at = 0; a < data.length; a++)
    for (const f of data[a]!.fingerprints) {
      pairs[at++] = f;
      pairs[at++] = a;
    }
  // Two stable counting passes over 16 bits each: a comparison sort of a million pairs cost three times more.
  for (const shift of [0, 16]) {
    const next = new Uint32Array(65_537);
    for (let k = 0; k < pairs.length; k += 2) next[((pairs[k]! >>> shift) & 0xffff) + 1]!++;
    for (let digit = 0; digit < 65_536; digit++) next[digit + 1]! += next[digit]!;
    const sorted = new Uint32Array(pairs.length);
    for (let k = 0; k < pairs.length; k += 2) {
      const to = 2 * next[(pairs[k]! >>> shift) & 0xffff]!++;
      sorted[to] = pairs[k]!;
      sorted[to + 1] = pairs[k + 1]!;
    }
    pairs = sorted;
  }
  return pairs;
}

/**
 * Makes `table` hold exactly `rows` (integer key → the other columns), writing only the rows that
 * differ: after an edit that leaves the idf alone, a few dozen of thousands.
 */
function syncRows(db: ArchiveIndex['db'], table: string, rows: Map<number, readonly SQLInputValue[]>): void {
  const columns = db.prepare(`SELECT * FROM ${table} LIMIT 0`).columns();
  const [key, ...rest] = columns.map((c) => c.name);
  db.prepare(`DELETE FROM ${table} WHERE ${key} NOT IN (SELECT value FROM json_each(?))`).run(JSON.stringify([...rows.keys()]));
  // SQLite compares the stored row with the new one, where reading every row into JavaScript cost more.
  const write = db.prepare(
    `INSERT INTO ${table} VALUES (?${', ?'.repeat(rest.length)}) ON CONFLICT (${key}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`)} WHERE ${rest.map((c) => `${c} IS NOT excluded.${c}`).join(' OR ')}`,
  );
  for (const [k, values] of rows) write.run(k, ...values);
}

type Vocabulary = TermNumbering & { ids: Map<string, number> };

/** Term ↔ id: the stored terms (read once a post needs ids), plus new ones; ids only grow. Each distinct word is stemmed and looked up once. */
function vocabularyOf(db: ArchiveIndex['db']): Vocabulary {
  const stored = db.prepare('SELECT term, id FROM terms');
  stored.setReturnArrays(true); // rows as arrays: half the cost of objects for thousands of rows
  const ids = new Map(stored.all() as unknown as [string, number][]);
  let next = (db.prepare('SELECT coalesce(max(id), -1) + 1 AS n FROM terms').get() as { n: number }).n;
  const hashes: number[] = [];
  const words = new WordTable((word): NumberedWord | null => {
    const term = termOf(word);
    if (term === null) return null;
    let id = ids.get(term);
    if (id === undefined) ids.set(term, (id = next++));
    hashes[id] ??= fnv1a(term);
    return { term: id, word };
  });
  return { ids, scan: (text, visit) => words.scan(text, visit), hashOf: (id) => hashes[id]! };
}
