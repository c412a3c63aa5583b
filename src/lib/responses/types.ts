/**
 * One reader response, whatever channel it came through, in the shape every page and the
 * inbox read. Built only by the channel parsers (webmention.ts, mastodon.ts, bluesky.ts,
 * giscus.ts) and by `toResponse` on a cached copy: strings are clean plain text, URLs are
 * absolute http(s) URLs. Nothing else a third party sent survives.
 */

export type Channel = 'webmention' | 'mastodon' | 'bluesky' | 'giscus';
export const CHANNELS: readonly Channel[] = ['webmention', 'mastodon', 'bluesky', 'giscus'];

/** Conversations (reply, mention) and reactions (like, repost, bookmark). */
export type Kind = 'reply' | 'mention' | 'like' | 'repost' | 'bookmark';
export const KINDS: readonly Kind[] = ['reply', 'mention', 'like', 'repost', 'bookmark'];
export const isConversation = (kind: Kind): boolean => kind === 'reply' || kind === 'mention';

export interface Person {
  name: string;
  /** Their profile or site. */
  url?: string;
  /** Their avatar where they host it; served from our site only after the build fetched it. */
  photo?: string;
}

export interface ResponseItem {
  /** Stable across builds: "webmention:123", "mastodon:host:id", "bluesky:at://…", "giscus:…". */
  id: string;
  channel: Channel;
  kind: Kind;
  /** What it responds to: a post URL (Webmention), a syndication URL (Mastodon, Bluesky), a post id (giscus). */
  target: string;
  /** The response itself, on the web. */
  url: string;
  author: Person;
  /** ISO date; missing when the source gave none. */
  published?: string;
  /** Plain text, capped. */
  text: string;
  /** Links found in the text, http(s) only. */
  links?: string[];
  /** Id of the response this one answers, when it sits in a thread under another one. */
  parent?: string;
  /** Other ids of the same response elsewhere (a Bridgy Webmention of a Mastodon reply). */
  aliases?: string[];
  /** The Webmention source, e.g. a brid.gy URL or a recommendations.json. */
  source?: string;
}

/** Counts a silo reports for a syndicated copy. */
export interface SiloCounts {
  likes: number;
  reposts: number;
  replies: number;
}
