import { getCollection, type CollectionEntry } from 'astro:content';
import { buildNow, showDrafts } from 'virtual:frontrow/config';
import { postState, type PostState } from '../lib/content/publish.ts';
import { minutesForWords, PROSE_WORDS, proseWordCount } from '../lib/content/reading-time.ts';
import { normalizeTag } from '../lib/content/slug.ts';

export type Post = CollectionEntry<'posts'>;

export interface PostSummary {
  post: Post;
  state: PostState;
  minutes: number;
  /** Prose words (the post page's structured data); counted once with the reading time. */
  words: number;
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
    .map((post) => {
      const words = wordsOf(post);
      return { post, state: postState(post.data, now), minutes: minutesForWords(words), words };
    })
    .filter((p) => showDrafts || p.state === 'published')
    .sort((a, b) => b.post.data.pubDate.getTime() - a.post.data.pubDate.getTime() || a.post.id.localeCompare(b.post.id));
}

/**
 * Prose words, counted by the content loader when it read the post (src/integrations/prose-words.ts).
 * A content store written before the loader counted them still has the post's body.
 */
function wordsOf(post: Post): number {
  const counted = (post.data as { [PROSE_WORDS]?: unknown })[PROSE_WORDS];
  return typeof counted === 'number' ? counted : proseWordCount(post.body ?? '');
}

/**
 * Tags of the visible posts, with counts, most used first. `tag` is the label readers see (as the
 * newest post wrote it); `slug` is its URL part, and posts match on it.
 */
export function tagCounts(posts: readonly PostSummary[]): { tag: string; slug: string; count: number }[] {
  const counts = new Map<string, { tag: string; slug: string; count: number }>();
  for (const { post } of posts) {
    for (const tag of post.data.tags) {
      const slug = normalizeTag(tag);
      const known = counts.get(slug);
      if (known) known.count++;
      else counts.set(slug, { tag, slug, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/**
 * The visible posts of each tag, by slug, in list order: one pass over the archive (filtering it
 * once per tag costs tags × posts, which grows with the archive twice).
 */
export function postsByTag(posts: readonly PostSummary[]): Map<string, PostSummary[]> {
  const bySlug = new Map<string, PostSummary[]>();
  for (const summary of posts) {
    for (const slug of new Set(summary.post.data.tags.map(normalizeTag))) {
      const list = bySlug.get(slug);
      if (list) list.push(summary);
      else bySlug.set(slug, [summary]);
    }
  }
  return bySlug;
}
