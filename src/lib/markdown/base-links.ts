import { defineMdastPlugin } from 'satteri';
import { withBase } from '../urls.ts';

/**
 * Writers link to their own pages as they see them: `[see](/posts/x/)`. On a site under a base
 * path (a GitHub Pages project site) that link must become `/repo/posts/x/`. This Markdown
 * plugin prefixes root-relative link and image URLs with the base, once.
 */
export function baseLinksPlugin(base: string) {
  const fix = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? withBase(url, base) : url);
  return defineMdastPlugin({
    name: 'frontrow-base-links',
    link(node, ctx) {
      const url = fix(node.url);
      if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
    definition(node, ctx) {
      const url = fix(node.url);
      if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
    image(node, ctx) {
      const url = fix(node.url);
      if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
  });
}
