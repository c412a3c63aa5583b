import { escapeXml } from '../feed/xml.ts';

/**
 * The blogroll engine's public API, for the Astro pages, the feed integration and the CLI.
 * Pure TypeScript: nothing here imports Astro.
 */
export { blogrollConfigSchema } from './config.ts';
export { blogrollEntrySchema, findDuplicatePeers, type Peer } from './schema.ts';
export { toOpml, readOpmlSubscriptions, listsSite } from './opml.ts';
export { toRecommendationsJson } from './recommendations.ts';
export { loadPeerPosts, type LoadPeerPostsOptions } from './fetch.ts';
export { discoveredFeedUrls } from './cache.ts';
export type { PeerPost } from './parse.ts';
export { peerRiver, latestPosts } from './river.ts';
export { htmlToText, cleanText, safeHttpUrl, siteKey, truncate } from './text.ts';
// Also imported directly by the originality check: this face loads Zod and the feed parser.
export { readPeerTexts } from './peer-texts.ts';
export { readBlogrollDir, shownPath } from './entries.ts';
// The `npm run blogroll` commands (add, import, check).
export { addPeer, importOpml, checkBlogroll, UsageError, DEFAULT_CONFIG, type CommandContext } from './commands.ts';

/** Paths of the published formats, for `<link>` tags, the RSS channel and the page. */
export const BLOGROLL_PATHS = {
  page: '/blogroll/',
  opml: '/blogroll.opml',
  wellKnownOpml: '/.well-known/recommendations.opml',
  recommendationsJson: '/.well-known/recommendations.json',
} as const;

/** Namespace and element for the blogroll link in the RSS channel (Source namespace, 2024). */
export const SOURCE_NAMESPACE = 'http://source.scripting.com/';

/** `<source:blogroll>` element text for @astrojs/rss `customData` (URL escaped for XML). */
export function sourceBlogrollElement(opmlUrl: string): string {
  return `<source:blogroll>${escapeXml(opmlUrl)}</source:blogroll>`;
}

/**
 * The User-Agent for fetching peers' feeds: names the engine and gives the site as a contact,
 * as feed publishers ask (rachelbythebay.com/w/feed).
 */
export function blogrollUserAgent(siteUrl: string): string {
  return `Frontrow-blogroll/1 (+${siteUrl})`;
}
