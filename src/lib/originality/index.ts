/**
 * Public API of the originality engine (plain TypeScript, no Astro imports).
 *
 * - checkOriginality: drafts against the archive → the JSON report (rehash, reused passages,
 *   related posts, a verdict per draft).
 * - formatReport: that report as terminal text.
 * - relatedPosts: "related posts" for a published post, from the same cached index.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { checkDraft, type CheckContext } from './check.ts';
import type { OriginalityConfig } from './config.ts';
import { analyzeFile, type AnalyzedDocument } from './document.ts';
import { OriginalityInputError } from './errors.ts';
import { knownFrontmatter, updateIndex } from './index-build.ts';
import { makeView, postAt, type ArchiveIndex, type ArchiveView, type IndexedPost } from './index-store.ts';
import { listPostFiles } from './posts.ts';
import type { OriginalityReport } from './report.ts';
import { cosine } from './vector.ts';
import { contentWords, topicCandidates, topicScore, vectorOf, wordContainment } from './topic-score.ts';

export { adviceFor, measureOf, peerSentence, PEERS_LABEL, RELATED_LABEL } from './advice.ts';
export { formatReport } from './format.ts';
// Types only: the Zod schema (./config.ts) is loaded by the site config, or on demand, never
// by importing the engine, so a CLI run does not pay for Zod.
export type { OriginalityConfig } from './config.ts';
export { rememberedSettings } from './settings.ts';
export { OriginalityInputError } from './errors.ts';
export { failsOn } from './report.ts';
export type { DraftReport, OriginalityReport, Verdict } from './report.ts';
// For the accuracy evaluation (scripts/eval-originality.ts), which measures the engine from inside;
// both modules are loaded by checkOriginality anyway.
export { analyzeDocument, type AnalyzedDocument } from './document.ts';
export { alignPassages } from './passage-alignment.ts';

export const DEFAULT_CACHE_DIR = join('node_modules', '.cache', 'frontrow-originality');

/** Paths in reports are relative to the current directory, with forward slashes. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

function cacheFileFor(root: string, allowText: boolean, cacheDir: string | undefined): string {
  const key = createHash('sha1').update(`${resolve(root)}\0${allowText}`).digest('hex').slice(0, 16);
  return join(resolve(cacheDir ?? DEFAULT_CACHE_DIR), `index-${key}.sqlite`);
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
function loadIndex(root: string, allowText: boolean, cacheDir: string | undefined, fresh: boolean): Promise<MemoEntry> {
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
  const update = updateIndex(resolve(root), files, cacheFile, displayPath, open);
  debug(`index ${displayPath(resolve(root))}: listed ${files.length} files in ${(listed - started).toFixed(0)} ms, ${update.analyzed} analysed, ${update.reused} reused, ${(performance.now() - listed).toFixed(0)} ms`);
  return update;
}

/** FRONTROW_ORIGINALITY_DEBUG=1 prints where the time goes, on stderr. */
function debug(message: string): void {
  if (process.env['FRONTROW_ORIGINALITY_DEBUG']) process.stderr.write(`[originality] ${message}\n`);
}

/** Parsed archive posts, by content hash: the few candidates of each check, reused across drafts. */
const documentMemo = new Map<string, AnalyzedDocument>();
async function loadPost(post: IndexedPost): Promise<AnalyzedDocument> {
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
 * What a related-posts score needs of a post (term counts and distinct words), by content hash.
 * Far smaller than a parsed document, so a build keeps every post's features: each post page
 * then parses nothing after the first pages, instead of its post and a dozen candidates.
 */
interface RelatedFeatures {
  termFrequencies: Map<string, number>;
  words: Set<string>;
}
const featureMemo = new Map<string, RelatedFeatures>();
const MAX_FEATURES = 50_000;
async function loadFeatures(post: IndexedPost): Promise<RelatedFeatures> {
  const key = `${post.path}\0${post.hash}`;
  const known = featureMemo.get(key);
  if (known) return known;
  // Terms only (no sentences or sections): what a related-posts score reads, at two thirds of the work.
  const doc = documentMemo.get(`${post.path}\0${post.hash}`) ?? analyzeTerms(post, readFileSync(post.path, 'utf8'));
  const features = { termFrequencies: doc.termFrequencies, words: contentWords(doc) };
  if (featureMemo.size >= MAX_FEATURES) featureMemo.delete(featureMemo.keys().next().value!);
  featureMemo.set(key, features);
  return features;
}

const analyzeTerms = (post: IndexedPost, source: string) => analyzeFile(post.path, source, displayPath(post.path), true, knownFrontmatter(post, source));

/** A draft, parsed; `indexed` is its row in the index, whose frontmatter is used when the file is unchanged. */
async function readDraft(path: string, indexed?: IndexedPost | null): Promise<AnalyzedDocument> {
  let source: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    source = readFileSync(path, 'utf8');
  } catch {
    throw new OriginalityInputError(`${displayPath(path)}: file not found`);
  }
  return analyzeFile(path, source, displayPath(path), false, indexed ? knownFrontmatter(indexed, source) : undefined);
}

export interface CheckOptions {
  /** Folder of posts (`content/posts`): the archive, and where drafts are found. */
  postsDir: string;
  /** Files to check as drafts; undefined = every `draft: true` post in postsDir. */
  drafts?: string[];
  /** Use every non-draft .md, .mdx or .txt file under this folder as the archive instead. */
  archiveDir?: string;
  config: OriginalityConfig;
  /** Index cache folder; default node_modules/.cache/frontrow-originality. */
  cacheDir?: string;
  /** "Now" for scheduled posts: posts dated later are not part of the archive. */
  now?: Date;
  /**
   * The blogroll's feed cache (`.cache/blogroll-feeds.json`): peers' recent posts are compared
   * too, as `peer` matches. Read only when the file exists; omitted = no peers.
   */
  peerCache?: string;
}

export async function checkOriginality(opts: CheckOptions): Promise<OriginalityReport> {
  const now = opts.now ?? new Date();
  const started = performance.now();
  const root = opts.archiveDir ?? opts.postsDir;
  const allowText = opts.archiveDir !== undefined;
  const { index } = await loadIndex(root, allowText, opts.cacheDir, true);
  const named = (opts.drafts ?? []).map((f) => resolve(f));
  let draftFiles: string[];
  if (opts.drafts !== undefined) {
    draftFiles = named;
  } else if (opts.archiveDir === undefined) {
    draftFiles = index.draftPaths();
  } else {
    draftFiles = (await loadIndex(opts.postsDir, false, opts.cacheDir, true)).index.draftPaths();
  }
  // Read drafts before scoring, so a missing file or broken frontmatter fails fast.
  const draftDocs = await Promise.all(draftFiles.map((path) => readDraft(path, index.find(path))));
  const excluded = new Set(named.map((path) => index.find(path)?.archive ?? -1).filter((n) => n >= 0));
  const view = makeView(index, now, excluded);
  const indexMs = performance.now() - started;

  const checkStarted = performance.now();
  // The peer module loads only when there is a cache to read (a CLI run without one pays nothing).
  const peers = opts.peerCache !== undefined && existsSync(opts.peerCache) ? await import('./peers.ts') : undefined;
  const peerPosts = peers?.loadPeerPosts(opts.peerCache!, resolve(opts.cacheDir ?? DEFAULT_CACHE_DIR)) ?? [];
  const ctx: CheckContext = { view, config: opts.config, loadPost, displayPath };
  if (peers && peerPosts.length > 0) ctx.peerMatches = (doc, vector) => peers.peerMatches(view, opts.config, doc, vector, peerPosts);
  const drafts = [];
  for (let i = 0; i < draftFiles.length; i++) drafts.push(await checkDraft(ctx, draftFiles[i]!, draftDocs[i]!));
  return {
    archive: { dir: displayPath(resolve(root)), posts: view.size, words: view.words },
    thresholds: { rehash: opts.config.rehashThreshold, related: opts.config.relatedThreshold, minPassageWords: opts.config.minPassageWords, minDraftWords: opts.config.minDraftWords, peer: opts.config.peerThreshold },
    drafts,
    timings: { indexMs: Math.round(indexMs), checkMs: Math.round(performance.now() - checkStarted) },
  };
}

export interface RelatedOptions {
  postsDir: string;
  /** The post to find neighbours for (a path; need not be published). */
  file: string;
  /** How many posts at most; default config.maxRelated. */
  k?: number;
  config: OriginalityConfig;
  cacheDir?: string;
  now?: Date;
}

/**
 * Up to k published posts on the same topic as `file`, best first, with the topic score of a
 * match (tf-idf cosine and word containment, see topic-score.ts) and at least config.relatedThreshold.
 * Candidates come from the index; only the 3k best are read, and parsed posts are memoised, so
 * calling this once per post page costs little after the first pages.
 */
export async function relatedPosts(opts: RelatedOptions): Promise<{ file: string; title: string; score: number }[]> {
  const now = opts.now ?? new Date();
  const entry = await loadIndex(opts.postsDir, false, opts.cacheDir, false);
  const day = now.toISOString().slice(0, 10);
  let view = entry.views.get(day);
  if (!view) {
    view = makeView(entry.index, now);
    entry.views.set(day, view);
  }
  const path = resolve(opts.file);
  const post = entry.index.find(path);
  let features: RelatedFeatures;
  if (post && !post.draft) features = await loadFeatures(post);
  else {
    const doc = await readDraft(path, post);
    features = { termFrequencies: doc.termFrequencies, words: contentWords(doc) };
  }
  const vector = vectorOf(view, features.termFrequencies);
  const k = opts.k ?? opts.config.maxRelated;
  const self = post && post.archive >= 0 ? view.positionOf[post.archive]! : -1;
  const scored: { file: string; title: string; score: number }[] = [];
  for (const i of topicCandidates(view, vector, 3 * k, self)) {
    const other = postAt(view, i);
    const features2 = await loadFeatures(other);
    const score = topicScore(cosine(vector.weights, vectorOf(view, features2.termFrequencies).weights), wordContainment(features.words, features2.words, true));
    if (score >= opts.config.relatedThreshold) scored.push({ file: displayPath(other.path), title: other.title, score: Math.round(score * 1000) / 1000 });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}
