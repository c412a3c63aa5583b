import { fileURLToPath } from 'node:url';
import { defineMdastPlugin, type MdastVisitorContext, type MdxJsxFlowElement, type MdxJsxTextElement } from 'satteri';
import { entryAddress, fileLinkOf } from '../content/entry-links.ts';
import { wikiLinks } from '../content/wiki-links.ts';
import { PICTURES_PATH, type PictureCache } from '../pictures/index.ts';
import { escapeXml } from '../feed/xml.ts';
import { isRemoteUrl, withBase } from '../urls.ts';
import { type HtmlTag, htmlTags, openingTag } from './html-tags.ts';
import { eachNode, type MdastNode } from './walk.ts';

/** Tags of the text's HTML that link or show a picture, found without parsing first. */
const LINKING_TAGS = new Set(['a', 'img']);
const LINKING_TAG = /<(?:a|img)\b/i;

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

/** A JSX element's attribute written as a string (`src="…"`), not an expression. */
function jsxAttribute(node: MdxJsxFlowElement | MdxJsxTextElement, name: string): string | undefined {
  const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  return typeof attribute?.value === 'string' ? attribute.value : undefined;
}

/**
 * Writers link to their own pages as they see them, and this Markdown plugin makes each link
 * one a reader can follow:
 * - a link to another post's file (`[see](./other.md)`, as editors complete it) becomes the
 *   address that file is published at (`/posts/other/`), and so does a wiki link to it
 *   (`[[Other post]]`, as Obsidian writes them);
 * - on a site under a base path (a GitHub Pages project site) a root-relative link or picture,
 *   `/posts/x/`, becomes `/repo/posts/x/`, once, in Markdown and in the text's HTML alike;
 * - in a build (`pictures()` answers a cache), a picture from another site (`![…](https://…)`,
 *   `![…][ref]`, an `<img>` tag) is shown from this site's copy, or, while there is none, becomes
 *   a link to it: the reader's browser asks no third party for anything until the reader follows
 *   it. The dev preview shows it as written.
 */
export function siteLinksPlugin(base: string, contentDir: string, pictures: () => PictureCache | undefined = () => undefined) {
  const withinSite = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? withBase(url, base) : url);
  const linkUrl = (url: string, fileURL: URL | undefined) => {
    const link = fileURL && fileLinkOf(url, fileURLToPath(fileURL));
    const address = link ? entryAddress(link.file, contentDir) : undefined;
    return withinSite(link && address ? address + link.rest : url);
  };
  const keptAt = (file: string) => withinSite(`${PICTURES_PATH}${file}`);
  const postOf = (ctx: { fileURL: URL | undefined }) => (ctx.fileURL ? fileURLToPath(ctx.fileURL) : 'a post');
  // No copy yet: its description, linked to it (as text inside a link, which cannot nest).
  const linkTo = (url: string, alt: string, inLink: boolean) => {
    const text = { type: 'text' as const, value: alt || url };
    return inLink ? text : { type: 'link' as const, url, children: [text] };
  };
  /** `<img>` and `<a>` in MDX, as in the text's HTML (`rewritten`): a picture from another site kept, a site link followed. */
  async function followJsx(node: MdxJsxFlowElement | MdxJsxTextElement, ctx: MdastVisitorContext) {
    const name = node.name === 'img' ? 'src' : node.name === 'a' ? 'href' : undefined;
    const url = name ? jsxAttribute(node, name) : undefined;
    if (!name || url === undefined) return;
    const cache = pictures();
    let changed: string;
    if (name === 'src' && cache && isRemoteUrl(url)) {
      const file = await cache.fileFor(url, postOf(ctx));
      if (!file) return ctx.replaceNode(node, linkTo(url, jsxAttribute(node, 'alt') ?? '', false));
      changed = keptAt(file);
    } else {
      changed = name === 'href' ? linkUrl(url, ctx.fileURL) : withinSite(url);
      if (changed === url) return;
    }
    const attributes = node.attributes.map((a) => (a.type === 'mdxJsxAttribute' && a.name === name ? { ...a, value: changed } : a));
    // Sätteri sets no `attributes` of a JSX element: the element is replaced by its copy.
    ctx.replaceNode(node, { ...node, attributes } as MdxJsxFlowElement);
  }
  /** An `<a>` or `<img>` tag of the text's HTML as the site shows it (a link to a post's file as
   *  its address, as in Markdown), or undefined when it stays as written. */
  async function rewritten(tag: HtmlTag, fileURL: URL | undefined): Promise<string | undefined> {
    const attribute = tag.name === 'a' ? 'href' : 'src';
    const url = tag.attributes[attribute];
    if (url === undefined) return undefined;
    const cache = pictures();
    if (tag.name === 'img' && cache && isRemoteUrl(url)) {
      const file = await cache.fileFor(url, postOf({ fileURL }));
      if (file) return openingTag('img', tag.attributes, { src: keptAt(file) });
      return `<a href="${escapeXml(url)}">${escapeXml(tag.attributes['alt'] || url)}</a>`;
    }
    const within = tag.name === 'a' ? linkUrl(url, fileURL) : withinSite(url);
    return within === url ? undefined : openingTag(tag.name, tag.attributes, { [attribute]: within });
  }
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
      if (!cache || !isRemoteUrl(node.url)) {
        const url = withinSite(node.url);
        if (url !== node.url) ctx.setProperty(node, 'url', url);
        return;
      }
      const file = await cache.fileFor(node.url, postOf(ctx));
      if (file) ctx.setProperty(node, 'url', keptAt(file));
      else ctx.replaceNode(node, linkTo(node.url, node.alt ?? '', ctx.parent(node)?.type === 'link'));
    },
    // `![A chart][chart]` and `[chart]: https://…`, as older Markdown and exports write them.
    async imageReference(node, ctx) {
      const cache = pictures();
      const definition = cache ? definitionsOf(node, ctx).get(node.identifier) : undefined;
      if (!cache || !definition || !isRemoteUrl(definition.url)) return;
      const file = await cache.fileFor(definition.url, postOf(ctx));
      const alt = node.alt ?? '';
      ctx.replaceNode(
        node,
        file ? { type: 'image', url: keptAt(file), alt, title: definition.title ?? null } : linkTo(definition.url, alt, ctx.parent(node)?.type === 'link'),
      );
    },
    // `<img src="https://…" />`, `<a href="/tags/">` in MDX.
    mdxJsxFlowElement: (node, ctx) => followJsx(node, ctx),
    mdxJsxTextElement: (node, ctx) => followJsx(node, ctx),
    // The text's HTML: a picture from another site as the kept copy (a link while there is none)
    // and, under a base path, a link or picture from the site's root with the base.
    async html(node, ctx) {
      if (!LINKING_TAG.test(node.value)) return;
      const tags = htmlTags(node.value, LINKING_TAGS);
      const written = await Promise.all(tags.map((tag) => rewritten(tag, ctx.fileURL)));
      if (written.every((tag) => tag === undefined)) return;
      let html = '';
      let at = 0;
      tags.forEach(({ start, end }, i) => {
        if (written[i] === undefined) return;
        html += node.value.slice(at, start) + written[i];
        at = end;
      });
      ctx.setProperty(node, 'value', html + node.value.slice(at));
    },
  });
}
