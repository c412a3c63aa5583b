import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';
import { entryAddress, fileLinkOf } from '../content/entry-links.ts';
import { wikiLinks } from '../content/wiki-links.ts';
import { isRemotePicture, PICTURES_PATH, type PictureCache } from '../pictures/index.ts';
import { withBase } from '../urls.ts';

/**
 * Writers link to their own pages as they see them, and this Markdown plugin makes each link
 * one a reader can follow:
 * - a link to another post's file (`[see](./other.md)`, as editors complete it) becomes the
 *   address that file is published at (`/posts/other/`), and so does a wiki link to it
 *   (`[[Other post]]`, as Obsidian writes them);
 * - on a site under a base path (a GitHub Pages project site) a root-relative link or picture,
 *   `/posts/x/`, becomes `/repo/posts/x/`, once;
 * - in a build (`pictures()` answers a cache), a picture from another site is shown from this
 *   site's copy, or, while there is none, becomes a link to it: the reader's browser asks no
 *   third party for anything until the reader follows it. The dev preview shows it as written.
 */
export function siteLinksPlugin(base: string, contentDir: string, pictures: () => PictureCache | undefined = () => undefined) {
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
    text(node, ctx) {
      // `[[Other post]]`: a link to that post, `![[photo.png]]` the picture, which Astro's image
      // step (after this plugin) then publishes (wiki-links.ts). Inside a link, text stays text.
      const post = ctx.fileURL ? fileURLToPath(ctx.fileURL) : undefined;
      const links = wikiLinks(node.value, contentDir, post).filter((link) => link.address !== undefined || link.picture !== undefined);
      if (links.length === 0 || ctx.parent(node)?.type === 'link') return;
      const parts: (
        | { type: 'text'; value: string }
        | { type: 'link'; url: string; children: { type: 'text'; value: string }[] }
        | { type: 'image'; url: string; alt: string }
      )[] = [];
      let at = 0;
      for (const { index, written, address, picture, label } of links) {
        if (index > at) parts.push({ type: 'text', value: node.value.slice(at, index) });
        parts.push(
          picture ? { type: 'image', url: picture, alt: label } : { type: 'link', url: withinSite(address!), children: [{ type: 'text', value: label }] },
        );
        at = index + written.length;
      }
      if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
      ctx.replaceNode(node, parts);
    },
    async image(node, ctx) {
      const cache = pictures();
      if (!cache || !isRemotePicture(node.url)) {
        const url = withinSite(node.url);
        if (url !== node.url) ctx.setProperty(node, 'url', url);
        return;
      }
      const post = ctx.fileURL ? fileURLToPath(ctx.fileURL) : 'a post';
      const file = await cache.fileFor(node.url, post);
      if (file) {
        ctx.setProperty(node, 'url', withinSite(`${PICTURES_PATH}${file}`));
        return;
      }
      // No copy yet: its description, linked to it (as text inside a link, which cannot nest).
      const text = { type: 'text' as const, value: node.alt || node.url };
      ctx.replaceNode(node, ctx.parent(node)?.type === 'link' ? text : { type: 'link', url: node.url, children: [text] });
    },
  });
}
