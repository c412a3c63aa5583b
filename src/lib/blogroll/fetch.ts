import os from 'node:os';
import type { BlogrollConfig } from './config.ts';
import { readFeedCache, writeFeedCache, type FeedCache, type FeedCacheEntry } from './cache.ts';
import { findFeedLinks } from './discover.ts';
import { boundedGet, hasExternalInterface, HTML_ACCEPT, mapPolitely, retryAfterMs, trustedPrivateHosts, type GetOptions } from '../net/index.ts';
import { FeedParseError, parsePeerFeed, type PeerPost } from './parse.ts';
import type { Peer } from './schema.ts';
import { siteKey } from './text.ts';

/**
 * Peers' latest posts for the build: fetched politely (a few at a time, conditional GET,
 * Retry-After honoured, bounded in time and size), cached between builds, and never a reason
 * for a build to fail. Whatever goes wrong with a peer, its last good posts are used and one
 * line says so; when the machine is plainly offline, one line says that instead.
 */

export interface LoadPeerPostsOptions {
  /** The cache that persists between builds, e.g. `.cache/blogroll-feeds.json`. */
  cacheFile: string;
  /** Read-only snapshot used when `cacheFile` does not exist yet (shipped with the samples). */
  seedFile?: string;
  config: BlogrollConfig;
  /** Names the site and gives a contact URL, e.g. "Frontrow blogroll (+https://me.example/)". */
  userAgent: string;
  /** Never touch the network: cached (or seeded) posts only. */
  offline?: boolean;
  /** Information lines: "checking N feeds…" and the summary at the end. */
  log?: (line: string) => void;
  /** Warning lines: one per failing feed, or one in total when offline. Default: `log`. */
  warn?: (line: string) => void;
  /** Called after each feed settles, for a live progress indicator. */
  onProgress?: (done: number, total: number) => void;
  /** Tests: the clock, the fetch implementation and the machine's network interfaces. */
  now?: () => Date;
  fetch?: typeof fetch;
  networkInterfaces?: typeof os.networkInterfaces;
}

// A few "no DNS server / no route" failures with nothing reachable means the machine is offline
// (a domain that does not exist is one peer gone, not a sign of that): the remaining feeds are
// not tried, so an offline build is quick.
const OFFLINE_AFTER_FAILURES = 3;
// Retry-After asking for longer than this is treated as this (a typo should not mute a peer).
const MAX_RETRY_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
const PREFIX = 'Blogroll:';

type Outcome = { kind: 'updated' | 'unchanged' | 'fresh' | 'waiting' } | { kind: 'failed'; message: string; offline: boolean };

/**
 * Latest posts per peer (keyed by the peer's `url`), newest first. Never throws: network,
 * feed and cache problems become log lines and cached posts.
 */
export async function loadPeerPosts(peers: readonly Peer[], options: LoadPeerPostsOptions): Promise<Map<string, PeerPost[]>> {
  const info = options.log ?? (() => {});
  const warn = options.warn ?? info;
  const { cache, problem } = await readFeedCache(options.cacheFile, options.seedFile);
  if (problem) warn(`${PREFIX} feed cache ${problem}`);
  try {
    if (peers.length > 0 && !options.offline && options.config.fetch) {
      const changed = await refresh(peers, cache, options, info, warn);
      if (changed) {
        try {
          await writeFeedCache(options.cacheFile, cache);
        } catch (error) {
          warn(`${PREFIX} could not save the feed cache to ${options.cacheFile} (${(error as Error).message}).`);
        }
      }
    }
  } catch (error) {
    // A bug here must not cost the writer a deploy: say so once and use what is cached.
    warn(`${PREFIX} fetching stopped early (${(error as Error).message}); using cached posts.`);
  }
  const result = new Map<string, PeerPost[]>();
  for (const peer of peers) result.set(peer.data.url, cache.feeds[siteKey(peer.data.url)]?.posts ?? []);
  return result;
}

async function refresh(
  peers: readonly Peer[],
  cache: FeedCache,
  options: LoadPeerPostsOptions,
  info: (line: string) => void,
  warn: (line: string) => void,
): Promise<boolean> {
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const get: Omit<GetOptions, 'accept'> = {
    userAgent: options.userAgent,
    timeoutMs: options.config.timeoutMs,
    maxBytes: options.config.maxBytes,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  // A machine with nothing but loopback interfaces (a sandbox, a container without network)
  // cannot reach any peer: say so at once instead of waiting for DNS to time out.
  const noNetwork = !hasExternalInterface(options.networkInterfaces ?? os.networkInterfaces);
  const state = { reachable: false, offlineFailures: 0, offline: false };
  let done = 0;
  const total = peers.length;
  info(`${PREFIX} checking ${total} peer feed${total === 1 ? '' : 's'} (${Math.min(total, options.config.concurrency)} at a time)…`);
  const outcomes = await mapPolitely(peers, options.config.concurrency, peerHost, async (peer) => {
    let outcome: Outcome;
    if (state.offline) {
      outcome = { kind: 'failed', message: 'not tried: offline', offline: true };
    } else {
      outcome =
        noNetwork && !isLoopback(peer.data.feed ?? peer.data.url)
          ? { kind: 'failed', message: 'no network interface', offline: true }
          : await refreshPeer(peer, cache, { ...get, privateHosts: peerPrivateHosts(peer, options.config) }, options.config.maxAgeMinutes, now());
      if (outcome.kind === 'failed' && outcome.offline) {
        state.offlineFailures++;
        if (!state.reachable && state.offlineFailures >= Math.min(OFFLINE_AFTER_FAILURES, total)) state.offline = true;
      } else if (outcome.kind !== 'fresh' && outcome.kind !== 'waiting') {
        state.reachable = true;
      }
    }
    options.onProgress?.(++done, total);
    return outcome;
  });

  const failed = outcomes.flatMap((o, i) => (o.kind === 'failed' ? [{ peer: peers[i]!, message: o.message }] : []));
  const count = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (state.offline && !state.reachable) {
    const cached = failed.filter(({ peer }) => (cache.feeds[siteKey(peer.data.url)]?.posts.length ?? 0) > 0).length;
    warn(`${PREFIX} offline (no peer feed reachable); showing cached posts for ${cached} of ${failed.length} peers.`);
  } else {
    for (const { peer, message } of failed) {
      const entry = cache.feeds[siteKey(peer.data.url)];
      const fallback = entry?.posts.length
        ? `using the copy from ${(entry.fetchedAt ?? 'an earlier build').slice(0, 10)}`
        : 'no earlier copy, showing no posts';
      warn(`${PREFIX} ${peer.data.name} (${entry?.feedUrl ?? peer.data.feed ?? peer.data.url}): ${message}; ${fallback}.`);
    }
    const parts = [
      [count('updated'), 'updated'],
      [count('unchanged'), 'unchanged'],
      [count('fresh') + count('waiting'), 'not due'],
      [failed.length, 'failed'],
    ] as const;
    info(
      `${PREFIX} ${total} feed${total === 1 ? '' : 's'} in ${seconds} s: ${parts
        .filter(([n]) => n > 0)
        .map(([n, what]) => `${n} ${what}`)
        .join(', ')}.`,
    );
  }
  return outcomes.some((o) => o.kind !== 'fresh' && !(o.kind === 'failed' && o.offline));
}

async function refreshPeer(peer: Peer, cache: FeedCache, get: Omit<GetOptions, 'accept'>, maxAgeMinutes: number, now: Date): Promise<Outcome> {
  const key = siteKey(peer.data.url);
  let entry = cache.feeds[key];
  // The writer changed or removed `feed`: what was stored for the old one no longer applies.
  if (entry && entry.declaredFeed !== peer.data.feed) {
    entry = { feedUrl: peer.data.feed ?? entry.feedUrl, posts: entry.posts };
    if (peer.data.feed) entry.declaredFeed = peer.data.feed;
    cache.feeds[key] = entry;
  }
  if (entry?.retryAfter && Date.parse(entry.retryAfter) > now.getTime()) return { kind: 'waiting' };
  if (entry?.checkedAt && now.getTime() - Date.parse(entry.checkedAt) < maxAgeMinutes * 60_000) {
    return { kind: 'fresh' };
  }

  let feedUrl = entry?.feedUrl ?? peer.data.feed;
  // Only the entry's own `feed` is the writer's choice. A discovered feed, or where one moved,
  // came from the peer's site and stays marked so in the cache: it is fetched as untrusted.
  let suppliedBy: FeedCacheEntry['suppliedBy'] = feedUrl !== undefined && feedUrl === peer.data.feed && entry?.suppliedBy !== 'peer' ? 'writer' : 'peer';
  if (!feedUrl) {
    const found = await discoverFeed(peer.data.url, get);
    if ('failure' in found) return found.failure;
    feedUrl = found.feedUrl;
    suppliedBy = 'peer';
  }
  const foundOn = suppliedBy === 'peer' ? peer.data.url : undefined;

  // Validators only make sense when there is a copy to fall back on after a 304.
  const headers: Record<string, string> = {};
  if (entry?.posts.length && entry.feedUrl === feedUrl) {
    if (entry.etag) headers['if-none-match'] = entry.etag;
    if (entry.lastModified) headers['if-modified-since'] = entry.lastModified;
  }
  const response = await boundedGet(feedUrl, { ...get, headers, ...(foundOn ? { foundOn } : {}) });
  if (response.kind === 'failure') {
    return { kind: 'failed', message: response.message, offline: response.reason === 'offline' };
  }
  const next: FeedCacheEntry = entry ? { ...entry } : { feedUrl, posts: [] };
  next.suppliedBy = suppliedBy;
  next.name = peer.data.name; // for reports that read the cache alone (the originality check)
  if (peer.data.feed) next.declaredFeed = peer.data.feed;
  delete next.retryAfter;
  if (response.status === 429 || response.status === 503) {
    const wait = retryAfterMs(response.headers.get('retry-after'), now.getTime());
    if (wait !== undefined) next.retryAfter = new Date(now.getTime() + Math.min(wait, MAX_RETRY_AFTER_MS)).toISOString();
    cache.feeds[key] = next;
    return { kind: 'failed', message: `HTTP ${response.status}${wait !== undefined ? `, asked to wait ${Math.round(wait / 1000)} s` : ''}`, offline: false };
  }
  if (response.status === 304) {
    next.checkedAt = now.toISOString();
    cache.feeds[key] = next;
    return { kind: 'unchanged' };
  }
  if (response.status < 200 || response.status >= 300) {
    return { kind: 'failed', message: `HTTP ${response.status}`, offline: false };
  }
  let parsed;
  try {
    parsed = parsePeerFeed(response.body, response.url, { now });
  } catch (error) {
    return { kind: 'failed', message: error instanceof FeedParseError ? error.message : 'unreadable feed', offline: false };
  }
  // A 301/308 means "use the new address from now on"; anything else, keep asking the old one.
  next.feedUrl = response.movedTo ?? feedUrl;
  next.suppliedBy = response.movedTo ? 'peer' : suppliedBy;
  next.posts = parsed.posts;
  next.checkedAt = now.toISOString();
  next.fetchedAt = now.toISOString();
  if (parsed.blogrollUrl) next.blogrollUrl = parsed.blogrollUrl;
  setOrDelete(next, 'etag', response.headers.get('etag'));
  setOrDelete(next, 'lastModified', response.headers.get('last-modified'));
  cache.feeds[key] = next;
  return { kind: 'updated' };
}

function setOrDelete(entry: FeedCacheEntry, field: 'etag' | 'lastModified', value: string | null): void {
  if (value && value.length < 512) entry[field] = value;
  else delete entry[field];
}

/**
 * The feed of a site whose entry names none: the first `<link rel="alternate">` feed on its
 * home page, or the URL itself when it already is a feed.
 */
export async function discoverFeed(
  siteUrl: string,
  get: Omit<GetOptions, 'accept'>,
): Promise<{ feedUrl: string } | { failure: Extract<Outcome, { kind: 'failed' }> }> {
  const page = await boundedGet(siteUrl, { ...get, accept: HTML_ACCEPT });
  if (page.kind === 'failure') {
    return { failure: { kind: 'failed', message: `home page: ${page.message}`, offline: page.reason === 'offline' } };
  }
  if (page.status < 200 || page.status >= 300) {
    return { failure: { kind: 'failed', message: `home page answered HTTP ${page.status}`, offline: false } };
  }
  const [first] = findFeedLinks(page.body, page.url);
  if (first) return { feedUrl: first };
  try {
    parsePeerFeed(page.body, page.url);
    return { feedUrl: page.url };
  } catch {
    return {
      failure: { kind: 'failed', message: 'no feed announced on the home page; add `feed:` to the entry', offline: false },
    };
  }
}

/** The host a peer is fetched from: its feed's, or its site's when the feed is not known yet. */
export function peerHost(peer: Peer): string {
  try {
    return new URL(peer.data.feed ?? peer.data.url).host;
  } catch {
    return peer.data.url;
  }
}

/** Hosts this peer may reach on a private network: only what the writer literally wrote. */
export function peerPrivateHosts(peer: Peer, config: Pick<BlogrollConfig, 'privateHosts'>): string[] {
  return trustedPrivateHosts([peer.data.url, peer.data.feed], config.privateHosts);
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
  } catch {
    return false;
  }
}
