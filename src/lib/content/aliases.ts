import { z } from 'zod';
import { escapeXml } from '../feed/xml.ts';
import { postPath, SITE_ROUTES } from '../urls.ts';

/**
 * Old addresses of a post or page (`aliases: [/2019/05/my-post.html]`): a writer who brings an
 * archive from another engine, or renames a slug, keeps every link to the old address working,
 * peers' links and Webmentions included. The build writes a small page at each that sends the
 * reader on (a refresh, a canonical link for search engines, a link for everyone else).
 */

const ALIAS_ERROR = 'aliases must be a list of old addresses on this site, each starting with /, such as aliases: [/2019/05/my-post.html]';

/** One old address: site-relative, no query or fragment, no `.` or `..` part, never the home page. */
export const aliasSchema = z
  .array(
    z
      .string({ error: ALIAS_ERROR })
      .trim()
      .refine((alias) => /^\/[^\s?#%\\]+$/.test(alias) && !alias.split('/').some((part) => part === '.' || part === '..'), { error: ALIAS_ERROR })
      .transform(normalizeAlias),
    { error: ALIAS_ERROR },
  )
  .default([]);

/** `/old/post` and `/old/post/` are one address (the folder form); `/old/post.html` is a file. */
export function normalizeAlias(alias: string): string {
  const path = alias.replace(/\/{2,}/g, '/');
  return /\.html?$/i.test(path) || path.endsWith('/') ? path : `${path}/`;
}

/**
 * The site's own folder an old address is inside (`/search/…`), where no page may send readers
 * elsewhere; undefined for any other and for the folders `open` names (by default `/posts/…` and
 * `/tags/…`: an old slug, an old tag).
 */
export function siteFolderOf(alias: string, open: readonly string[] = ['posts', 'tags']): string | undefined {
  const root = alias.split('/')[1]!;
  return SITE_ROUTES.includes(root) && !open.includes(root) ? root : undefined;
}

/** A post's old address by a pattern may be in `/posts/` only of the site's own folders: in `/tags/` it would shadow a tag's page. */
export const PATTERN_OPEN_FOLDERS = ['posts'];

/** The file of the output folder an old address is served from. */
export function aliasFile(alias: string): string {
  const relative = alias.replace(/^\/+/, '');
  return /\.html?$/i.test(relative) ? relative : `${relative}index.html`;
}

/** The page at an old address: on at once to `to` (site-relative) and `canonical` (absolute), with a link for readers. */
export function redirectPage(to: string, canonical: string, title: string): string {
  const [href, url, name] = [to, canonical, title].map(escapeXml);
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>${name}</title>
<meta http-equiv="refresh" content="0;url=${href}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${url}">
<p>This page has moved: <a href="${href}">${name}</a>.</p>
</html>
`;
}

// A whole archive's old addresses by pattern (`oldPostAddresses: ['/:year/:month/:slug/']` in
// site.config.ts): an archive brought from an engine whose addresses held the date keeps every
// post's old address without an `aliases:` line in each post.

const PATTERN_PARTS = ['year', 'month', 'day', 'slug'];
const PATTERN_PART = /:([a-z]+)/g;

const PATTERN_ERROR =
  "oldPostAddresses must be a list of old address patterns on this site, each starting with / and holding :slug, such as ['/:year/:month/:slug/'] (the parts: :year, :month, :day and :slug, the post's address below /posts/)";

export const oldPostAddressesSchema = z
  .array(
    z
      .string({ error: PATTERN_ERROR })
      .trim()
      .refine(isPattern, { error: (issue) => `${PATTERN_ERROR}; ${JSON.stringify(issue.input)} is not one` }),
    { error: PATTERN_ERROR },
  )
  .default([]);

function isPattern(pattern: string): boolean {
  const parts = [...pattern.matchAll(PATTERN_PART)].map((m) => m[1]!);
  return aliasSchema.safeParse([pattern]).success && parts.includes('slug') && parts.every((part) => PATTERN_PARTS.includes(part));
}

/** A post's old address by a pattern: the day it was published (a calendar day, kept in UTC) and its address below /posts/. */
export function oldAddressOf(pattern: string, post: { id: string; pubDate: Date }): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const parts: Record<string, string> = {
    year: String(post.pubDate.getUTCFullYear()),
    month: two(post.pubDate.getUTCMonth() + 1),
    day: two(post.pubDate.getUTCDate()),
    slug: post.id,
  };
  return normalizeAlias(pattern.replace(PATTERN_PART, (_, part: string) => parts[part]!));
}

/**
 * Every post's old addresses by the patterns, each with the post it sends readers to (an id):
 * never the post's own address, nor one inside the site's own folders (siteFolderOf). `:slug`
 * makes each pattern's addresses distinct; where two patterns meet, the newer post's wins.
 */
export function oldAddressesByPattern(patterns: readonly string[], posts: readonly { id: string; pubDate: Date }[]): Map<string, string> {
  const leadsTo = new Map<string, string>();
  if (patterns.length === 0) return leadsTo;
  const newestFirst = [...posts].sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime() || (a.id < b.id ? -1 : 1));
  for (const post of newestFirst) {
    for (const pattern of patterns) {
      const alias = oldAddressOf(pattern, post);
      if (alias !== postPath(post.id) && !siteFolderOf(alias, PATTERN_OPEN_FOLDERS) && !leadsTo.has(alias)) leadsTo.set(alias, post.id);
    }
  }
  return leadsTo;
}
