/** Letting readers follow: the follow page's facts, JSON Feed, the newsletter form. No Astro imports. */
export { toJsonFeed, JSON_FEED_TYPE } from './json-feed.ts';

/** Where people are sent to follow the site, and where the machines read. */
export const FOLLOW_PATHS = { page: '/follow/', rss: '/rss.xml', jsonFeed: '/feed.json' } as const;
