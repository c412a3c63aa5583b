import type { APIRoute } from 'astro';
import { getFeedEntries } from '../data/feed.ts';
import { absolute, config } from '../data/site.ts';
import { FOLLOW_PATHS, JSON_FEED_TYPE, toJsonFeed } from '../lib/follow/index.ts';

/** JSON Feed 1.1 with the same posts as /rss.xml. */
export const GET: APIRoute = async () => {
  const avatar = config.author.avatar?.startsWith('/') ? absolute(config.author.avatar) : config.author.avatar;
  const feed = toJsonFeed({
    title: config.title,
    description: config.description,
    homePageUrl: absolute('/'),
    feedUrl: absolute(FOLLOW_PATHS.jsonFeed),
    language: config.lang,
    author: { name: config.author.name, url: config.author.url, avatar },
    items: (await getFeedEntries()).map(({ post, url, html }) => ({
      url,
      // A note is a micropost: no made-up title; it links to the page it answers.
      title: post.data.note ? undefined : post.data.title,
      summary: post.data.note ? undefined : post.data.description,
      externalUrl: post.data.inReplyTo ?? post.data.bookmarkOf ?? post.data.likeOf,
      html,
      published: post.data.pubDate,
      modified: post.data.updatedDate,
      tags: post.data.tags,
    })),
  });
  return new Response(`${JSON.stringify(feed, null, 1)}\n`, { headers: { 'Content-Type': `${JSON_FEED_TYPE}; charset=utf-8` } });
};
