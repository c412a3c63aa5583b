/**
 * Hearing back: every reader response (Webmentions, Mastodon and Bluesky replies, giscus
 * comments) in one shape, for the post pages, the blogroll page, the build hook and the inbox.
 * Pure TypeScript: nothing here imports Astro.
 */
export { webmentionsConfigSchema, socialConfigSchema, moderationConfigSchema, type WebmentionsConfig, type SocialConfig, type ModerationConfig } from './config.ts';
export type { Channel, Kind, Person, ResponseItem, SiloCounts } from './types.ts';
export { isConversation } from './types.ts';
export { collectResponses, allItems, type CollectOptions } from './collect.ts';
export { readStore, responsesCachePaths, type ResponsesStore } from './store.ts';
export { assignToPosts, threadOf, ownedBy, type PostRef, type PostResponse, type PostThread } from './group.ts';
export { isBlocked } from './moderation.ts';
export { isRecommendation, recommendingSite, parseJf2Feed, parseJf2Entry } from './webmention.ts';
export { parseMastodonUrl } from './mastodon.ts';
export { parseBlueskyUrl } from './bluesky.ts';
export { avatarType, sniffImage } from './avatars.ts';
export { buildInbox, frontRow, formatInbox, type Inbox, type InboxEntry, type FrontRowEntry } from './inbox.ts';
export { readDoneMarks, addDoneMark, DONE_FILE } from './marks.ts';
export { readPostRefs, postId } from './posts.ts';
export { recommenders, siloLabel, syndicationLinks } from './present.ts';

/** Identifies the site to the services it asks, with a contact URL. */
export function responsesUserAgent(siteUrl: string): string {
  return `Frontrow-responses/1 (+${siteUrl})`;
}

/** Where the site serves the avatars the build fetched. */
export const AVATAR_PATH = '/responses/avatars/';
