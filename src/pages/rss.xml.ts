import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getFeedEntries } from '../data/feed.ts';
import { absolute, config } from '../data/site.ts';
import { BLOGROLL_PATHS, SOURCE_NAMESPACE, sourceBlogrollElement } from '../lib/blogroll/index.ts';
import { escapeXml } from '../lib/feed/xml.ts';
import { FOLLOW_PATHS } from '../lib/follow/index.ts';

/** RSS 2.0 with the full HTML of the latest `feedItems` published posts (src/data/feed.ts). */
export const GET: APIRoute = async () => {
  const items = (await getFeedEntries()).map(({ post, url, html }) => ({
    title: post.data.title,
    description: post.data.description,
    pubDate: post.data.pubDate,
    link: url,
    categories: post.data.tags,
    content: html,
  }));
  return rss({
    title: config.title,
    description: config.description,
    site: absolute('/'),
    items,
    xmlns: { source: SOURCE_NAMESPACE, atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      `<language>${escapeXml(config.lang)}</language>`,
      `<atom:link href="${escapeXml(absolute(FOLLOW_PATHS.rss))}" rel="self" type="application/rss+xml"/>`,
      sourceBlogrollElement(absolute(BLOGROLL_PATHS.opml)),
    ].join(''),
    trailingSlash: true,
  });
};
