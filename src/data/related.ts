import { RELATED_POSTS, takeHandOff } from '../lib/handoff.ts';
import type { RelatedResult } from '../integrations/originality-worker.ts';
import { getRelatedPosts, postLookup, sourceOf } from './originality.ts';
import type { Post } from './posts.ts';

/**
 * Related posts of every published post, for a build: found once (not once per page) by the
 * originality worker, beside Astro's content sync and bundling, and kept between builds in
 * Astro's cache folder (src/integrations/originality-worker.ts). The result depends on the whole
 * archive (the engine weighs words by how rare they are across it), so any post edit finds them
 * all again, as a clean build would; a build with the same posts (a template or config change,
 * the daily scheduled build) reuses them.
 */
export type RelatedMap = ReadonlyMap<string, readonly Post[]>;

let built: Promise<RelatedMap> | undefined;
export function getAllRelatedPosts(published: readonly Post[]): Promise<RelatedMap> {
  return (built ??= collect(published));
}

async function collect(published: readonly Post[]): Promise<RelatedMap> {
  const started = performance.now();
  const found = await takeHandOff<RelatedResult>(RELATED_POSTS);
  const postOf = postLookup(published);
  const related = new Map<string, Post[]>();
  let here = 0;
  for (const post of published) {
    const files = found?.related[sourceOf(post)];
    if (files)
      related.set(
        post.id,
        files.map(postOf).filter((p): p is Post => p !== undefined && p.id !== post.id),
      );
    else {
      // Without the worker, or a post it did not see as published (a build dated ahead with FRONTROW_NOW).
      related.set(post.id, await getRelatedPosts(post, published));
      here++;
    }
  }
  const beside = found ? `${found.computed ? 'computed' : 'from the cache'} in ${Math.round(found.ms)} ms beside the build, ` : '';
  console.info(
    `[frontrow] Related posts: ${published.length} posts ${beside}${here} here; the pages waited ${Math.round(performance.now() - started)} ms for them`,
  );
  return related;
}
