import { isoDate, plainName, plainText, toResponse } from './clean.ts';
import { failed, type ChannelResult, type JsonGetter } from './net.ts';
import type { ResponseItem, SiloCounts } from './types.ts';

/**
 * Replies to a post's copy on Bluesky, read from a public AppView: the handle in the URL is
 * resolved to a DID (handles change; at-URIs with handles do not resolve everywhere), then
 * `app.bsky.feed.getPostThread` gives the tree of replies.
 */

const HANDLE = /^[a-z\d](?:[a-z\d-]{0,62}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,62}[a-z\d])?)+$/i;
const DID = /^did:[a-z]+:[\w.:%-]{1,200}$/;
const MAX_REPLIES = 1000;
const MAX_DEPTH = 20;

/** `https://bsky.app/profile/<handle or did>/post/<rkey>` → its parts. */
export function parseBlueskyUrl(url: string): { actor: string; rkey: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.hostname !== 'bsky.app' && parsed.hostname !== 'staging.bsky.app') return undefined;
  const match = /^\/profile\/([^/]+)\/post\/([\w~.:-]{1,64})\/?$/.exec(parsed.pathname);
  if (!match) return undefined;
  const actor = decodeURIComponent(match[1]!);
  return HANDLE.test(actor) || DID.test(actor) ? { actor, rkey: match[2]! } : undefined;
}

const hiddenFromPublic = (labels: unknown): boolean =>
  Array.isArray(labels) && labels.some((l) => (l as { val?: unknown } | null)?.val === '!no-unauthenticated');

function postToResponse(post: Record<string, unknown>, parentUri: string | undefined, rootUri: string, syndicationUrl: string): ResponseItem | undefined {
  const uri = typeof post['uri'] === 'string' && post['uri'].startsWith('at://') ? post['uri'] : undefined;
  const author = (typeof post['author'] === 'object' && post['author'] !== null ? post['author'] : {}) as Record<string, unknown>;
  const record = (typeof post['record'] === 'object' && post['record'] !== null ? post['record'] : {}) as Record<string, unknown>;
  const handle = typeof author['handle'] === 'string' && HANDLE.test(author['handle']) ? author['handle'] : undefined;
  const rkey = uri?.split('/').pop();
  if (!uri || !handle || !rkey || !/^[\w~.:-]{1,64}$/.test(rkey)) return undefined;
  if (hiddenFromPublic(author['labels']) || hiddenFromPublic(post['labels'])) return undefined;
  return toResponse({
    id: `bluesky:${uri}`,
    channel: 'bluesky',
    kind: 'reply',
    target: syndicationUrl,
    url: `https://bsky.app/profile/${handle}/post/${rkey}`,
    author: { name: plainName(author['displayName']) || handle, url: `https://bsky.app/profile/${handle}`, photo: author['avatar'] },
    published: isoDate(record['createdAt']) ?? isoDate(post['indexedAt']),
    text: plainText(record['text']),
    ...(parentUri && parentUri !== rootUri ? { parent: `bluesky:${parentUri}` } : {}),
  });
}

/** Every reply in a thread view, depth first, capped; deleted, blocked and hidden posts left out. */
export function threadReplies(thread: unknown, syndicationUrl: string): ResponseItem[] {
  const root = (thread as { post?: { uri?: unknown } } | null)?.post?.uri;
  if (typeof root !== 'string') return [];
  const out: ResponseItem[] = [];
  const walk = (node: unknown, parentUri: string, depth: number) => {
    const replies = (node as { replies?: unknown } | null)?.replies;
    if (!Array.isArray(replies) || depth > MAX_DEPTH) return;
    for (const reply of replies) {
      if (out.length >= MAX_REPLIES) return;
      const post = (reply as { post?: unknown } | null)?.post;
      if (typeof post !== 'object' || post === null) continue; // notFoundPost, blockedPost
      const item = postToResponse(post as Record<string, unknown>, parentUri, root, syndicationUrl);
      if (!item) continue;
      out.push(item);
      walk(reply, item.id.slice('bluesky:'.length), depth + 1);
    }
  };
  walk(thread, root, 0);
  return out;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0);

export async function readBluesky(
  syndicationUrl: string,
  appView: string,
  get: JsonGetter,
): Promise<ChannelResult<{ items: ResponseItem[]; counts: SiloCounts }>> {
  const parsed = parseBlueskyUrl(syndicationUrl);
  if (!parsed) return { ok: false, message: 'not a Bluesky post URL', offline: false };
  const xrpc = (method: string, params: Record<string, string>) => {
    const url = new URL(`xrpc/${method}`, appView.endsWith('/') ? appView : `${appView}/`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.href;
  };
  let did = parsed.actor;
  if (!DID.test(did)) {
    const resolved = await get(xrpc('com.atproto.identity.resolveHandle', { handle: did }));
    if (!resolved.ok) return failed(resolved, 'handle');
    const value = (resolved.data as { did?: unknown } | null)?.did;
    if (typeof value !== 'string' || !DID.test(value)) return { ok: false, message: 'handle: no DID in the answer', offline: false };
    did = value;
  }
  const thread = await get(xrpc('app.bsky.feed.getPostThread', { uri: `at://${did}/app.bsky.feed.post/${parsed.rkey}`, depth: '10', parentHeight: '0' }));
  if (!thread.ok) return failed(thread, 'thread');
  const view = (thread.data as { thread?: unknown } | null)?.thread;
  const post = ((view as { post?: unknown } | null)?.post ?? {}) as Record<string, unknown>;
  return {
    ok: true,
    value: {
      items: threadReplies(view, syndicationUrl),
      counts: { likes: count(post['likeCount']), reposts: count(post['repostCount']), replies: count(post['replyCount']) },
    },
  };
}
