import { Parser } from 'htmlparser2';
import { isoDate, plainName, plainText, safeHttpUrl, toResponse } from './clean.ts';
import { failed, type ChannelResult, type JsonGetter } from './net.ts';
import type { ResponseItem, SiloCounts } from './types.ts';

/**
 * Replies to a post's copy on a Mastodon-compatible server, read anonymously from
 * `/api/v1/statuses/<id>` (counts) and `/api/v1/statuses/<id>/context` (replies).
 */

/** `https://<instance>/@<user>/<id>` → the instance and the status id there. */
export function parseMastodonUrl(url: string): { origin: string; host: string; id: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const id = /^\/@[\w.-]+(?:@[\w.-]+)?\/(\d{1,30})\/?$/.exec(parsed.pathname)?.[1] ?? /^\/users\/[\w.-]+\/statuses\/(\d{1,30})\/?$/.exec(parsed.pathname)?.[1];
  return id ? { origin: parsed.origin, host: parsed.host.toLowerCase(), id } : undefined;
}

/** Mastodon's HTML as plain text, and its links (not mentions or hashtags) as http(s) URLs. */
export function mastodonText(html: unknown): { text: string; links: string[] } {
  const links: string[] = [];
  if (typeof html === 'string') {
    const parser = new Parser({
      onopentag(name, attrs) {
        if (name !== 'a' || links.length >= 5) return;
        const classes = (attrs['class'] ?? '').split(/\s+/);
        if (classes.includes('mention') || classes.includes('hashtag')) return;
        const href = safeHttpUrl(attrs['href']);
        if (href && !links.includes(href)) links.push(href);
      },
    });
    parser.write(html.slice(0, 100_000));
    parser.end();
  }
  return { text: plainText(html), links };
}

export function statusToResponse(status: unknown, host: string, rootId: string, syndicationUrl: string): ResponseItem | undefined {
  if (typeof status !== 'object' || status === null) return undefined;
  const s = status as Record<string, unknown>;
  const id = typeof s['id'] === 'string' && /^[\w-]{1,64}$/.test(s['id']) ? s['id'] : undefined;
  if (!id || (s['visibility'] !== 'public' && s['visibility'] !== 'unlisted')) return undefined;
  const account = (typeof s['account'] === 'object' && s['account'] !== null ? s['account'] : {}) as Record<string, unknown>;
  const { text, links } = mastodonText(s['content']);
  const warning = plainName(s['spoiler_text']);
  const parentId = typeof s['in_reply_to_id'] === 'string' ? s['in_reply_to_id'] : undefined;
  return toResponse({
    id: `mastodon:${host}:${id}`,
    channel: 'mastodon',
    kind: 'reply',
    target: syndicationUrl,
    url: safeHttpUrl(s['url']) ?? safeHttpUrl(s['uri']),
    author: {
      name: plainName(account['display_name']) || plainName(account['acct']) || 'Someone',
      url: account['url'],
      photo: account['avatar_static'] ?? account['avatar'],
    },
    published: isoDate(s['created_at']),
    text: warning ? `Content warning: ${warning}. ${text}` : text,
    links,
    ...(parentId && parentId !== rootId ? { parent: `mastodon:${host}:${parentId}` } : {}),
  });
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0);

export async function readMastodon(syndicationUrl: string, get: JsonGetter): Promise<ChannelResult<{ items: ResponseItem[]; counts: SiloCounts }>> {
  const status = parseMastodonUrl(syndicationUrl);
  if (!status) return { ok: false, message: 'not a Mastodon status URL', offline: false };
  const base = `${status.origin}/api/v1/statuses/${status.id}`;
  const root = await get(base);
  if (!root.ok) return failed(root, 'status');
  const rootData = (root.data ?? {}) as Record<string, unknown>;
  const context = await get(`${base}/context`);
  if (!context.ok) return failed(context, 'replies');
  const descendants = (context.data as { descendants?: unknown } | null)?.descendants;
  const items = (Array.isArray(descendants) ? descendants.slice(0, 1000) : [])
    .map((d) => statusToResponse(d, status.host, status.id, syndicationUrl))
    .filter((i): i is ResponseItem => !!i);
  return {
    ok: true,
    value: {
      items,
      counts: { likes: count(rootData['favourites_count']), reposts: count(rootData['reblogs_count']), replies: count(rootData['replies_count']) },
    },
  };
}
