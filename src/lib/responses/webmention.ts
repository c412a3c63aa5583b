import { hostOf, isoDate, plainText, safeHttpUrl, toPerson, toResponse } from './clean.ts';
import type { Kind, ResponseItem } from './types.ts';

/**
 * Received Webmentions from a webmention.io-compatible JF2 API: one `children[]` entry becomes
 * one ResponseItem, or nothing when it is private or unusable.
 */

const KIND_OF: Record<string, Kind> = {
  'in-reply-to': 'reply',
  'like-of': 'like',
  'repost-of': 'repost',
  'bookmark-of': 'bookmark',
  'mention-of': 'mention',
  rsvp: 'reply',
};

const RECOMMENDATIONS_PATH = '/.well-known/recommendations.json';

/** Whether a mention is a Ghost-style recommendation of this site. */
export function isRecommendation(item: Pick<ResponseItem, 'source'>): boolean {
  try {
    return !!item.source && new URL(item.source).pathname.endsWith(RECOMMENDATIONS_PATH);
  } catch {
    return false;
  }
}

/** The recommending site: the recommendations.json URL without its well-known path. */
export function recommendingSite(item: Pick<ResponseItem, 'source'>): string | undefined {
  if (!item.source || !isRecommendation(item)) return undefined;
  const url = new URL(item.source);
  url.pathname = `${url.pathname.slice(0, -RECOMMENDATIONS_PATH.length)}/`;
  url.search = '';
  url.hash = '';
  return url.href;
}

export function parseJf2Entry(raw: unknown): ResponseItem | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const entry = raw as Record<string, unknown>;
  if (entry['wm-private'] === true) return undefined;
  const wmId = entry['wm-id'];
  if (typeof wmId !== 'number' && !(typeof wmId === 'string' && /^\d{1,20}$/.test(wmId))) return undefined;
  const target = safeHttpUrl(entry['wm-target']);
  const source = safeHttpUrl(entry['wm-source']);
  const url = safeHttpUrl(entry['url']) ?? source;
  if (!target || !url) return undefined;
  const kind = KIND_OF[String(entry['wm-property'])] ?? 'mention';
  const content = (typeof entry['content'] === 'object' && entry['content'] !== null ? entry['content'] : {}) as Record<string, unknown>;
  // The sender's HTML is never shown: its text is.
  const text = plainText(
    typeof content['text'] === 'string' && content['text'] ? content['text'] : (content['html'] ?? entry['summary'] ?? entry['name']),
    kind === 'mention' ? 500 : undefined,
  );
  const author = toPerson(entry['author'], source ? hostOf(source) : '');
  const aliases = source ? bridgyAliases(source) : [];
  return toResponse({
    id: `webmention:${wmId}`,
    channel: 'webmention',
    kind,
    target,
    url,
    author,
    published: isoDate(entry['published']) ?? isoDate(entry['wm-received']),
    text,
    source,
    aliases,
  });
}

/** Entries of a JF2 feed; [] for anything not in that shape. */
export function parseJf2Feed(data: unknown): { items: ResponseItem[]; count: number; maxId: number } {
  const children = (data as { children?: unknown } | null)?.children;
  if (!Array.isArray(children)) return { items: [], count: 0, maxId: 0 };
  const items: ResponseItem[] = [];
  let maxId = 0;
  for (const child of children) {
    const id = Number((child as Record<string, unknown> | null)?.['wm-id']);
    if (Number.isSafeInteger(id)) maxId = Math.max(maxId, id);
    const item = parseJf2Entry(child);
    if (item) items.push(item);
  }
  return { items, count: children.length, maxId };
}

/**
 * The ids Bridgy's source URL names, so a reply read directly from Mastodon or Bluesky and
 * the same reply delivered by Bridgy show once. Bridgy's form:
 * brid.gy/comment/mastodon/@me@host/<post id>/<reply id>; for Bluesky the ids are at-URIs,
 * URL-encoded twice.
 */
export function bridgyAliases(source: string): string[] {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return [];
  }
  if (url.hostname !== 'brid.gy') return [];
  const parts = url.pathname.split('/').filter(Boolean);
  const [, silo, key, , responseId] = parts;
  if (!responseId) return [];
  if (silo === 'mastodon') {
    const host = /^@[^@]+@([^@/]+)$/.exec(decodeURIComponent(key ?? ''))?.[1];
    return host && /^[\w-]{1,64}$/.test(responseId) ? [`mastodon:${host.toLowerCase()}:${responseId}`] : [];
  }
  if (silo === 'bluesky') {
    try {
      const uri = decodeURIComponent(decodeURIComponent(responseId));
      return uri.startsWith('at://') ? [`bluesky:${uri}`] : [];
    } catch {
      return [];
    }
  }
  return [];
}

/** The API URL for a page of the whole domain's mentions (token mode). */
export function domainQuery(api: string, domain: string, token: string, perPage: number, page: number, sinceId?: number): string {
  const url = new URL(api);
  url.searchParams.set('domain', domain);
  url.searchParams.set('token', token);
  url.searchParams.set('per-page', String(perPage));
  url.searchParams.set('page', String(page));
  url.searchParams.set('sort-dir', 'up');
  if (sinceId) url.searchParams.set('since_id', String(sinceId));
  return url.href;
}

/**
 * The API URL for one post's mentions (no token). webmention.io matches targets exactly, and a
 * scheme-less `//host/path` matches http and https: ask for the path with and without its
 * slash, on the host with and without `www.`.
 */
export function targetQuery(api: string, postUrl: string, perPage: number, page = 0): string {
  const url = new URL(api);
  const post = new URL(postUrl);
  const bare = post.host.replace(/^www\./, '');
  const paths = post.pathname === '/' ? ['/'] : [post.pathname, post.pathname.endsWith('/') ? post.pathname.slice(0, -1) : `${post.pathname}/`];
  for (const host of [bare, `www.${bare}`]) for (const p of paths) url.searchParams.append('target[]', `//${host}${p}`);
  url.searchParams.set('per-page', String(perPage));
  url.searchParams.set('page', String(page));
  return url.href;
}
