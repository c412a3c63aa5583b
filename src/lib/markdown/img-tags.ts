import { Parser } from 'htmlparser2';
import { escapeXml } from '../feed/xml.ts';

/** An `<img>` tag in a piece of HTML: where it is, and its attributes (entities decoded). */
export interface ImgTag {
  start: number;
  end: number;
  attributes: Record<string, string>;
}

/** Cheap test before parsing: some `<img` in the text. */
export const HAS_IMG = /<img\b/i;

/** The `<img>` tags of a piece of raw HTML in a post, read by htmlparser2 as a browser would. */
export function imgTags(html: string): ImgTag[] {
  const tags: ImgTag[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'img') tags.push({ start: parser.startIndex, end: parser.endIndex + 1, attributes });
    },
  });
  parser.end(html);
  return tags;
}

/** The tag written again from its attributes, each quoted and escaped, with `changes` applied. */
export function imgTag(attributes: Record<string, string>, changes: Record<string, string> = {}): string {
  const all = { ...attributes, ...changes };
  return `<img${Object.entries(all)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('')}>`;
}
