import { boundedGet, FEED_ACCEPT, HTML_ACCEPT, mapPolitely, OPML_ACCEPT, type GetOptions, type GetResult, type Resolver } from '../net/index.ts';
import { findBlogrollInLinkHeader, findBlogrollLinks, findFeedLinks, WELL_KNOWN_BLOGROLLS } from './discover.ts';
import { peerHost, peerPrivateHosts } from './fetch.ts';
import { listsSite, readOpmlSubscriptions } from './opml.ts';
import { parsePeerFeed, type ParsedPeerFeed } from './parse.ts';
import { readRecommendationsJson } from './recommendations.ts';
import type { Peer } from './schema.ts';

/**
 * `blogroll check`: is each peer's feed still fine, and does the peer list this site back?
 * Read-only, like a feed reader: nothing is written, no entry is changed.
 */

export type FeedStatus = 'ok' | 'moved' | 'gone' | 'silent' | 'unreachable' | 'broken';

export interface FeedHealth {
  status: FeedStatus;
  /** The feed that was checked (declared or discovered). */
  feedUrl?: string;
  /** For `moved`: where a 301/308 points. */
  movedTo?: string;
  /** Date of the newest post, ISO. */
  lastPost?: string;
  /** Human-readable detail, e.g. "HTTP 410" or "last post 2025-01-03 (214 days ago)". */
  detail: string;
}

export interface Reciprocity {
  /** mutual: their blogroll lists this site; one-way: it does not, or they have none; unknown: could not tell. */
  status: 'mutual' | 'one-way' | 'unknown';
  /** The blogroll that was read (the one listing this site, when mutual). */
  blogrollUrl?: string;
  detail: string;
}

export interface PeerHealth {
  peer: { id: string; name: string; url: string; file?: string };
  feed: FeedHealth;
  reciprocity: Reciprocity;
}

export interface CheckOptions {
  /** This site's home page, looked for in peers' blogrolls. */
  siteUrl: string;
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  concurrency: number;
  /** A feed is silent when its newest post is older than this. Default 90. */
  silentDays?: number;
  /** Private host names the writer trusts (config `blogroll.privateHosts`). */
  privateHosts?: string[];
  now?: Date;
  fetch?: typeof fetch;
  resolve?: Resolver;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Blogroll links a peer announces that `check` follows: a page may name thousands, and each
// costs a request to whatever host it names. The well-known paths come on top.
export const MAX_ANNOUNCED_BLOGROLLS = 3;

export async function checkPeers(peers: readonly Peer[], options: CheckOptions): Promise<PeerHealth[]> {
  return mapPolitely(peers, options.concurrency, peerHost, (peer) => checkPeer(peer, options));
}

export async function checkPeer(peer: Peer, options: CheckOptions): Promise<PeerHealth> {
  // `foundOn`: the peer's page that named the URL (see GetOptions.foundOn).
  const get = (url: string, accept: string, foundOn?: string) =>
    boundedGet(url, {
      userAgent: options.userAgent,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      accept,
      privateHosts: peerPrivateHosts(peer, { privateHosts: options.privateHosts ?? [] }),
      ...(foundOn ? { foundOn } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.resolve ? { resolve: options.resolve } : {}),
    } satisfies GetOptions);
  const who: PeerHealth['peer'] = { id: peer.id, name: peer.data.name, url: peer.data.url };
  if (peer.file) who.file = peer.file;

  const home = await get(peer.data.url, HTML_ACCEPT);
  const homeHtml = home.kind === 'response' && home.status < 300 ? home.body : '';
  const homeUrl = home.kind === 'response' ? home.url : peer.data.url;

  let feedUrl = peer.data.feed;
  let parsed: ParsedPeerFeed | undefined;
  let feed: FeedHealth;
  const feedFoundOn = feedUrl ? undefined : homeUrl;
  if (!feedUrl) feedUrl = findFeedLinks(homeHtml, homeUrl)[0];
  if (!feedUrl) {
    feed =
      home.kind === 'failure'
        ? { status: 'unreachable', detail: `home page: ${home.message}` }
        : { status: 'broken', detail: 'no feed in the entry and none announced on the home page' };
  } else {
    const response = await get(feedUrl, FEED_ACCEPT, feedFoundOn);
    ({ feed, parsed } = judgeFeed(feedUrl, response, options.now ?? new Date(), options.silentDays ?? 90));
  }

  const reciprocity = await checkReciprocity(peer, options.siteUrl, home, homeHtml, homeUrl, parsed, get);
  return { peer: who, feed, reciprocity };
}

function judgeFeed(feedUrl: string, response: GetResult, now: Date, silentDays: number): { feed: FeedHealth; parsed?: ParsedPeerFeed } {
  if (response.kind === 'failure') return { feed: { status: 'unreachable', feedUrl, detail: response.message } };
  if (response.status === 404 || response.status === 410) {
    return { feed: { status: 'gone', feedUrl, detail: `HTTP ${response.status}` } };
  }
  if (response.status < 200 || response.status >= 300) {
    return { feed: { status: 'broken', feedUrl, detail: `HTTP ${response.status}` } };
  }
  let parsed: ParsedPeerFeed;
  try {
    parsed = parsePeerFeed(response.body, response.url, { now });
  } catch (error) {
    return { feed: { status: 'broken', feedUrl, detail: (error as Error).message } };
  }
  const lastPost = parsed.posts.find((p) => p.date)?.date;
  const age = lastPost ? Math.floor((now.getTime() - Date.parse(lastPost)) / DAY_MS) : undefined;
  const when = lastPost
    ? `last post ${lastPost.slice(0, 10)} (${age === 1 ? '1 day' : `${age} days`} ago)`
    : parsed.posts.length
      ? 'posts carry no dates'
      : 'no posts';
  const feed: FeedHealth = { status: 'ok', feedUrl, detail: when };
  if (lastPost) feed.lastPost = lastPost;
  if (response.movedTo) {
    feed.status = 'moved';
    feed.movedTo = response.movedTo;
    feed.detail = `permanently moved to ${response.movedTo}; ${when}`;
  } else if (parsed.posts.length === 0 || (age !== undefined && age >= silentDays)) {
    feed.status = 'silent';
  }
  return { feed, parsed };
}

async function checkReciprocity(
  peer: Peer,
  siteUrl: string,
  home: GetResult,
  homeHtml: string,
  homeUrl: string,
  parsed: ParsedPeerFeed | undefined,
  get: (url: string, accept: string, foundOn?: string) => Promise<GetResult>,
): Promise<Reciprocity> {
  const origin = new URL(peer.data.url).origin;
  const announced = [
    ...new Set([
      ...(parsed?.blogrollUrl ? [parsed.blogrollUrl] : []),
      ...(home.kind === 'response' ? findBlogrollInLinkHeader(home.headers.get('link'), homeUrl) : []),
      ...findBlogrollLinks(homeHtml, homeUrl),
    ]),
  ].slice(0, MAX_ANNOUNCED_BLOGROLLS);
  // When the home page did not answer, its well-known neighbours will not either: asking would
  // only spend more timeouts on a site that is down.
  const wellKnown = home.kind === 'failure' ? [] : [...WELL_KNOWN_BLOGROLLS, '/.well-known/recommendations.json'].map((p) => new URL(p, origin).href);
  const candidates = [...new Set([...announced, ...wellKnown])];
  let readable: string | undefined;
  let reachedAny = home.kind === 'response';
  const named = new Set(announced);
  for (const url of candidates) {
    // Links the peer's page announced are the peer's word; well-known paths are on its origin.
    const response = await get(url, OPML_ACCEPT, named.has(url) ? homeUrl : undefined);
    if (response.kind === 'failure') continue;
    reachedAny = true;
    if (response.status < 200 || response.status >= 300) continue;
    const subscriptions = readBlogroll(response.body);
    if (!subscriptions) continue;
    readable ??= response.url;
    if (listsSite(subscriptions, siteUrl)) {
      return { status: 'mutual', blogrollUrl: response.url, detail: `listed in ${response.url}` };
    }
  }
  if (readable) return { status: 'one-way', blogrollUrl: readable, detail: `not listed in ${readable}` };
  if (!reachedAny) return { status: 'unknown', detail: 'site unreachable' };
  return { status: 'one-way', detail: 'publishes no blogroll that could be found' };
}

/** Subscriptions from an OPML file or a recommendations.json; undefined when it is neither. */
function readBlogroll(body: string): { xmlUrl?: string; htmlUrl?: string }[] | undefined {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[')) return readRecommendationsJson(trimmed);
  try {
    return readOpmlSubscriptions(trimmed);
  } catch {
    return undefined;
  }
}

const FEED_LABEL: Record<FeedStatus, string> = {
  ok: 'fine',
  moved: 'MOVED',
  gone: 'GONE',
  silent: 'silent',
  unreachable: 'UNREACHABLE',
  broken: 'BROKEN',
};

/** The report `blogroll check` prints: one block per peer, then a tally. */
export function formatHealthReport(results: readonly PeerHealth[], silentDays = 90): string {
  const lines: string[] = [];
  for (const { peer, feed, reciprocity } of results) {
    lines.push(`${peer.name} <${peer.url}>${peer.file ? `  [${peer.file}]` : ''}`);
    lines.push(`  feed: ${FEED_LABEL[feed.status]}${feed.feedUrl ? ` ${feed.feedUrl}` : ''}: ${feed.detail}`);
    if (feed.status === 'moved') lines.push(`        update \`feed:\` to ${feed.movedTo}`);
    if (feed.status === 'silent') lines.push(`        nothing new for ${silentDays}+ days`);
    lines.push(`  reciprocity: ${reciprocity.status}: ${reciprocity.detail}`);
  }
  const tally = (pick: (r: PeerHealth) => string) => {
    const counts = new Map<string, number>();
    for (const r of results) counts.set(pick(r), (counts.get(pick(r)) ?? 0) + 1);
    return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  };
  lines.push('');
  lines.push(
    `${results.length} peer${results.length === 1 ? '' : 's'}: feeds ${tally((r) => FEED_LABEL[r.feed.status].toLowerCase())}; ${tally((r) => r.reciprocity.status)}.`,
  );
  return lines.join('\n');
}
