/** Letting readers follow: the follow page's facts, JSON Feed, the newsletter form. No Astro imports. */
export { newsletterConfigSchema, formActionOrigins, type NewsletterConfig } from './config.ts';
export { toJsonFeed, JSON_FEED_VERSION, JSON_FEED_TYPE, type JsonFeedInput, type JsonFeedItemInput } from './json-feed.ts';

/** Where people are sent to follow the site, and where the machines read. */
export const FOLLOW_PATHS = { page: '/follow/', rss: '/rss.xml', jsonFeed: '/feed.json' } as const;
