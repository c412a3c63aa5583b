import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The byte layout of the two index files (little-endian, every section 8-byte aligned):
 *
 *   magic u32 · version u32 · header length u32 · reserved u32 · JSON header · sections
 *
 * The *query* file is all a check reads, and a warm check reads only part of it: the *head*
 * (one read: per-post columns, the term table, the fingerprint directory, the paths) and then,
 * by positional reads, the postings of the draft's terms, the fingerprint buckets of the
 * draft's fingerprints and the metadata of the few matched posts. On the 2-core machines this
 * engine is measured on, copying memory costs about 3 ms per MB, so a 10,000-post archive is
 * checked after reading about 1 MB instead of the 12 MB a whole-file read took.
 *
 * The *data* file holds every post's full term counts and fingerprints and the vocabulary; it is
 * read only to rebuild the index after posts changed.
 */

/** Bump when the file layout, tokenising, stemming or weighting changes: old caches are ignored. */
export const INDEX_VERSION = 10;
const QUERY_MAGIC = 0x51_4f_52_46; // "FROQ"
const DATA_MAGIC = 0x44_4f_52_46; // "FROD"
const PREAMBLE_BYTES = 16;

/** Post flag bits. */
export const DRAFT_FLAG = 1;
/** `days` value of a post without a date. */
export const NO_DATE = -2_147_483_648;

/** What a post says about itself, stored per post and decoded only for posts that are shown. */
export interface StoredMeta {
  title: string;
  date: string | null;
  tags: string[];
  /** Content hash (see contentHash): an unchanged file moved or touched is not re-analysed. */
  hash: string;
}

/** The numbers that fix a query file's layout. */
export interface QueryCounts {
  posts: number;
  /** Posts in the tables: the non-draft ones (drafts are listed, never matched). */
  archive: number;
  terms: number;
  postings: number;
  prints: number;
  /** The fingerprint directory has 2^printBits + 1 entries (buckets by the hash's top bits). */
  printBits: number;
  pathBytes: number;
  metaBytes: number;
}

interface Section {
  offset: number;
  bytes: number;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Section offsets relative to the body start; writer and reader share this one plan. */
function planQuery(c: QueryCounts) {
  let at = 0;
  const take = (bytes: number): Section => {
    const section = { offset: at, bytes };
    at += align8(bytes);
    return section;
  };
  const head = {
    mtimes: take(8 * c.posts),
    sizes: take(8 * c.posts),
    days: take(4 * c.posts),
    words: take(4 * c.posts),
    flags: take(c.posts),
    archive: take(4 * c.posts),
    pathOffsets: take(4 * (c.posts + 1)),
    metaOffsets: take(4 * (c.posts + 1)),
    termKeys: take(8 * c.terms),
    idf: take(4 * c.terms),
    postingStarts: take(4 * (c.terms + 1)),
    printDirectory: take(4 * (2 ** c.printBits + 1)),
    paths: take(c.pathBytes),
  };
  const headBytes = at;
  // Pairs (post u32, weight f32) and (hash u32, post u32): one positional read per term or bucket.
  const lazy = { meta: take(c.metaBytes), postings: take(8 * c.postings), prints: take(8 * c.prints) };
  return { head, headBytes, lazy, bodyBytes: at };
}

/** Reads byte ranges of an index: from memory, or from an open file by positional reads. */
export interface ByteSource {
  read(offset: number, bytes: number): Uint8Array;
  close(): void;
}

export class MemorySource implements ByteSource {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  read(offset: number, bytes: number): Uint8Array {
    if (offset + bytes > this.bytes.length) throw new RangeError('index file truncated');
    return this.bytes.subarray(offset, offset + bytes);
  }
  close(): void {}
}

export class FileSource implements ByteSource {
  readonly file: string;
  /** Bytes read so far (FRONTROW_ORIGINALITY_DEBUG reports it). */
  bytesRead = 0;
  #fd: number | null;
  constructor(file: string) {
    this.file = file;
    this.#fd = openSync(file, 'r');
  }
  read(offset: number, bytes: number): Uint8Array {
    if (this.#fd === null) throw new Error(`${this.file}: index file already closed`);
    const out = new Uint8Array(bytes);
    for (let done = 0; done < bytes;) {
      const n = readSync(this.#fd, out, done, bytes - done, offset + done);
      if (n === 0) throw new RangeError('index file truncated');
      done += n;
    }
    this.bytesRead += bytes;
    return out;
  }
  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}

/** A typed view of `bytes`, copied only when the bytes are not aligned for the element size. */
function view<T extends Float64Array | Float32Array | Uint32Array | Int32Array>(
  Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
  bytes: Uint8Array,
): T {
  const length = bytes.byteLength / Type.BYTES_PER_ELEMENT;
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer, bytes.byteOffset, length);
  return new Type(bytes.slice().buffer, 0, length);
}

function frame(magic: number, header: object, bodyBytes: number): { buffer: Buffer; bodyStart: number } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyStart = align8(PREAMBLE_BYTES + json.length);
  // Buffer.alloc never hands out a slice of the shared pool: byte 0 is 8-byte aligned.
  const buffer = Buffer.alloc(bodyStart + bodyBytes);
  buffer.writeUInt32LE(magic, 0);
  buffer.writeUInt32LE(INDEX_VERSION, 4);
  buffer.writeUInt32LE(json.length, 8);
  json.copy(buffer, PREAMBLE_BYTES);
  return { buffer, bodyStart };
}

/** Reads preamble and JSON header; null when the magic or version differ. */
function readFrame(source: ByteSource, magic: number): { header: unknown; bodyStart: number } | null {
  const preamble = Buffer.from(source.read(0, PREAMBLE_BYTES));
  if (preamble.readUInt32LE(0) !== magic || preamble.readUInt32LE(4) !== INDEX_VERSION) return null;
  const length = preamble.readUInt32LE(8);
  const header = JSON.parse(Buffer.from(source.read(PREAMBLE_BYTES, length)).toString('utf8')) as unknown;
  return { header, bodyStart: align8(PREAMBLE_BYTES + length) };
}

/**
 * The tables a check searches, over the *archive*: the non-draft posts, numbered in listing
 * order. Drafts change all the time while a writer works and are never matched, so they are
 * not in the tables, and a draft edit reuses the tables as they are.
 */
export interface QueryTables {
  /** Sorted term keys (see termKey) and, per term, its idf and where its postings start. */
  termKeys: Float64Array;
  idf: Float32Array;
  postingStarts: Uint32Array;
  /** (archive number, weight) pairs: the weight bits stored in the u32 slot of a shared buffer. */
  postings: Uint32Array;
  printBits: number;
  printDirectory: Uint32Array;
  /** (fingerprint, archive number) pairs sorted by fingerprint. */
  prints: Uint32Array;
}

/** Per-post columns of the head, in listing order. */
export interface PostColumns {
  mtimes: Float64Array;
  sizes: Float64Array;
  /** Day number of the post's date (days since 1970-01-01), NO_DATE when it has none. */
  days: Int32Array;
  words: Uint32Array;
  flags: Uint8Array;
  /** Per post, its archive number in the tables, or -1 for a draft. */
  archive: Int32Array;
}

/** Everything a query file stores, as the index builder computes it. */
export interface QueryFileContent extends PostColumns {
  generation: string;
  /** Post paths relative to the archive folder, in listing order. */
  paths: string[];
  meta: StoredMeta[];
  tables: QueryTables;
}

export function encodeQueryFile(c: QueryFileContent): Buffer {
  const t = c.tables;
  const paths = Buffer.from(c.paths.join('\0'), 'utf8');
  // Entry i spans pathOffsets[i] .. pathOffsets[i + 1] - 1 (the separator is not part of it).
  const pathOffsets = new Uint32Array(c.paths.length + 1);
  for (let i = 0; i < c.paths.length; i++) pathOffsets[i + 1] = pathOffsets[i]! + Buffer.byteLength(c.paths[i]!, 'utf8') + 1;
  const metaParts = c.meta.map((m) => Buffer.from(JSON.stringify([m.title, m.date, m.tags, m.hash]), 'utf8'));
  const metaOffsets = new Uint32Array(c.meta.length + 1);
  metaParts.forEach((part, i) => (metaOffsets[i + 1] = metaOffsets[i]! + part.length));
  const counts: QueryCounts = {
    posts: c.paths.length,
    archive: c.archive.reduce((n, a) => (a >= 0 ? n + 1 : n), 0),
    terms: t.termKeys.length,
    postings: t.postings.length / 2,
    prints: t.prints.length / 2,
    printBits: t.printBits,
    pathBytes: paths.length,
    metaBytes: metaOffsets[c.meta.length]!,
  };
  const plan = planQuery(counts);
  const { buffer, bodyStart } = frame(QUERY_MAGIC, { generation: c.generation, counts }, plan.bodyBytes);
  const put = (section: Section, data: ArrayBufferView) =>
    buffer.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), bodyStart + section.offset);
  put(plan.head.mtimes, c.mtimes);
  put(plan.head.sizes, c.sizes);
  put(plan.head.days, c.days);
  put(plan.head.words, c.words);
  put(plan.head.flags, c.flags);
  put(plan.head.archive, c.archive);
  put(plan.head.pathOffsets, pathOffsets);
  put(plan.head.metaOffsets, metaOffsets);
  put(plan.head.termKeys, t.termKeys);
  put(plan.head.idf, t.idf);
  put(plan.head.postingStarts, t.postingStarts);
  put(plan.head.printDirectory, t.printDirectory);
  put(plan.head.paths, paths);
  put(plan.lazy.meta, Buffer.concat(metaParts));
  put(plan.lazy.postings, t.postings);
  put(plan.lazy.prints, t.prints);
  return buffer;
}

/** A query file opened for reading: the head decoded, the rest read on demand. */
export interface QueryFile extends PostColumns {
  generation: string;
  counts: QueryCounts;
  pathOffsets: Uint32Array;
  metaOffsets: Uint32Array;
  termKeys: Float64Array;
  idf: Float32Array;
  postingStarts: Uint32Array;
  printDirectory: Uint32Array;
  paths: Buffer;
  /** Absolute file offsets of the sections read on demand. */
  metaAt: number;
  postingsAt: number;
  printsAt: number;
  totalBytes: number;
}

/** Decodes the head of a query file; null when it is from another version or not an index. */
export function openQueryFile(source: ByteSource): QueryFile | null {
  const framed = readFrame(source, QUERY_MAGIC);
  if (!framed) return null;
  const { generation, counts } = framed.header as { generation: string; counts: QueryCounts };
  const plan = planQuery(counts);
  const head = source.read(framed.bodyStart, plan.headBytes);
  const part = (s: Section) => head.subarray(s.offset, s.offset + s.bytes);
  const at = (s: Section) => framed.bodyStart + s.offset;
  const paths = part(plan.head.paths);
  return {
    generation,
    counts,
    mtimes: view(Float64Array, part(plan.head.mtimes)),
    sizes: view(Float64Array, part(plan.head.sizes)),
    days: view(Int32Array, part(plan.head.days)),
    words: view(Uint32Array, part(plan.head.words)),
    flags: part(plan.head.flags),
    archive: view(Int32Array, part(plan.head.archive)),
    pathOffsets: view(Uint32Array, part(plan.head.pathOffsets)),
    metaOffsets: view(Uint32Array, part(plan.head.metaOffsets)),
    termKeys: view(Float64Array, part(plan.head.termKeys)),
    idf: view(Float32Array, part(plan.head.idf)),
    postingStarts: view(Uint32Array, part(plan.head.postingStarts)),
    printDirectory: view(Uint32Array, part(plan.head.printDirectory)),
    paths: Buffer.from(paths.buffer, paths.byteOffset, paths.byteLength),
    metaAt: at(plan.lazy.meta),
    postingsAt: at(plan.lazy.postings),
    printsAt: at(plan.lazy.prints),
    totalBytes: framed.bodyStart + plan.bodyBytes,
  };
}

export function decodeMeta(bytes: Uint8Array): StoredMeta {
  const [title, date, tags, hash] = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as [string, string | null, string[], string];
  return { title, date, tags, hash };
}

/** (post, weight) pairs as two views over the same bytes: posts at even, weights at odd slots. */
export function pairViews(bytes: Uint8Array): { ints: Uint32Array; floats: Float32Array } {
  const ints = view(Uint32Array, bytes);
  return { ints, floats: new Float32Array(ints.buffer, ints.byteOffset, ints.length) };
}

/**
 * Every archive post's full term counts and fingerprints (by archive number), and the
 * vocabulary their term ids refer to.
 */
export interface DataFileContent {
  generation: string;
  vocabulary: string[];
  termIds: Uint32Array[];
  frequencies: Float32Array[];
  fingerprints: Uint32Array[];
}

export function encodeDataFile(c: DataFileContent): Buffer {
  const n = c.termIds.length;
  const terms = c.termIds.reduce((sum, ids) => sum + ids.length, 0);
  const prints = c.fingerprints.reduce((sum, f) => sum + f.length, 0);
  const { buffer, bodyStart } = frame(DATA_MAGIC, { generation: c.generation, posts: n, vocabulary: c.vocabulary }, 4 * (2 * n + 2 * terms + prints));
  const body = new Uint32Array(buffer.buffer, buffer.byteOffset + bodyStart, 2 * n + 2 * terms + prints);
  const floats = new Float32Array(body.buffer, body.byteOffset, body.length);
  let at = 2 * n;
  for (let i = 0; i < n; i++) {
    body[i] = c.termIds[i]!.length;
    body[n + i] = c.fingerprints[i]!.length;
    body.set(c.termIds[i]!, at);
    floats.set(c.frequencies[i]!, at + terms);
    at += c.termIds[i]!.length;
  }
  at = 2 * n + 2 * terms;
  for (const f of c.fingerprints) {
    body.set(f, at);
    at += f.length;
  }
  return buffer;
}

/** Decodes a data file written with `generation`; null when it belongs to another index. */
export function decodeDataFile(bytes: Uint8Array, generation: string): DataFileContent | null {
  const source = new MemorySource(bytes);
  const framed = readFrame(source, DATA_MAGIC);
  if (!framed) return null;
  const header = framed.header as { generation: string; posts: number; vocabulary: string[] };
  if (header.generation !== generation) return null;
  const n = header.posts;
  const body = view(Uint32Array, bytes.subarray(framed.bodyStart));
  const floats = new Float32Array(body.buffer, body.byteOffset, body.length);
  let terms = 0;
  let prints = 0;
  for (let i = 0; i < n; i++) {
    terms += body[i]!;
    prints += body[n + i]!;
  }
  if (body.length !== 2 * n + 2 * terms + prints) return null;
  const content: DataFileContent = { generation, vocabulary: header.vocabulary, termIds: [], frequencies: [], fingerprints: [] };
  let at = 2 * n;
  let printAt = 2 * n + 2 * terms;
  for (let i = 0; i < n; i++) {
    const count = body[i]!;
    content.termIds.push(body.subarray(at, at + count));
    content.frequencies.push(floats.subarray(at + terms, at + terms + count));
    at += count;
    content.fingerprints.push(body.subarray(printAt, printAt + body[n + i]!));
    printAt += body[n + i]!;
  }
  return content;
}
