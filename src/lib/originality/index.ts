/**
 * Public API of the originality engine (plain TypeScript, no Astro imports).
 *
 * - checkOriginality: drafts against the archive → the JSON report (rehash, reused passages,
 *   related posts, a verdict per draft).
 * - formatReport: that report as terminal text.
 * - relatedPosts: "related posts" for a published post, from the same cached index;
 *   publishedArchive: the posts to ask it for in a build, and what the answers depend on.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDraft, type CheckContext } from './check.ts';
import type { OriginalityConfig } from './config.ts';
import { makeView, postAt } from './archive-view.ts';
import { cacheDirOf, displayPath, featuresOf, loadFeatures, loadIndex, loadPost, readDraft } from './open-archives.ts';
import { candidateVector, relatedScore } from './related-features.ts';
import type { OriginalityReport } from './report.ts';
import { topicCandidates } from './topic-score.ts';

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
  const peerPosts = peers?.loadPeerPosts(opts.peerCache!, cacheDirOf(opts.cacheDir)) ?? [];
  const ctx: CheckContext = { view, config: opts.config, loadPost, displayPath };
  if (peers && peerPosts.length > 0) ctx.peerMatches = (doc, vector) => peers.peerMatches(view, opts.config, doc, vector, peerPosts);
  const drafts = [];
  for (let i = 0; i < draftFiles.length; i++) drafts.push(await checkDraft(ctx, draftFiles[i]!, draftDocs[i]!));
  return {
    archive: { dir: displayPath(resolve(root)), posts: view.size, words: view.words },
    thresholds: {
      rehash: opts.config.rehashThreshold,
      related: opts.config.relatedThreshold,
      minPassageWords: opts.config.minPassageWords,
      minDraftWords: opts.config.minDraftWords,
      peer: opts.config.peerThreshold,
    },
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
  const view = await publishedView(opts.postsDir, opts.cacheDir, opts.now ?? new Date(), false);
  const path = resolve(opts.file);
  const post = view.index.find(path);
  const features = post && !post.draft ? await loadFeatures(view, post) : featuresOf(view, await readDraft(path, post));
  const k = opts.k ?? opts.config.maxRelated;
  const self = post && post.archive >= 0 ? view.positionOf[post.archive]! : -1;
  const scored: { file: string; title: string; score: number }[] = [];
  for (const i of topicCandidates(view, candidateVector(features), 3 * k, self)) {
    const other = postAt(view, i);
    const score = relatedScore(features, await loadFeatures(view, other));
    if (score >= opts.config.relatedThreshold) scored.push({ file: displayPath(other.path), title: other.title, score: Math.round(score * 1000) / 1000 });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}

/** The archive as of `now`'s day, made once per day and index generation. */
async function publishedView(postsDir: string, cacheDir: string | undefined, now: Date, fresh: boolean) {
  const entry = await loadIndex(postsDir, false, cacheDir, fresh);
  const day = now.toISOString().slice(0, 10);
  let view = entry.views.get(day);
  if (!view) {
    view = makeView(entry.index, now);
    entry.views.set(day, view);
  }
  return view;
}

/** What a post page shows as related posts: at most three, anything clearly above noise (a lower bar than a draft check's "related" evidence). */
export const READER_RELATED_POSTS = { k: 3, floor: 0.05 } as const;

/**
 * Every published post as of `now` (absolute paths), after bringing the index up to date, and a
 * digest of what their related posts depend on: each archive post's path and content, and which
 * of them are published (the engine's code and settings are the caller's to add).
 */
export async function publishedArchive(opts: { postsDir: string; cacheDir?: string; now?: Date }): Promise<{ files: string[]; digest: string }> {
  const view = await publishedView(opts.postsDir, opts.cacheDir, opts.now ?? new Date(), true);
  const hash = createHash('sha256');
  for (let a = 0; a < view.index.archiveSize; a++) {
    const post = view.index.post(a);
    hash.update(`${post.path}\0${post.hash}\0${view.positionOf[a]}\n`);
  }
  return { files: Array.from(view.archiveOf, (a) => view.index.post(a).path), digest: hash.digest('hex') };
}
