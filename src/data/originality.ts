import path from 'node:path';
import { config, contentDir, showDrafts } from 'virtual:frontrow/config';
import { resolveFeedCacheFile, resolveOriginalityCacheDir } from '../lib/config/paths.ts';
import { READER_RELATED_POSTS, adviceFor, checkOriginality, relatedPosts } from '../lib/originality/index.ts';
import type { Post } from './posts.ts';

/** The index cache survives builds (the deploy workflow keeps the engine's cache folder). */
export const originalityCacheDir = resolveOriginalityCacheDir();
const postsDir = path.join(contentDir, 'posts');

/** Absolute path of a post's source file: the key shared by Astro entries and the engine. */
export const sourceOf = (post: Post): string => path.resolve(post.filePath ?? '');

/** The post whose source is `file` (a path the engine reported), among `posts`. */
export function postLookup(posts: readonly Post[]): (file: string) => Post | undefined {
  // Every post page passes the same list: build its map once, not once per page (N² at 10k).
  let lookup = lookups.get(posts);
  if (!lookup) {
    const byFile = new Map(posts.map((p) => [sourceOf(p), p]));
    lookup = (file) => byFile.get(path.resolve(file));
    lookups.set(posts, lookup);
  }
  return lookup;
}
const lookups = new WeakMap<readonly Post[], (file: string) => Post | undefined>();

/** Up to three published posts on the same topic, best first, for a post page. */
export async function getRelatedPosts(post: Post, published: readonly Post[], k: number = READER_RELATED_POSTS.k): Promise<Post[]> {
  const postOf = postLookup(published);
  let related;
  try {
    related = await relatedPosts({
      postsDir,
      file: sourceOf(post),
      k,
      config: { ...config.originality, relatedThreshold: READER_RELATED_POSTS.floor },
      cacheDir: originalityCacheDir,
    });
  } catch (error) {
    // Another post the writer is still fixing (shown in the dev overlay) must not take this page
    // down: the page goes without related posts until then.
    if (!showDrafts) throw error;
    console.warn(`[frontrow] related posts skipped: ${(error as Error).message}`);
    return [];
  }
  return related.map((r) => postOf(r.file)).filter((p): p is Post => p !== undefined && p.id !== post.id);
}

/**
 * The originality report of one draft for the dev preview panel: the report, what it means and
 * what to do (the same words as the terminal report), and the archive post of each match.
 */
export async function getDraftReport(post: Post, archive: readonly Post[]) {
  const report = await checkOriginality({
    postsDir,
    drafts: [sourceOf(post)],
    config: config.originality,
    cacheDir: originalityCacheDir,
    // Peers' recent posts, from the feed cache the blogroll keeps (when there is one).
    peerCache: resolveFeedCacheFile(),
  });
  const draft = report.drafts[0]!;
  return { draft, thresholds: report.thresholds, advice: adviceFor(draft, report.thresholds), postOf: postLookup(archive) };
}
