import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeDocument, contentPositions, shingleHashes, winnow, type AnalyzedDocument } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { idfWeight, tfWeight } from './vector.ts';

/**
 * The archive index: per post, its metadata, term frequencies and winnowed shingle
 * fingerprints, in flat typed arrays. It is persisted in one binary file keyed by content hash
 * per post, so a rebuild re-analyses only the posts whose bytes changed, and a warm start is one
 * file read (no JSON parse of millions of numbers).
 */

/** Bump when tokenising, stemming or weighting changes: old caches are then ignored. */
export const INDEX_VERSION = 3;
const MAGIC = 0x49_4f_52_46; // "FROI"
/** Winnowing window over content-word 3-grams: every shared run of 6+ content words is seen. */
export const WINNOW_WINDOW = 4;

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
  termIds: Uint32Array;
  frequencies: Float32Array;
  fingerprints: Uint32Array;
}

export interface ArchiveIndex {
  vocabulary: string[];
  termIds: Map<string, number>;
  posts: IndexedPost[];
}

export function contentHash(source: string): string {
  return createHash('sha1').update(`${INDEX_VERSION}\0`).update(source).digest('hex');
}

export function fingerprintsOf(doc: AnalyzedDocument): Uint32Array {
  return Uint32Array.from(winnow(shingleHashes(doc.tokens, contentPositions(doc.tokens)), WINNOW_WINDOW));
}

/** Reads and analyses a post; bad frontmatter becomes an OriginalityInputError naming the file. */
export function analyzeFile(path: string, source: string, displayPath: string = path): AnalyzedDocument {
  try {
    return analyzeDocument(path, source);
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

export function indexedPostOf(index: ArchiveIndex, path: string, doc: AnalyzedDocument, file: { mtimeMs: number; size: number; hash: string }): IndexedPost {
  const entries = [...doc.termFrequencies].map(([term, f]) => [termIdOf(index, term), f] as const).sort((a, b) => a[0] - b[0]);
  return {
    path,
    title: doc.meta.title,
    date: doc.meta.date,
    tags: doc.meta.tags,
    draft: doc.meta.draft,
    ...file,
    words: doc.words,
    termIds: Uint32Array.from(entries, (e) => e[0]),
    frequencies: Float32Array.from(entries, (e) => e[1]),
    fingerprints: fingerprintsOf(doc),
  };
}

export interface IndexUpdate {
  index: ArchiveIndex;
  analyzed: number;
  reused: number;
}

/**
 * Brings the index up to date with `files`: a post whose path, mtime and size are unchanged is
 * reused without reading it; otherwise it is read and hashed, and only re-analysed when its
 * content hash is new. Saves the index when anything changed.
 */
export async function updateIndex(files: readonly string[], cacheFile: string | null, displayPath: (p: string) => string): Promise<IndexUpdate> {
  const previous = cacheFile ? await loadIndexFile(cacheFile) : null;
  const index: ArchiveIndex = previous ?? { vocabulary: [], termIds: new Map(), posts: [] };
  const byPath = new Map(index.posts.map((p) => [p.path, p]));
  const byHash = new Map(index.posts.map((p) => [p.hash, p]));
  const posts: IndexedPost[] = [];
  let analyzed = 0;
  let reused = 0;
  const stats = await Promise.all(files.map((f) => stat(f).catch(() => null)));
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
    const source = await readFile(path, 'utf8');
    const hash = contentHash(source);
    const same = byHash.get(hash);
    if (same) {
      posts.push({ ...same, path, mtimeMs: info.mtimeMs, size: info.size });
      reused++;
      continue;
    }
    posts.push(indexedPostOf(index, path, analyzeFile(path, source, displayPath(path)), { mtimeMs: info.mtimeMs, size: info.size, hash }));
    analyzed++;
  }
  const changed = analyzed > 0 || posts.length !== index.posts.length || posts.some((p, i) => p !== index.posts[i]);
  index.posts = posts;
  if (cacheFile && changed) await saveIndexFile(cacheFile, index);
  return { index, analyzed, reused };
}

interface HeaderPost extends Omit<IndexedPost, 'termIds' | 'frequencies' | 'fingerprints'> {
  terms: number;
  fingerprints: number;
}

export async function saveIndexFile(file: string, index: ArchiveIndex): Promise<void> {
  const posts: HeaderPost[] = index.posts.map(({ termIds, frequencies, fingerprints, ...meta }) => ({
    ...meta,
    terms: termIds.length,
    fingerprints: fingerprints.length,
  }));
  const header = Buffer.from(JSON.stringify({ version: INDEX_VERSION, vocabulary: index.vocabulary, posts }), 'utf8');
  const totalTerms = posts.reduce((n, p) => n + p.terms, 0);
  const totalPrints = posts.reduce((n, p) => n + p.fingerprints, 0);
  const headerBytes = Math.ceil((12 + header.length) / 8) * 8;
  const buffer = Buffer.alloc(headerBytes + 4 * (2 * totalTerms + totalPrints));
  buffer.writeUInt32LE(MAGIC, 0);
  buffer.writeUInt32LE(INDEX_VERSION, 4);
  buffer.writeUInt32LE(header.length, 8);
  header.copy(buffer, 12);
  const ids = new Uint32Array(buffer.buffer, buffer.byteOffset + headerBytes, totalTerms);
  const freqs = new Float32Array(buffer.buffer, buffer.byteOffset + headerBytes + 4 * totalTerms, totalTerms);
  const prints = new Uint32Array(buffer.buffer, buffer.byteOffset + headerBytes + 8 * totalTerms, totalPrints);
  let t = 0;
  let f = 0;
  for (const post of index.posts) {
    ids.set(post.termIds, t);
    freqs.set(post.frequencies, t);
    t += post.termIds.length;
    prints.set(post.fingerprints, f);
    f += post.fingerprints.length;
  }
  await mkdir(join(file, '..'), { recursive: true });
  // Write then rename: a build stopped half-way must not leave a torn cache behind.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, buffer);
  await rename(temporary, file);
}

export async function loadIndexFile(file: string): Promise<ArchiveIndex | null> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch {
    return null;
  }
  try {
    if (buffer.readUInt32LE(0) !== MAGIC || buffer.readUInt32LE(4) !== INDEX_VERSION) return null;
    const headerLength = buffer.readUInt32LE(8);
    const header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as { vocabulary: string[]; posts: HeaderPost[] };
    const headerBytes = Math.ceil((12 + headerLength) / 8) * 8;
    // Copy into an aligned ArrayBuffer (Buffer pool slices may not be 4-byte aligned).
    const body = new Uint8Array(buffer.length - headerBytes);
    body.set(buffer.subarray(headerBytes));
    const totalTerms = header.posts.reduce((n, p) => n + p.terms, 0);
    const totalPrints = header.posts.reduce((n, p) => n + p.fingerprints, 0);
    if (body.length !== 4 * (2 * totalTerms + totalPrints)) return null;
    const ids = new Uint32Array(body.buffer, 0, totalTerms);
    const freqs = new Float32Array(body.buffer, 4 * totalTerms, totalTerms);
    const prints = new Uint32Array(body.buffer, 8 * totalTerms, totalPrints);
    let t = 0;
    let f = 0;
    const posts = header.posts.map(({ terms, fingerprints, ...meta }): IndexedPost => {
      const post = {
        ...meta,
        termIds: ids.subarray(t, t + terms),
        frequencies: freqs.subarray(t, t + terms),
        fingerprints: prints.subarray(f, f + fingerprints),
      };
      t += terms;
      f += fingerprints;
      return post;
    });
    return { vocabulary: header.vocabulary, termIds: new Map(header.vocabulary.map((term, i) => [term, i])), posts };
  } catch {
    return null; // a corrupt cache is rebuilt, never fatal
  }
}

/**
 * A scoring view over a subset of the index (the archive as of now, minus the drafts being
 * checked): idf over that subset and each post's unit-length tf-idf weights.
 */
export interface ArchiveView {
  index: ArchiveIndex;
  posts: IndexedPost[];
  idf: Float64Array;
  /** Per post, weights aligned with its termIds, already divided by the vector norm. */
  weights: Float32Array[];
  words: number;
}

export function makeView(index: ArchiveIndex, posts: IndexedPost[]): ArchiveView {
  const df = new Uint32Array(index.vocabulary.length);
  let words = 0;
  for (const post of posts) {
    for (const id of post.termIds) df[id] = df[id]! + 1;
    words += post.words;
  }
  const idf = new Float64Array(index.vocabulary.length);
  for (let i = 0; i < idf.length; i++) idf[i] = idfWeight(posts.length, df[i]!);
  const weights = posts.map((post) => {
    const w = new Float32Array(post.termIds.length);
    let norm = 0;
    for (let k = 0; k < w.length; k++) {
      const x = tfWeight(post.frequencies[k]!) * idf[post.termIds[k]!]!;
      w[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < w.length; k++) w[k] = w[k]! / norm;
    return w;
  });
  return { index, posts, idf, weights, words };
}
