import { readFile } from 'node:fs/promises';
import { resanitizePosts, TITLE_MAX_CHARS, type PeerPost } from './parse.ts';
import { cleanText, safeHttpUrl, siteKey, truncate } from './text.ts';
import { writeWhole } from '../write-whole.ts';

/**
 * The feed cache: one JSON file that outlives builds (the deploy workflow keeps it), holding
 * per peer the last good posts and what conditional GET needs. Keyed by the peer's site URL.
 * A committed, read-only seed file stands in when there is no cache yet, so a fresh clone
 * shows peers' posts before it has ever fetched anything.
 */

export interface FeedCacheEntry {
  /** The peer's name from their entry when this was stored (plain text), for reports. */
  name?: string;
  /** The feed actually fetched: the entry's `feed`, a discovered one, or where it moved. */
  feedUrl: string;
  /**
   * Who chose `feedUrl`: the writer (the entry's own `feed`) or the peer's site (discovered on
   * its page, or where a feed moved). Written for readers of the cache: trust itself is never
   * read from it, only from the writer's entry (src/lib/net/trust.ts).
   */
  suppliedBy?: 'writer' | 'peer';
  /** The entry's `feed` when this was stored; a change means the writer edited it. */
  declaredFeed?: string;
  etag?: string;
  lastModified?: string;
  /** Last time the server was asked and answered (200 or 304). */
  checkedAt?: string;
  /** When `posts` was last read from a 200 response. */
  fetchedAt?: string;
  /** Do not ask before this time (the server's Retry-After). */
  retryAfter?: string;
  /** The peer's blogroll announced by `<source:blogroll>` in the feed. */
  blogrollUrl?: string;
  posts: PeerPost[];
}

export interface FeedCache {
  version: 1;
  feeds: Record<string, FeedCacheEntry>;
}

export const emptyCache = (): FeedCache => ({ version: 1, feeds: {} });

/**
 * Read the cache, or the seed when the cache does not exist. Never throws: a missing or
 * damaged file is an empty cache (and `problem` says why, for one log line).
 */
export async function readFeedCache(cacheFile: string, seedFile?: string): Promise<{ cache: FeedCache; source: 'cache' | 'seed' | 'none'; problem?: string }> {
  const fromCache = await readCacheFile(cacheFile);
  const fromSeed = seedFile ? await readCacheFile(seedFile) : {};
  if (fromSeed.cache) {
    // Validators belong to whoever made the seed; a conditional GET with them would lie.
    for (const entry of Object.values(fromSeed.cache.feeds)) {
      delete entry.etag;
      delete entry.lastModified;
      delete entry.checkedAt;
      delete entry.retryAfter;
    }
  }
  if (fromCache.cache) {
    // Peers the cache has never fetched successfully still get their seeded posts.
    for (const [key, entry] of Object.entries(fromSeed.cache?.feeds ?? {})) fromCache.cache.feeds[key] ??= entry;
    return { cache: fromCache.cache, source: 'cache' };
  }
  if (seedFile) {
    if (fromSeed.cache) return { cache: fromSeed.cache, source: 'seed' };
    if (fromSeed.problem && fromSeed.problem !== 'missing') {
      return { cache: emptyCache(), source: 'none', problem: `${seedFile}: ${fromSeed.problem}` };
    }
  }
  return fromCache.problem && fromCache.problem !== 'missing'
    ? { cache: emptyCache(), source: 'none', problem: `${cacheFile}: ${fromCache.problem}` }
    : { cache: emptyCache(), source: 'none' };
}

async function readCacheFile(file: string): Promise<{ cache?: FeedCache; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error).message };
  }
  try {
    return { cache: toFeedCache(JSON.parse(text)) };
  } catch (error) {
    return { problem: `unreadable, starting afresh (${(error as Error).message})` };
  }
}

/** Validate a cache read from disk field by field; anything odd is dropped, not trusted. */
export function toFeedCache(data: unknown): FeedCache {
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== 1) {
    throw new Error('not a version 1 feed cache');
  }
  const feeds = (data as { feeds?: unknown }).feeds;
  const cache = emptyCache();
  if (typeof feeds !== 'object' || feeds === null) return cache;
  for (const [key, value] of Object.entries(feeds)) {
    // Keys are site URLs; these three would reach the object's prototype instead.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (typeof value !== 'object' || value === null) continue;
    const raw = value as Record<string, unknown>;
    const feedUrl = safeHttpUrl(raw['feedUrl']);
    if (!feedUrl) continue;
    const entry: FeedCacheEntry = { feedUrl, posts: resanitizePosts(raw['posts']) };
    if (raw['suppliedBy'] === 'writer' || raw['suppliedBy'] === 'peer') entry.suppliedBy = raw['suppliedBy'];
    const declaredFeed = safeHttpUrl(raw['declaredFeed']);
    if (declaredFeed) entry.declaredFeed = declaredFeed;
    const name = typeof raw['name'] === 'string' ? truncate(cleanText(raw['name']), TITLE_MAX_CHARS) : '';
    if (name) entry.name = name;
    const blogrollUrl = safeHttpUrl(raw['blogrollUrl']);
    if (blogrollUrl) entry.blogrollUrl = blogrollUrl;
    for (const field of ['etag', 'lastModified'] as const) {
      const v = raw[field];
      // Sent back verbatim as a header: refuse anything a header could not carry.
      if (typeof v === 'string' && v.length < 512 && /^[\x20-\x7e]*$/.test(v)) entry[field] = v;
    }
    for (const field of ['checkedAt', 'fetchedAt', 'retryAfter'] as const) {
      const v = raw[field];
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) entry[field] = new Date(v).toISOString();
    }
    cache.feeds[key] = entry;
  }
  return cache;
}

/** Write atomically (temp file, then rename) so an interrupted build leaves the old cache. */
export async function writeFeedCache(cacheFile: string, cache: FeedCache): Promise<void> {
  await writeWhole(cacheFile, `${JSON.stringify(cache, null, 2)}\n`);
}

/**
 * Feed URLs found by discovery (or remembered from the seed) for peers whose entry names none,
 * keyed by peer URL: what `toOpml` needs to give every peer an `xmlUrl`.
 */
export async function discoveredFeedUrls(
  peers: readonly { data: { url: string; feed?: string | undefined } }[],
  files: { cacheFile: string; seedFile?: string },
): Promise<Map<string, string>> {
  const { cache } = await readFeedCache(files.cacheFile, files.seedFile);
  const found = new Map<string, string>();
  for (const peer of peers) {
    const entry = cache.feeds[siteKey(peer.data.url)];
    if (!peer.data.feed && entry && !entry.declaredFeed) found.set(peer.data.url, entry.feedUrl);
  }
  return found;
}
