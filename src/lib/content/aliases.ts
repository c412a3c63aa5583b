import { z } from 'zod';
import { escapeXml } from '../feed/xml.ts';

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
