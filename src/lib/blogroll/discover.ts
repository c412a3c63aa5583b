import { Parser } from 'htmlparser2';
import { htmlToText, safeHttpUrl, truncate } from './text.ts';

/**
 * Autodiscovery from a peer's home page: its feeds (`<link rel="alternate">`) and its own
 * blogroll (`<link rel="blogroll">`, the 2024 Winer/Micro.blog convention, or the older
 * `rel="outline"`/`rel="subscriptions"` forms). Only `<link>` elements are read; every URL is
 * resolved against the page (or its `<base href>`) and kept only when it is http(s).
 */

const FEED_TYPES = new Map([
  ['application/rss+xml', 0],
  ['application/atom+xml', 0],
  ['application/feed+json', 1],
  ['application/rdf+xml', 2],
  ['application/json', 3],
  ['application/xml', 4],
  ['text/xml', 4],
]);

/** Well-known blogroll addresses, tried when a page announces none. */
export const WELL_KNOWN_BLOGROLLS = ['/.well-known/recommendations.opml'];

interface LinkTag {
  rel: string[];
  type: string;
  href: string;
  title: string;
}

function readLinkTags(html: string, pageUrl: string): { links: LinkTag[]; base: string } {
  const links: LinkTag[] = [];
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && attributes['href']) {
          base = safeHttpUrl(attributes['href'], pageUrl) ?? base;
        } else if (name === 'link' && attributes['href']) {
          links.push({
            rel: (attributes['rel'] ?? '').toLowerCase().split(/\s+/).filter(Boolean),
            type: (attributes['type'] ?? '').toLowerCase().split(';')[0]!.trim(),
            href: attributes['href'],
            title: attributes['title'] ?? '',
          });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { links, base };
}

/**
 * Feed URLs a page announces, best first: RSS/Atom before JSON Feed before generic XML, and
 * the site's main feed before comment feeds.
 */
export function findFeedLinks(html: string, pageUrl: string): string[] {
  const { links, base } = readLinkTags(html, pageUrl);
  const candidates: { url: string; rank: number; order: number }[] = [];
  links.forEach((link, order) => {
    if (!link.rel.includes('alternate')) return;
    const typeRank = FEED_TYPES.get(link.type);
    if (typeRank === undefined) return;
    const url = safeHttpUrl(link.href, base);
    if (!url) return;
    const isComments = /comment/i.test(link.title) || /comment/i.test(link.href);
    candidates.push({ url, rank: typeRank + (isComments ? 10 : 0), order });
  });
  candidates.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return [...new Set(candidates.map((c) => c.url))];
}

/** Blogroll (OPML) URLs a page announces, in document order. */
export function findBlogrollLinks(html: string, pageUrl: string): string[] {
  const { links, base } = readLinkTags(html, pageUrl);
  const urls: string[] = [];
  for (const link of links) {
    const announced = link.rel.includes('blogroll') || ((link.rel.includes('outline') || link.rel.includes('subscriptions')) && /opml|xml/.test(link.type));
    if (!announced) continue;
    const url = safeHttpUrl(link.href, base);
    if (url && !urls.includes(url)) urls.push(url);
  }
  return urls;
}

/** Blogroll URLs from an HTTP `Link` header (`<https://…/blogroll.opml>; rel="blogroll"`). */
export function findBlogrollInLinkHeader(header: string | null, pageUrl: string): string[] {
  if (!header) return [];
  const urls: string[] = [];
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match || !/;\s*rel\s*=\s*"?[^";]*\bblogroll\b/i.test(match[2] ?? '')) continue;
    const url = safeHttpUrl(match[1], pageUrl);
    if (url) urls.push(url);
  }
  return urls;
}

/** What a home page says about itself, as plain text: for `blogroll add`'s first draft. */
export function readPageMeta(html: string): { title?: string; description?: string } {
  let title = '';
  let inTitle = false;
  const meta = new Map<string, string>();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title') inTitle = true;
        if (name === 'meta') {
          const key = (attributes['property'] ?? attributes['name'] ?? '').toLowerCase();
          if (key && attributes['content'] && !meta.has(key)) meta.set(key, attributes['content']);
        }
      },
      ontext(text) {
        if (inTitle && title.length < 1000) title += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  // Attribute values are already entity-decoded; markup inside them is stripped like feed text.
  const pick = (...values: (string | undefined)[]) => values.map((v) => htmlToText(v ?? '')).find(Boolean);
  const out: { title?: string; description?: string } = {};
  const name = pick(meta.get('og:site_name'), title, meta.get('og:title'));
  if (name) out.title = truncate(name, 100);
  const description = pick(meta.get('description'), meta.get('og:description'));
  if (description) out.description = truncate(description, 300);
  return out;
}
