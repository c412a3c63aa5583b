import { sameUrl, siteKey } from './clean.ts';
import { isBlocked } from './moderation.ts';
import { isRecommendation } from './webmention.ts';
import type { Kind, ResponseItem } from './types.ts';

/** A post as responses know it: its id, public URL and where it was also published. */
export interface PostRef {
  id: string;
  url: string;
  syndication: readonly string[];
  /** Its old addresses (`aliases`), absolute: a response sent to one is this post's. */
  oldUrls?: readonly string[];
  /** The URL this post replies to, for "answered". */
  inReplyTo?: string | undefined;
  /** Published (not a draft, not scheduled). */
  published?: boolean;
}

export type PostResponse = ResponseItem & { post: string };

/** Key of a URL that tells apart fragments (Bridgy's "#liked_by_…"), unlike a page key. */
const urlKey = (url: string): string => {
  try {
    return `${siteKey(url)}${new URL(url).hash}`;
  } catch {
    return url;
  }
};

/**
 * Every visible response with the post it belongs to: Webmentions by target (scheme, `www.`,
 * trailing slash do not matter), Mastodon and Bluesky replies by syndication URL, giscus by
 * post id. Blocked senders and recommendations are left out; a reply that Bridgy delivered and
 * that was also read directly is kept once (the direct copy knows its place in the thread).
 */
export function assignToPosts(items: readonly ResponseItem[], posts: readonly PostRef[], block: readonly string[]): PostResponse[] {
  const byUrl = new Map<string, string>();
  const byId = new Set<string>();
  for (const post of posts) {
    byUrl.set(siteKey(post.url), post.id);
    byId.add(post.id);
    for (const copy of [...post.syndication, ...(post.oldUrls ?? [])]) byUrl.set(siteKey(copy), post.id);
  }
  const direct = new Set<string>();
  for (const item of items) {
    if (item.channel === 'mastodon' || item.channel === 'bluesky') {
      direct.add(item.id);
      direct.add(`url:${urlKey(item.url)}`);
    }
  }
  const seen = new Set<string>();
  const out: PostResponse[] = [];
  for (const item of items) {
    if (seen.has(item.id) || isBlocked(item, block) || isRecommendation(item)) continue;
    if (item.channel === 'webmention' && (item.aliases?.some((a) => direct.has(a)) || direct.has(`url:${urlKey(item.url)}`))) continue;
    const post = item.channel === 'giscus' ? (byId.has(item.target) ? item.target : undefined) : byUrl.get(siteKey(item.target));
    if (!post) continue;
    seen.add(item.id);
    out.push({ ...item, post });
  }
  return out;
}

export interface PostThread {
  /** Replies and mentions, oldest first, each with its depth under the post. */
  thread: (PostResponse & { depth: number })[];
  reactions: Record<Exclude<Kind, 'reply' | 'mention'>, PostResponse[]>;
}

/** One post's responses in reading order: the conversation as a thread, reactions by kind. */
export function threadOf(responses: readonly PostResponse[]): PostThread {
  const reactions: PostThread['reactions'] = { like: [], repost: [], bookmark: [] };
  const talk: PostResponse[] = [];
  for (const r of responses) {
    if (r.kind === 'reply' || r.kind === 'mention') talk.push(r);
    else reactions[r.kind].push(r);
  }
  const time = (r: PostResponse) => (r.published ? Date.parse(r.published) : 0);
  talk.sort((a, b) => time(a) - time(b) || a.id.localeCompare(b.id));
  const ids = new Set(talk.map((r) => r.id));
  const children = new Map<string, PostResponse[]>();
  const roots: PostResponse[] = [];
  for (const r of talk) {
    if (r.parent && ids.has(r.parent) && r.parent !== r.id) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    else roots.push(r);
  }
  const thread: PostThread['thread'] = [];
  const visit = (r: PostResponse, depth: number) => {
    if (thread.length > talk.length) return; // a cycle in hostile data
    thread.push({ ...r, depth });
    for (const child of children.get(r.id) ?? []) visit(child, Math.min(depth + 1, 4));
  };
  for (const r of roots) visit(r, 0);
  for (const list of Object.values(reactions)) list.sort((a, b) => time(b) - time(a) || a.id.localeCompare(b.id));
  return { thread, reactions };
}

/** Whether a person is the writer: anyone on their own site, or one of their profiles. */
export function ownedBy(siteUrl: string, profiles: readonly string[]): (url: string | undefined) => boolean {
  const host = siteKey(siteUrl).split('/')[0];
  return (url) => !!url && (siteKey(url).split('/')[0] === host || profiles.some((p) => sameUrl(p, url)));
}
