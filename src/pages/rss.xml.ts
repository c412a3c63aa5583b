import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { render } from 'astro:content';
import { loadRenderers } from 'astro:container';
import { getVisiblePosts } from '../data/posts.ts';
import { absolute, config } from '../data/site.ts';
import { BLOGROLL_PATHS, SOURCE_NAMESPACE, sourceBlogrollElement } from '../lib/blogroll/index.ts';
import { absolutizeHtml } from '../lib/feed/absolutize.ts';
import { escapeXml } from '../lib/feed/xml.ts';
import { postPath } from '../lib/urls.ts';

/**
 * RSS 2.0 with the full HTML of every published post. MDX entries have no pre-rendered HTML,
 * so every post is rendered through the Container API, the same way for `.md` and `.mdx`.
 */
export const GET: APIRoute = async () => {
  const container = await AstroContainer.create({
    renderers: await loadRenderers([getContainerRenderer()]),
  });
  const posts = (await getVisiblePosts()).filter((p) => p.state === 'published');
  const items = await Promise.all(
    posts.map(async ({ post }) => {
      const url = absolute(postPath(post.id));
      const { Content } = await render(post);
      const html = await container.renderToString(Content);
      return {
        title: post.data.title,
        description: post.data.description,
        pubDate: post.data.pubDate,
        link: url,
        categories: post.data.tags,
        content: absolutizeHtml(html, url),
      };
    }),
  );
  return rss({
    title: config.title,
    description: config.description,
    site: absolute('/'),
    items,
    xmlns: { source: SOURCE_NAMESPACE, atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      `<language>${escapeXml(config.lang)}</language>`,
      `<atom:link href="${escapeXml(absolute('/rss.xml'))}" rel="self" type="application/rss+xml"/>`,
      sourceBlogrollElement(absolute(BLOGROLL_PATHS.opml)),
    ].join(''),
    trailingSlash: true,
  });
};
