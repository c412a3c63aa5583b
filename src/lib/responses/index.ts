import type { SiteConfig } from '../config/schema.ts';
import type { CollectOptions } from './collect.ts';
import { responsesCachePaths } from './store.ts';
/**
 * Hearing back: every reader response (Webmentions, Mastodon and Bluesky replies, giscus
 * comments) in one shape, for the post pages, the blogroll page, the build hook and the inbox.
 * Pure TypeScript: nothing here imports Astro.
 */
export { collectResponses, allItems, type CollectOptions } from './collect.ts';
export { readStore, responsesCachePaths, type ResponsesStore } from './store.ts';
export { assignToPosts, threadOf, type PostRef, type PostResponse } from './group.ts';
export { isBlocked } from './moderation.ts';
export { parseJf2Entry } from './webmention.ts';
export { parseMastodonUrl } from './mastodon.ts';
export { parseBlueskyUrl } from './bluesky.ts';
export { buildInbox, formatInbox, type InboxEntry } from './inbox.ts';
export { readDoneMarks, addDoneMark, DONE_FILE } from './marks.ts';
export { readPostRefs } from './posts.ts';
export { recommenders, syndicationLinks } from './present.ts';

/** Identifies the site to the services it asks, with a contact URL. */
export function responsesUserAgent(siteUrl: string): string {
  return `Frontrow-responses/1 (+${siteUrl})`;
}

/** Where the site serves the avatars the build fetched. */
export const AVATAR_PATH = '/responses/avatars/';

/**
 * What every collection run takes from the site config, the environment and the cache paths,
 * whoever runs it (the build hook or `npm run inbox`); the caller adds the rest.
 */
export function siteCollectOptions(
  config: Pick<SiteConfig, 'webmentions' | 'social' | 'moderation' | 'blogroll'>,
  siteUrl: string,
  posts: CollectOptions['posts'],
): Pick<CollectOptions, 'siteUrl' | 'posts' | 'webmentions' | 'social' | 'moderation' | 'privateHosts' | 'cacheFile' | 'avatarDir' | 'token' | 'userAgent'> {
  const { file, avatarDir } = responsesCachePaths();
  return {
    siteUrl,
    posts,
    webmentions: config.webmentions,
    social: config.social,
    moderation: config.moderation,
    privateHosts: config.blogroll.privateHosts,
    cacheFile: file,
    avatarDir,
    token: process.env['WEBMENTION_IO_TOKEN'] || undefined,
    userAgent: responsesUserAgent(siteUrl),
  };
}
