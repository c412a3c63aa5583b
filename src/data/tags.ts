import { type Page, paginateList } from '../lib/pagination.ts';
import { tagPath } from '../lib/urls.ts';
import { pageCacheKey, summaryKeyPart } from './cache-keys.ts';
import { getVisiblePosts, type PostSummary, postsByTag, tagCounts } from './posts.ts';
import { config } from './site.ts';

/** A type, not an interface: a page's props need an index signature (Astro's `GetStaticPaths`). */
export type TagPage = {
  /** The label readers see. */
  tag: string;
  slug: string;
  /** Every visible post with the tag, not only this page's. */
  count: number;
  page: Page<PostSummary>;
};

/**
 * Every page of every tag (`/tags/<tag>/`, then `/tags/<tag>/2/`…), from one pass over the
 * visible posts: a tag of a ten-year archive lists thousands of posts, too many for one page.
 */
export async function getTagPages(): Promise<TagPage[]> {
  const posts = await getVisiblePosts();
  const bySlug = postsByTag(posts);
  return tagCounts(posts).flatMap(({ tag, slug }) => {
    const tagged = bySlug.get(slug) ?? [];
    const first = tagPath(tag);
    return paginateList(tagged, config.postsPerTagPage, { first, rest: first }).map((page) => ({ tag, slug, count: tagged.length, page }));
  });
}

/** What a tag page shows, for Astro's incremental build: the count and page numbers as well as the posts. */
export const tagPageCacheKey = ({ tag, count, page }: TagPage): string => pageCacheKey(tag, count, page.number, page.total, page.items.map(summaryKeyPart));
