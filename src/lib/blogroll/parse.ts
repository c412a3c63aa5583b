import { parseFeed, type AnyFeed } from 'feedsmith';
import { htmlToText, safeHttpUrl, truncate, cleanText } from './text.ts';

/**
 * Peers' feeds (RSS 2.0, Atom, RDF/RSS 1.0, JSON Feed) reduced to what the site shows: a title,
 * a link and maybe a date and a short excerpt, all plain text. feedsmith does the parsing; it
 * never expands DTD entities (so XXE and entity bombs do nothing) and keeps no external state.
 */

/** One post of a peer, safe to print: plain text, an http(s) link, an ISO date. */
export interface PeerPost {
  title: string;
  url: string;
  /** ISO 8601; absent when the feed gives none or an implausible one. */
  date?: string;
  /** A short plain-text excerpt. */
  excerpt?: string;
  /**
   * The post's text as plain text, capped at CONTENT_MAX_CHARS, when the feed carries more than
   * the excerpt (full content, or a longer summary): what the originality check compares with.
   */
  content?: string;
}

export interface ParsedPeerFeed {
  /** Newest first, at most `maxPosts`. */
  posts: PeerPost[];
  /** The blogroll the feed announces with `<source:blogroll>`, if any. */
  blogrollUrl?: string;
}

export const TITLE_MAX_CHARS = 160;
export const EXCERPT_MAX_CHARS = 280;
/** Enough for a long post (about 3,000 words) and a cache of 10 posts a peer stays small. */
export const CONTENT_MAX_CHARS = 20_000;
/** Posts kept per feed: the page shows three, the river a few more across peers. */
export const POSTS_PER_FEED = 10;
// Feeds with thousands of items exist (full archives); parsing stops caring after this many.
const ITEMS_READ = 100;
// A date further ahead than this is a typo or a trick to stay on top of the river.
const FUTURE_TOLERANCE_MS = 36 * 60 * 60 * 1000;

export class FeedParseError extends Error {
  override name = 'FeedParseError';
}

interface RawItem {
  title?: string | undefined;
  link?: string | undefined;
  date?: string | undefined;
  excerpt?: string | undefined;
  /** The fullest text the item carries (content before summary). */
  content?: string | undefined;
}

/**
 * Parse a feed body fetched from `feedUrl` (the base for relative links). Throws
 * FeedParseError when the body is no feed at all; individual broken items are skipped.
 */
export function parsePeerFeed(body: string, feedUrl: string, options: { maxPosts?: number; now?: Date } = {}): ParsedPeerFeed {
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(body.trimStart(), { maxItems: ITEMS_READ });
  } catch (error) {
    throw new FeedParseError(`not a readable RSS, Atom, RDF or JSON feed (${(error as Error).message})`);
  }
  const now = (options.now ?? new Date()).getTime();
  const posts: PeerPost[] = [];
  for (const raw of rawItems(parsed)) {
    const post = toPeerPost(raw, feedUrl, now);
    if (post) posts.push(post);
  }
  const result: ParsedPeerFeed = { posts: newestFirst(posts).slice(0, options.maxPosts ?? POSTS_PER_FEED) };
  const blogrollUrl = parsed.format === 'rss' ? safeHttpUrl(parsed.feed.sourceNs?.blogroll, feedUrl) : undefined;
  if (blogrollUrl) result.blogrollUrl = blogrollUrl;
  return result;
}

function rawItems(parsed: AnyFeed): RawItem[] {
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map((item) => ({
        title: item.title,
        link: item.link ?? (item.guid?.isPermaLink !== false ? item.guid?.value : undefined),
        date: item.pubDate ?? item.dc?.dates?.[0],
        excerpt: item.description ?? item.content?.encoded,
        content: item.content?.encoded ?? item.description,
      }));
    case 'atom':
      return (parsed.feed.entries ?? []).map((entry) => {
        const links = entry.links ?? [];
        const alternate =
          links.find((l) => (l.rel ?? 'alternate') === 'alternate' && (!l.type || l.type.includes('html'))) ??
          links.find((l) => (l.rel ?? 'alternate') === 'alternate');
        return {
          title: entry.title?.value,
          link: alternate?.href ?? (entry.id?.startsWith('http') ? entry.id : undefined),
          date: entry.published ?? entry.updated,
          excerpt: entry.summary?.value ?? entry.content?.value,
          content: entry.content?.value ?? entry.summary?.value,
        };
      });
    case 'rdf':
      return (parsed.feed.items ?? []).map((item) => ({
        title: item.title,
        link: item.link ?? item.rdf?.about,
        date: item.dc?.dates?.[0],
        excerpt: item.description ?? item.content?.encoded,
        content: item.content?.encoded ?? item.description,
      }));
    case 'json':
      return (parsed.feed.items ?? []).map((item) => ({
        title: item.title,
        link: item.url ?? item.external_url,
        date: item.date_published ?? item.date_modified,
        excerpt: item.summary ?? item.content_text ?? item.content_html,
        content: item.content_text ?? item.content_html ?? item.summary,
      }));
  }
}

/**
 * A raw item made safe, or undefined when it has nothing to link to or to call it. Feed fields
 * are HTML (`text`); cached ones are already plain text and must not be decoded a second time,
 * or "Use &lt;b&gt;" read back as "Use <b>" would lose the word on the next build.
 */
export function toPeerPost(raw: RawItem, baseUrl: string | undefined, now = Date.now(), fields: 'html' | 'text' = 'html'): PeerPost | undefined {
  const url = safeHttpUrl(raw.link, baseUrl);
  if (!url) return undefined;
  const toText = fields === 'html' ? htmlToText : (value: string, max: number) => truncate(cleanText(value), max);
  const excerpt = typeof raw.excerpt === 'string' ? toText(raw.excerpt, EXCERPT_MAX_CHARS) : '';
  // Notes (JSON Feed microposts, untitled RSS items) have no title: their first words stand in.
  let title = typeof raw.title === 'string' ? toText(raw.title, TITLE_MAX_CHARS) : '';
  if (!title) title = truncate(excerpt, 80);
  if (!title) return undefined;
  const post: PeerPost = { title, url };
  const date = plausibleDate(raw.date, now);
  if (date) post.date = date;
  if (excerpt && excerpt !== title) post.excerpt = excerpt;
  // Kept only when it says more than the excerpt: most feeds' summaries fit in the excerpt.
  const content = typeof raw.content === 'string' ? htmlToText(raw.content, CONTENT_MAX_CHARS) : '';
  if (content.length > excerpt.length) post.content = content;
  return post;
}

/** An ISO date from a feed's date string, unless it is unreadable or in the future. */
export function plausibleDate(raw: unknown, now = Date.now()): string | undefined {
  if (typeof raw !== 'string' || raw.length > 100) return undefined;
  const time = Date.parse(cleanText(raw));
  if (Number.isNaN(time) || time > now + FUTURE_TOLERANCE_MS) return undefined;
  return new Date(time).toISOString();
}

/** Posts with a date first, newest first; undated posts keep feed order after them. */
export function newestFirst<T extends { date?: string }>(posts: readonly T[]): T[] {
  return posts
    .map((post, index) => ({ post, index }))
    .sort((a, b) => {
      if (a.post.date && b.post.date) return b.post.date.localeCompare(a.post.date) || a.index - b.index;
      if (a.post.date) return -1;
      if (b.post.date) return 1;
      return a.index - b.index;
    })
    .map(({ post }) => post);
}

/**
 * Re-check posts read back from the cache or the committed seed: those files live on disk
 * where anything may have edited them, so they get the same treatment as a feed.
 */
export function resanitizePosts(posts: unknown, now = Date.now()): PeerPost[] {
  if (!Array.isArray(posts)) return [];
  const out: PeerPost[] = [];
  for (const item of posts.slice(0, POSTS_PER_FEED)) {
    if (typeof item !== 'object' || item === null) continue;
    const raw = item as Record<string, unknown>;
    const post = toPeerPost(
      {
        title: typeof raw['title'] === 'string' ? raw['title'] : undefined,
        link: typeof raw['url'] === 'string' ? raw['url'] : undefined,
        date: typeof raw['date'] === 'string' ? raw['date'] : undefined,
        excerpt: typeof raw['excerpt'] === 'string' ? raw['excerpt'] : undefined,
        content: typeof raw['content'] === 'string' ? raw['content'] : undefined,
      },
      undefined, // cached links are absolute already; anything else is dropped
      now,
      'text',
    );
    if (post) out.push(post);
  }
  return out;
}
