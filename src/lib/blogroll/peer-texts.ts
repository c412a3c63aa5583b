import { readFileSync } from 'node:fs';
import { cleanText, safeHttpUrl, truncate } from './plain.ts';

/**
 * Peers' recent posts as text to compare with, read straight from the feed cache
 * (`.cache/blogroll-feeds.json`, written by cache.ts): what the originality check needs and
 * nothing more. It loads neither the feed parser nor an HTML parser, so a quick CLI stays quick;
 * the cache is a file on disk that anything may have edited, so every field is checked again
 * (plain text without control or bidi characters, http(s) links, capped lengths).
 */

export interface PeerText {
  /** The peer's name as the cache recorded it from their entry, else the post's host. */
  peer: string;
  title: string;
  url: string;
  /** YYYY-MM-DD, or null when the feed gave no date. */
  date: string | null;
  /** Full content when the feed carries it, otherwise the excerpt (a summary). */
  text: string;
  /** Whether `text` is more than the short excerpt. */
  full: boolean;
}

// The limits of parse.ts (POSTS_PER_FEED, TITLE_MAX_CHARS, CONTENT_MAX_CHARS), repeated here so
// this reader does not import the feed parser.
const POSTS_PER_PEER = 10;
const TITLE_MAX = 160;
const TEXT_MAX = 20_000;
// A blogroll of 200 peers; a cache edited to hold more cannot make every check slow.
const POSTS_MAX = 2_000;

/** Every peer post in the cache with something to compare; [] when the file is missing or damaged. */
export function readPeerTexts(cacheFile: string): PeerText[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(cacheFile, 'utf8'));
  } catch {
    return [];
  }
  const feeds = typeof data === 'object' && data !== null && (data as { version?: unknown }).version === 1 ? (data as { feeds?: unknown }).feeds : undefined;
  if (typeof feeds !== 'object' || feeds === null) return [];
  const texts: PeerText[] = [];
  for (const entry of Object.values(feeds)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const raw = entry as Record<string, unknown>;
    const name = typeof raw['name'] === 'string' ? truncate(cleanText(raw['name']), TITLE_MAX) : '';
    if (!Array.isArray(raw['posts'])) continue;
    for (const item of raw['posts'].slice(0, POSTS_PER_PEER)) {
      const text = peerText(item, name);
      if (text) texts.push(text);
      if (texts.length >= POSTS_MAX) return texts;
    }
  }
  return texts;
}

function peerText(item: unknown, name: string): PeerText | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const raw = item as Record<string, unknown>;
  const url = safeHttpUrl(raw['url']);
  const title = typeof raw['title'] === 'string' ? truncate(cleanText(raw['title']), TITLE_MAX) : '';
  if (!url || !title) return undefined;
  const content = typeof raw['content'] === 'string' ? raw['content'] : '';
  const excerpt = typeof raw['excerpt'] === 'string' ? raw['excerpt'] : '';
  const date = typeof raw['date'] === 'string' && !Number.isNaN(Date.parse(raw['date'])) ? new Date(raw['date']).toISOString().slice(0, 10) : null;
  // Cleaned when first read: a check whose analysis of the posts is cached reads few texts.
  let text: string | undefined;
  return {
    peer: name || new URL(url).hostname,
    title,
    url,
    date,
    get text() {
      return (text ??= truncate(cleanText(content.length > excerpt.length ? content : excerpt), TEXT_MAX));
    },
    full: content.length > excerpt.length,
  };
}
