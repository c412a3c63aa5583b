import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';
import { entryAddress, fileLinkOf } from '../content/entry-links.ts';
import { withBase } from '../urls.ts';

/**
 * Writers link to their own pages as they see them, and this Markdown plugin makes each link
 * one a reader can follow:
 * - a link to another post's file (`[see](./other.md)`, as editors complete it) becomes the
 *   address that file is published at (`/posts/other/`);
 * - on a site under a base path (a GitHub Pages project site) a root-relative link or picture,
 *   `/posts/x/`, becomes `/repo/posts/x/`, once.
 */
export function siteLinksPlugin(base: string, contentDir: string) {
  const withinSite = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? withBase(url, base) : url);
  const linkUrl = (url: string, fileURL: URL | undefined) => {
    const link = fileURL && fileLinkOf(url, fileURLToPath(fileURL));
    const address = link ? entryAddress(link.file, contentDir) : undefined;
    return withinSite(link && address ? address + link.rest : url);
  };
  return defineMdastPlugin({
    name: 'frontrow-site-links',
    link(node, ctx) {
      const url = linkUrl(node.url, ctx.fileURL);
      if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
    definition(node, ctx) {
      const url = linkUrl(node.url, ctx.fileURL);
      if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
    image(node, ctx) {
      const url = withinSite(node.url);
      if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
  });
}
