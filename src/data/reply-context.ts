import { contextStore, webmentionUserAgent, type ReplyContext } from '../lib/outreach/index.ts';
import { isOffline, resolveReplyContextCacheFile } from '../lib/config/paths.ts';
import { RESPONSE_KINDS, responsesOf, type ResponseField } from '../lib/content/responses.ts';
import type { Post } from './posts.ts';
import { absolute, config } from './site.ts';

export interface AnsweredPage {
  field: ResponseField;
  /** The microformats class: u-in-reply-to, u-bookmark-of, u-like-of. */
  mf2: string;
  /** "In reply to", "Bookmarked", "Liked". */
  label: string;
  context: ReplyContext;
}

// One store per build: every page a post answers is read once (and cached under .cache/).
const store = contextStore({
  cacheFile: resolveReplyContextCacheFile(),
  net: {
    userAgent: webmentionUserAgent(absolute('/')),
    timeoutMs: config.blogroll.timeoutMs,
    maxBytes: config.blogroll.maxBytes,
    privateHosts: config.blogroll.privateHosts,
  },
  offline: isOffline(),
  warn: (line) => console.warn(line),
});

/** What a post answers, with the context read from each page. */
export function getAnsweredPages(post: Post): Promise<AnsweredPage[]> {
  return Promise.all(responsesOf(post.data).map(async ({ field, url }) => ({ field, ...RESPONSE_KINDS[field], context: await store.get(url) })));
}
