import { normalizeTag } from './content/slug.ts';

/**
 * Links that work at the domain root and under a base path (a GitHub Pages project site at
 * `/<repo>/`). Every internal link in the engine goes through `withBase`.
 */

/** An address on another site as a writer writes one (`https://…`): a picture there is one the build fetches. */
export const isRemoteUrl = (url: string): boolean => /^https?:\/\//i.test(url);

/** Normalise a configured base to "/" or "/repo/". */
export function normalizeBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** `/posts/x/` under base `/blog/` → `/blog/posts/x/`. Absolute URLs and fragments pass through. */
export function withBase(href: string, base: string): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(href) || href.startsWith('//') || href.startsWith('#')) return href;
  const root = normalizeBase(base);
  if (root !== '/' && (href === root.slice(0, -1) || href.startsWith(root))) return href;
  return root + href.replace(/^\/+/, '');
}

/** Absolute URL of a site path: `absoluteUrl('/posts/x/', 'https://me.dev', '/blog')`. */
export function absoluteUrl(href: string, site: string, base: string): string {
  return new URL(withBase(href, base), site).href;
}

/**
 * The first path segments the site's own pages and files take (src/pages/, Pagefind's index,
 * Astro's assets): a standalone page of content/pages/ there would never be published, as
 * Astro renders the site's route instead. tests/unit/site-routes.test.ts holds it to src/pages/.
 */
export const SITE_ROUTES: readonly string[] = [
  '404',
  '_astro',
  '.well-known',
  'archive',
  'author-initials.svg',
  'blogroll',
  'blogroll.opml',
  'feed.json',
  'follow',
  'page',
  'pagefind',
  'pictures',
  'posts',
  'responses',
  'robots.txt',
  'rss.xml',
  'search',
  'sitemap-0.xml',
  'sitemap-index.xml',
  'tags',
];

/** Path of a post page, from its collection id. */
export function postPath(id: string): string {
  return `/posts/${id}/`;
}

/** Path of a tag page: the slug of the label the writer wrote ("Writing Life" → /tags/writing-life/). */
export function tagPath(tag: string): string {
  return `/tags/${normalizeTag(tag)}/`;
}
