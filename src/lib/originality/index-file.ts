import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ArchiveIndex, IndexedPost } from './archive-index.ts';

/**
 * The index on disk: two framed binary files per archive folder (a small JSON header, then flat
 * 4-byte arrays), written atomically.
 *
 * - `<file>`, the query file: per post its metadata and heaviest terms, the idf table and the
 *   fingerprint table. This is all a warm check reads.
 * - `<file>.data`, the data file: every post's full term counts and fingerprints, read only to
 *   rebuild after posts changed.
 */

/** Bump when the file layout, tokenising, stemming or weighting changes: old caches are ignored. */
export const INDEX_VERSION = 8;
const QUERY_MAGIC = 0x51_4f_52_46; // "FROQ"
const DATA_MAGIC = 0x44_4f_52_46; // "FROD"

/**
 * A post in the file header, as a tuple (no repeated key names: the header of a 10,000-post
 * archive is parsed at every start): path relative to the root, title, date, tags, draft (0/1),
 * mtime, size, content hash, words, top terms, all terms, fingerprints.
 */
type HeaderPost = [string, string, string | null, string[], number, number, number, string, number, number, number, number];

/** Lays typed arrays out one after the other in a buffer (all values 4 bytes). */
function layout(buffer: ArrayBufferLike, base: number) {
  let at = base;
  return {
    u32(n: number): Uint32Array {
      const view = new Uint32Array(buffer, at, n);
      at += 4 * n;
      return view;
    },
    f32(n: number): Float32Array {
      const view = new Float32Array(buffer, at, n);
      at += 4 * n;
      return view;
    },
    get end() {
      return at;
    },
  };
}

function frame(magic: number, header: Buffer, bodyBytes: number): { buffer: Buffer; bodyStart: number } {
  const bodyStart = Math.ceil((12 + header.length) / 8) * 8;
  const buffer = Buffer.alloc(bodyStart + bodyBytes);
  buffer.writeUInt32LE(magic, 0);
  buffer.writeUInt32LE(INDEX_VERSION, 4);
  buffer.writeUInt32LE(header.length, 8);
  header.copy(buffer, 12);
  return { buffer, bodyStart };
}

/** Reads a framed file: its JSON header, and its body as a 4-byte-aligned region. */
async function readFramed(file: string, magic: number): Promise<{ header: unknown; body: ArrayBuffer; bodyOffset: number } | null> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch {
    return null;
  }
  if (buffer.length < 12 || buffer.readUInt32LE(0) !== magic || buffer.readUInt32LE(4) !== INDEX_VERSION) return null;
  const headerLength = buffer.readUInt32LE(8);
  const header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as unknown;
  const bodyStart = Math.ceil((12 + headerLength) / 8) * 8;
  if ((buffer.byteOffset + bodyStart) % 4 === 0 && buffer.byteOffset + buffer.length === buffer.buffer.byteLength) {
    // A file read is its own ArrayBuffer (never a pool slice at this size): use it in place.
    return { header, body: buffer.buffer as ArrayBuffer, bodyOffset: buffer.byteOffset + bodyStart };
  }
  const body = new ArrayBuffer(buffer.length - bodyStart);
  new Uint8Array(body).set(buffer.subarray(bodyStart));
  return { header, body, bodyOffset: 0 };
}

async function writeAtomically(file: string, buffer: Buffer): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  // Write then rename: a build stopped half-way must not leave a torn cache behind.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, buffer);
  await rename(temporary, file);
}

export async function saveIndexFiles(file: string, root: string, index: ArchiveIndex): Promise<void> {
  const posts: HeaderPost[] = index.posts.map((p) => [
    relative(root, p.path), p.title, p.date, p.tags, p.draft ? 1 : 0, p.mtimeMs, p.size, p.hash, p.words,
    p.topCount, p.data!.termIds.length, p.data!.fingerprints.length,
  ]);
  const totalTop = index.topIds.length;
  const totalTerms = posts.reduce((n, p) => n + p[10], 0);
  const totalPrints = posts.reduce((n, p) => n + p[11], 0);

  const query = frame(QUERY_MAGIC, Buffer.from(JSON.stringify({ vocabulary: index.vocabulary, posts }), 'utf8'),
    4 * (2 * totalTop + index.vocabulary.length + 2 * index.printHashes.length));
  const q = layout(query.buffer.buffer, query.buffer.byteOffset + query.bodyStart);
  q.u32(totalTop).set(index.topIds);
  q.f32(totalTop).set(index.topWeights);
  q.f32(index.vocabulary.length).set(index.idf);
  q.u32(index.printHashes.length).set(index.printHashes);
  q.u32(index.printPosts.length).set(index.printPosts);

  const data = frame(DATA_MAGIC, Buffer.from(JSON.stringify({ posts: posts.length }), 'utf8'), 4 * (2 * totalTerms + totalPrints));
  const d = layout(data.buffer.buffer, data.buffer.byteOffset + data.bodyStart);
  const ids = d.u32(totalTerms);
  const freqs = d.f32(totalTerms);
  const prints = d.u32(totalPrints);
  let u = 0;
  let f = 0;
  for (const post of index.posts) {
    ids.set(post.data!.termIds, u);
    freqs.set(post.data!.frequencies, u);
    u += post.data!.termIds.length;
    prints.set(post.data!.fingerprints, f);
    f += post.data!.fingerprints.length;
  }
  // Data first: a query file must never point at a data file from another version.
  await writeAtomically(`${file}.data`, data.buffer);
  await writeAtomically(file, query.buffer);
}

/** Loads the query file; null when absent, from another version, or corrupt (then rebuilt). */
export async function loadQueryFile(file: string, root: string): Promise<ArchiveIndex | null> {
  try {
    const framed = await readFramed(file, QUERY_MAGIC);
    if (!framed) return null;
    const header = framed.header as { vocabulary: string[]; posts: HeaderPost[] };
    let totalTop = 0;
    for (const p of header.posts) totalTop += p[9];
    const q = layout(framed.body, framed.bodyOffset);
    const topIds = q.u32(totalTop);
    const topWeights = q.f32(totalTop);
    const idf = q.f32(header.vocabulary.length);
    const printCount = (framed.body.byteLength - q.end) / 8; // q.end is absolute, as is byteLength
    const printHashes = q.u32(printCount);
    const printPosts = q.u32(printCount);
    const dataCounts = new Uint32Array(2 * header.posts.length);
    const prefix = root.endsWith(sep) ? root : root + sep;
    let t = 0;
    const posts = header.posts.map((p, i): IndexedPost => {
      dataCounts[2 * i] = p[10];
      dataCounts[2 * i + 1] = p[11];
      const post: IndexedPost = {
        path: prefix + p[0],
        title: p[1],
        date: p[2],
        tags: p[3],
        draft: p[4] === 1,
        mtimeMs: p[5],
        size: p[6],
        hash: p[7],
        words: p[8],
        topStart: t,
        topCount: p[9],
        data: null,
      };
      t += p[9];
      return post;
    });
    const termIds = new Map<string, number>();
    header.vocabulary.forEach((term, i) => termIds.set(term, i));
    return { vocabulary: header.vocabulary, termIds, posts, idf, topIds, topWeights, printHashes, printPosts, dataCounts };
  } catch {
    return null;
  }
}

/** Attaches every post's full data from the data file; false when it does not match. */
export async function loadDataFile(file: string, index: ArchiveIndex): Promise<boolean> {
  try {
    const framed = await readFramed(file, DATA_MAGIC);
    if (!framed || (framed.header as { posts: number }).posts !== index.posts.length) return false;
    const counts = index.dataCounts;
    if (counts.length !== 2 * index.posts.length) return false;
    let totalTerms = 0;
    let totalPrints = 0;
    for (let i = 0; i < index.posts.length; i++) {
      totalTerms += counts[2 * i]!;
      totalPrints += counts[2 * i + 1]!;
    }
    if (framed.body.byteLength - framed.bodyOffset !== 4 * (2 * totalTerms + totalPrints)) return false;
    const d = layout(framed.body, framed.bodyOffset);
    const ids = d.u32(totalTerms);
    const freqs = d.f32(totalTerms);
    const prints = d.u32(totalPrints);
    let u = 0;
    let f = 0;
    index.posts.forEach((post, i) => {
      const terms = counts[2 * i]!;
      const fingerprints = counts[2 * i + 1]!;
      post.data = { termIds: ids.subarray(u, u + terms), frequencies: freqs.subarray(u, u + terms), fingerprints: prints.subarray(f, f + fingerprints) };
      u += terms;
      f += fingerprints;
    });
    return true;
  } catch {
    return false;
  }
}

