/**
 * What the engine keeps open in this process: each archive's index (opened once, re-validated
 * on a clock), the posts parsed for checks and the features kept for related posts, and where
 * the index files live. index.ts, the public face, asks this module for them.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { resolveOriginalityCacheDir } from '../config/paths.ts';
import { cachedFrontmatterReader } from './cached-frontmatter.ts';
import { analyzeFile, type AnalyzedDocument } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { knownFrontmatter, updateIndex } from './index-build.ts';
import type { ArchiveView } from './archive-view.ts';
import type { ArchiveIndex, IndexedPost } from './index-store.ts';
import { listPostFiles } from './posts.ts';
import { type RelatedFeatures, relatedFeatures, storedFeatures } from './related-features.ts';
import { contentWords } from './topic-score.ts';
import { idfWeight } from './vector.ts';

/** The index files' folder: the one given, else the engine's cache folder (`resolveOriginalityCacheDir`). */
export const cacheDirOf = (cacheDir: string | undefined): string => (cacheDir ? resolve(cacheDir) : resolveOriginalityCacheDir());

/** Paths in reports are relative to the current directory, with forward slashes. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

function cacheFileFor(root: string, allowText: boolean, cacheDir: string | undefined): string {
  const key = createHash('sha1')
    .update(`${resolve(root)}\0${allowText}`)
    .digest('hex')
    .slice(0, 16);
  return join(cacheDirOf(cacheDir), `index-${key}.sqlite`);
}

/**
 * Open indexes of this process, so calling relatedPosts once per page in a build opens the
 * database once. Re-validated (directory listing, then mtime and size per post, then content
 * hash for changed files) when older than MEMO_TTL_MS, so a dev server sees edits; or, on an
 * archive so large that a re-validation (10,000 `stat`s) takes longer than a tenth of that,
 * when older than ten times the last one took. Re-validating on a fixed clock would make a
 * build that asks once per page pay O(posts) every second: O(posts²) over a large build.
 */
const MEMO_TTL_MS = 1_000;
interface MemoEntry {
  index: ArchiveIndex;
  checkedAt: number;
  /** How long to trust it: MEMO_TTL_MS, or ten times the last re-validation when longer. */
  ttl: number;
  /** Views per day, valid while the archive tables are the same (one generation). */
  generation: string;
  views: Map<string, ArchiveView>;
}
const memo = new Map<string, MemoEntry>();

/** Loads in flight, so pages rendered in parallel share one index load. */
const inflight = new Map<string, Promise<MemoEntry>>();

/** The open index of `root`, re-validated when older than its ttl (or `fresh`). */
export function loadIndex(root: string, allowText: boolean, cacheDir: string | undefined, fresh: boolean): Promise<MemoEntry> {
  const cacheFile = cacheFileFor(root, allowText, cacheDir);
  const known = memo.get(cacheFile);
  if (known && !fresh && Date.now() - known.checkedAt < known.ttl) return Promise.resolve(known);
  let pending = inflight.get(cacheFile);
  if (!pending) {
    pending = (async () => {
      const started = performance.now();
      const { index, changed } = await refreshIndex(root, cacheFile, allowText, known?.index);
      const { generation } = index;
      // Only a re-validation that found nothing to do measures what re-validating costs.
      const ttl = changed ? MEMO_TTL_MS : Math.max(MEMO_TTL_MS, 10 * (performance.now() - started));
      const entry: MemoEntry = { index, checkedAt: Date.now(), ttl, generation, views: known?.generation === generation ? known.views : new Map() };
      memo.set(cacheFile, entry);
      return entry;
    })().finally(() => inflight.delete(cacheFile));
    inflight.set(cacheFile, pending);
  }
  return pending;
}

async function refreshIndex(root: string, cacheFile: string, allowText: boolean, open: ArchiveIndex | undefined) {
  let files: string[];
  const started = performance.now();
  try {
    files = await listPostFiles(resolve(root), allowText);
  } catch {
    throw new OriginalityInputError(`${displayPath(resolve(root))}: folder not found`);
  }
  const listed = performance.now();
  const update = updateIndex(resolve(root), files, cacheFile, displayPath, open, await cachedFrontmatterReader());
  debug(
    `index ${displayPath(resolve(root))}: listed ${files.length} files in ${(listed - started).toFixed(0)} ms, ${update.analyzed} analysed, ${update.reused} reused, ${(performance.now() - listed).toFixed(0)} ms`,
  );
  return update;
}

/** FRONTROW_ORIGINALITY_DEBUG=1 prints where the time goes, on stderr. */
function debug(message: string): void {
  if (process.env['FRONTROW_ORIGINALITY_DEBUG']) process.stderr.write(`[originality] ${message}\n`);
}

/** Parsed archive posts, by content hash: the few candidates of each check, reused across drafts. */
const documentMemo = new Map<string, AnalyzedDocument>();
export async function loadPost(post: IndexedPost): Promise<AnalyzedDocument> {
  const known = documentMemo.get(`${post.path}\0${post.hash}`);
  if (known) return known;
  // Synchronous: a check reads a dozen small files, and a promise round trip costs more.
  const source = readFileSync(post.path, 'utf8');
  // An unchanged post's frontmatter comes from the index: no YAML parse.
  const doc = analyzeFile(post.path, source, displayPath(post.path), false, knownFrontmatter(post, source));
  if (documentMemo.size >= 256) documentMemo.delete(documentMemo.keys().next().value!);
  documentMemo.set(`${post.path}\0${post.hash}`, doc);
  return doc;
}

/**
 * Related-posts features of archive posts (related-features.ts), by content hash, for the index
 * and view they were weighed with: a build keeps every post's, so each post page parses nothing
 * after the first pages, instead of its post and a dozen candidates.
 */
const featureMemo = new Map<string, RelatedFeatures>();
let featureWeights = '';
const MAX_FEATURES = 50_000;
export async function loadFeatures(view: ArchiveView, post: IndexedPost): Promise<RelatedFeatures> {
  // The weights are tf-idf of this index's generation, and the view's size weighs unknown terms.
  const weighing = `${view.index.generation}\0${view.size}`;
  if (weighing !== featureWeights) {
    featureMemo.clear();
    featureWeights = weighing;
  }
  const key = `${post.path}\0${post.hash}`;
  const known = featureMemo.get(key);
  if (known) return known;
  const source = readFileSync(post.path, 'utf8');
  // The index's term counts when the file is still what it counted; else the post is read again.
  const stored = knownFrontmatter(post, source) ? storedFeatures(view.index, post) : undefined;
  const features = stored ?? featuresOf(view, analyzeTerms(post, source));
  if (featureMemo.size >= MAX_FEATURES) featureMemo.delete(featureMemo.keys().next().value!);
  featureMemo.set(key, features);
  return features;
}

/** Related-posts features of a parsed post or draft, weighed for `view`. */
export const featuresOf = (view: ArchiveView, doc: AnalyzedDocument): RelatedFeatures =>
  relatedFeatures(view.index, doc.termFrequencies, contentWords(doc), idfWeight(view.size, 0));

const analyzeTerms = (post: IndexedPost, source: string) => analyzeFile(post.path, source, displayPath(post.path), true, knownFrontmatter(post, source));

/** A draft, parsed; `indexed` is its row in the index, whose frontmatter is used when the file is unchanged. */
export async function readDraft(path: string, indexed?: IndexedPost | null): Promise<AnalyzedDocument> {
  let source: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    source = readFileSync(path, 'utf8');
  } catch {
    throw new OriginalityInputError(`${displayPath(path)}: file not found`);
  }
  return analyzeFile(path, source, displayPath(path), false, indexed ? knownFrontmatter(indexed, source) : undefined);
}
