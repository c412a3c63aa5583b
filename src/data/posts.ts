import { getCollection, type CollectionEntry } from 'astro:content';
import { buildNow, showDrafts } from 'virtual:frontrow/config';
import { postState, type PostState } from '../lib/content/publish.ts';
import { readingMinutes } from '../lib/content/reading-time.ts';

export type Post = CollectionEntry<'posts'>;

export interface PostSummary {
  post: Post;
  state: PostState;
  minutes: number;
}

/**
 * The one place that decides which posts a build shows. Production: published posts only, so
 * drafts and scheduled posts reach no page, feed, tag, count or index. Dev preview: everything,
 * with its state, so the writer sees drafts in place (with a banner).
 */
export function getVisiblePosts(): Promise<PostSummary[]> {
  // Every route asks for this list; a build computes it once. The dev server recomputes it so
  // edits show on the next reload.
  if (showDrafts) return loadVisiblePosts();
  return (builtPosts ??= loadVisiblePosts());
}
let builtPosts: Promise<PostSummary[]> | undefined;

async function loadVisiblePosts(): Promise<PostSummary[]> {
  const now = buildNow ? new Date(buildNow) : new Date();
  const all = await getCollection('posts');
  return all
    .map((post) => ({
      post,
      state: postState(post.data, now),
      minutes: readingMinutes(post.body ?? ''),
    }))
    .filter((p) => showDrafts || p.state === 'published')
    .sort(
      (a, b) =>
        b.post.data.pubDate.getTime() - a.post.data.pubDate.getTime() ||
        a.post.id.localeCompare(b.post.id),
    );
}

/** Tags of the visible posts, with counts, most used first. */
export function tagCounts(posts: readonly PostSummary[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { post } of posts) for (const tag of post.data.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts.entries()]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
