import type { MdastVisitorContext, MdxJsxFlowElement, MdxJsxTextElement } from 'satteri';
import { escapeXml } from '../feed/xml.ts';
import { type HtmlTag, htmlTags, openingTag } from './html-tags.ts';
import { linkInstead, type SiteUrls } from './site-urls.ts';

/**
 * `<a href>` and `<img src>` in a post's raw HTML and in MDX's JSX, followed as Markdown's links
 * and pictures are (site-urls.ts): on a site under a base path a root-relative one pointed
 * outside the site, and a picture from another site was blocked by the site's policy.
 */

const LINKING_TAGS = new Set(['a', 'img']);
/** Such a tag, found without parsing first. */
const LINKING_TAG = /<(?:a|img)\b/i;

/** A piece of raw HTML as the site shows it, or undefined when it stays byte for byte as written. */
export async function followHtml(html: string, urls: SiteUrls, fileURL: URL | undefined): Promise<string | undefined> {
  if (!LINKING_TAG.test(html)) return undefined;
  const tags = htmlTags(html, LINKING_TAGS);
  const written = await Promise.all(tags.map((tag) => followTag(tag, urls, fileURL)));
  if (written.every((tag) => tag === undefined)) return undefined;
  let followed = '';
  let at = 0;
  tags.forEach(({ start, end }, i) => {
    if (written[i] === undefined) return;
    followed += html.slice(at, start) + written[i];
    at = end;
  });
  return followed + html.slice(at);
}

async function followTag(tag: HtmlTag, urls: SiteUrls, fileURL: URL | undefined): Promise<string | undefined> {
  const attribute = tag.name === 'a' ? 'href' : 'src';
  const url = tag.attributes[attribute];
  if (url === undefined) return undefined;
  const followed = await followUrl(attribute, url, urls, fileURL);
  if (followed === undefined) return `<a href="${escapeXml(url)}">${escapeXml(tag.attributes['alt'] || url)}</a>`;
  return followed === url ? undefined : openingTag(tag.name, tag.attributes, { [attribute]: followed });
}

/** The same for a JSX element of MDX (`<img src="…" />`, `<a href="…">`), in place. */
export async function followJsx(node: MdxJsxFlowElement | MdxJsxTextElement, urls: SiteUrls, ctx: MdastVisitorContext): Promise<void> {
  const attribute = node.name === 'img' ? 'src' : node.name === 'a' ? 'href' : undefined;
  const url = attribute ? jsxAttribute(node, attribute) : undefined;
  if (!attribute || url === undefined) return;
  const followed = await followUrl(attribute, url, urls, ctx.fileURL);
  if (followed === undefined) return ctx.replaceNode(node, linkInstead(url, jsxAttribute(node, 'alt') ?? '', false));
  if (followed === url) return;
  const attributes = node.attributes.map((a) => (a.type === 'mdxJsxAttribute' && a.name === attribute ? { ...a, value: followed } : a));
  // Sätteri sets no `attributes` of a JSX element: the element is replaced by its copy.
  ctx.replaceNode(node, { ...node, attributes } as MdxJsxFlowElement);
}

/** Where an `href` or a `src` leads; undefined for a picture with no copy yet (a link to it instead). */
const followUrl = (attribute: 'href' | 'src', url: string, urls: SiteUrls, fileURL: URL | undefined) =>
  attribute === 'href' ? Promise.resolve(urls.link(url, fileURL)) : urls.picture(url, fileURL);

/** A JSX element's attribute written as a string (`src="…"`), not an expression. */
function jsxAttribute(node: MdxJsxFlowElement | MdxJsxTextElement, name: string): string | undefined {
  const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  return typeof attribute?.value === 'string' ? attribute.value : undefined;
}
