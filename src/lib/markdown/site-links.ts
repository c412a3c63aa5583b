import { fileURLToPath } from 'node:url';
import { defineMdastPlugin, type MdastVisitorContext } from 'satteri';
import { wikiLinks } from '../content/wiki-links.ts';
import type { PictureCache } from '../pictures/index.ts';
import { isRemoteUrl } from '../urls.ts';
import { followHtml, followJsx } from './html-links.ts';
import { linkInstead, siteUrls } from './site-urls.ts';
import { eachNode, type MdastNode } from './walk.ts';

/**
 * Writers link to their own pages as they see them, and this Markdown plugin makes each link
 * one a reader can follow (site-urls.ts says where each leads):
 * - a link to another post's file (`[see](./other.md)`, as editors complete it) becomes the
 *   address that file is published at (`/posts/other/`), and so does a wiki link to it
 *   (`[[Other post]]`, as Obsidian writes them);
 * - on a site under a base path (a GitHub Pages project site) a root-relative link or picture,
 *   `/posts/x/`, becomes `/repo/posts/x/`, once;
 * - in a build (`pictures()` answers a cache), a picture from another site (`![…](https://…)`,
 *   `![…][ref]`) is shown from this site's copy, or, while there is none, becomes a link to it:
 *   the reader's browser asks no third party for anything until the reader follows it. The dev
 *   preview shows it as written.
 * The text's HTML and MDX's JSX get the same (html-links.ts).
 */
export function siteLinksPlugin(base: string, contentDir: string, pictures: () => PictureCache | undefined = () => undefined) {
  const urls = siteUrls(base, contentDir, pictures);
  return defineMdastPlugin({
    name: 'frontrow-site-links',
    link(node, ctx) {
      const url = urls.link(node.url, ctx.fileURL);
      if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
    definition(node, ctx) {
      const url = urls.link(node.url, ctx.fileURL);
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
          picture ? { type: 'image', url: picture, alt: label } : { type: 'link', url: urls.withinSite(address!), children: [{ type: 'text', value: label }] },
        );
        at = index + written.length;
      }
      if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
      ctx.replaceNode(node, parts);
    },
    async image(node, ctx) {
      const url = await urls.picture(node.url, ctx.fileURL);
      if (url === undefined) ctx.replaceNode(node, linkInstead(node.url, node.alt ?? '', ctx.parent(node)?.type === 'link'));
      else if (url !== node.url) ctx.setProperty(node, 'url', url);
    },
    // `![A chart][chart]` and `[chart]: https://…`, as older Markdown and exports write them.
    async imageReference(node, ctx) {
      if (!pictures()) return;
      const definition = definitionsOf(node, ctx).get(node.identifier);
      if (!definition || !isRemoteUrl(definition.url)) return;
      const url = await urls.picture(definition.url, ctx.fileURL);
      const alt = node.alt ?? '';
      ctx.replaceNode(
        node,
        url === undefined ? linkInstead(definition.url, alt, ctx.parent(node)?.type === 'link') : { type: 'image', url, alt, title: definition.title ?? null },
      );
    },
    mdxJsxFlowElement: (node, ctx) => followJsx(node, urls, ctx),
    mdxJsxTextElement: (node, ctx) => followJsx(node, urls, ctx),
    async html(node, ctx) {
      const html = await followHtml(node.value, urls, ctx.fileURL);
      if (html !== undefined) ctx.setProperty(node, 'value', html);
    },
  });
}

type Definitions = Map<string, { url: string; title?: string | null | undefined }>;
const DEFINITIONS = 'frontrowDefinitions';

/**
 * The document's link definitions by identifier (the first wins, as CommonMark says), read from
 * its root when a picture by reference first asks, and kept with the document (documents render
 * side by side while pictures are fetched). Walking every document's tree up front cost each post
 * its whole tree copied out of Sätteri's parser; pictures by reference are rare.
 */
function definitionsOf(node: MdastNode, ctx: MdastVisitorContext): Definitions {
  const kept = ctx.data[DEFINITIONS] as Definitions | undefined;
  if (kept) return kept;
  let root: MdastNode = node;
  for (let parent = ctx.parent(root); parent; parent = ctx.parent(parent)) root = parent as MdastNode;
  const definitions: Definitions = new Map();
  eachNode(root, (each) => {
    if (each.type === 'definition' && !definitions.has(each.identifier)) definitions.set(each.identifier, each);
  });
  ctx.data[DEFINITIONS] = definitions;
  return definitions;
}
