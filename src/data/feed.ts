import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { render } from 'astro:content';
import { loadRenderers } from 'astro:container';
import { absolutizeHtml } from '../lib/feed/absolutize.ts';
import { postPath } from '../lib/urls.ts';
import { getVisiblePosts, type Post } from './posts.ts';
import { absolute, config } from './site.ts';

export interface FeedEntry {
  post: Post;
  url: string;
  /** Full HTML, links made absolute. */
  html: string;
}

/**
 * The latest `feedItems` published posts with their full HTML, for the RSS and JSON feeds.
 * MDX entries have no pre-rendered HTML, so every post goes through the Container API, the
 * same way for `.md` and `.mdx`. Rendered once per build, shared by both feeds.
 */
export function getFeedEntries(): Promise<FeedEntry[]> {
  return (entries ??= loadFeedEntries());
}
let entries: Promise<FeedEntry[]> | undefined;

async function loadFeedEntries(): Promise<FeedEntry[]> {
  const container = await AstroContainer.create({ renderers: await loadRenderers([getContainerRenderer()]) });
  const posts = (await getVisiblePosts()).filter((p) => p.state === 'published').slice(0, config.feedItems);
  return Promise.all(
    posts.map(async ({ post }) => {
      const url = absolute(postPath(post.id));
      const { Content } = await render(post);
      return { post, url, html: absolutizeHtml(await container.renderToString(Content), url) };
    }),
  );
}
