import { Parser } from 'htmlparser2';
import { escapeXml } from '../feed/xml.ts';

/** An opening tag in a piece of HTML: its name, where it is, and its attributes (entities decoded). */
export interface HtmlTag {
  name: string;
  start: number;
  end: number;
  attributes: Record<string, string>;
}

/** The opening tags named `names` in a piece of raw HTML in a post, read by htmlparser2 as a browser would. */
export function htmlTags(html: string, names: ReadonlySet<string>): HtmlTag[] {
  const tags: HtmlTag[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (names.has(name)) tags.push({ name, start: parser.startIndex, end: parser.endIndex + 1, attributes });
    },
  });
  parser.end(html);
  return tags;
}

/** The tag written again from its attributes, each quoted and escaped, with `changes` applied. */
export function openingTag(name: string, attributes: Record<string, string>, changes: Record<string, string> = {}): string {
  const all = { ...attributes, ...changes };
  return `<${name}${Object.entries(all)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('')}>`;
}
