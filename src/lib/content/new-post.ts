import { isoDay } from '../dates.ts';
import { responseTitle, type ResponseField } from './responses.ts';
import { uniqueTagLabels } from './schema.ts';
import { slugify } from './slug.ts';

export interface NewPostOptions {
  title: string;
  tags?: readonly string[];
  format?: 'md' | 'mdx';
  date?: Date;
}

/** The template's first line of prose: a published post still holding it gets a build warning. */
export const PLACEHOLDER_TEXT = 'Start writing here.';

/** File names stay well under the 255-byte limit of file systems, whatever the script. */
const MAX_SLUG_BYTES = 80;

/**
 * A slug no longer than `maxBytes` of UTF-8, cut between whole characters (never inside a
 * surrogate pair) and, when one is near, at a word boundary.
 */
export function cutSlug(slug: string, maxBytes = MAX_SLUG_BYTES): string {
  if (Buffer.byteLength(slug) <= maxBytes) return slug;
  let out = '';
  for (const char of slug) {
    if (Buffer.byteLength(out + char) > maxBytes) break;
    out += char;
  }
  const lastDash = out.lastIndexOf('-');
  return (lastDash > out.length / 2 ? out.slice(0, lastDash) : out).replace(/-+$/, '');
}

/** A tag in a YAML flow list: bare when plain, quoted otherwise ("Writing Life", "C++ & Rust"). */
const yamlTag = (tag: string) => (/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(tag) ? tag : JSON.stringify(tag));

/** File name and starting text of a new draft. Pure, so the CLI only decides where to write. */
export function newPostFile({ title, tags = [], format = 'mdx', date = new Date() }: NewPostOptions): {
  slug: string;
  fileName: string;
  text: string;
} {
  const cleanTitle = title.trim().replace(/\s+/g, ' ');
  const slug = cutSlug(slugify(cleanTitle));
  if (!slug) throw new Error('the title needs at least one letter or digit');
  const text = [
    '---',
    `title: ${JSON.stringify(cleanTitle)}`,
    'description: "One sentence that tells a reader why this post is worth their time."',
    `pubDate: ${isoDay(date)}`,
    `tags: [${uniqueTagLabels(tags).map(yamlTag).join(', ')}]`,
    'draft: true',
    '---',
    ...(format === 'mdx'
      ? [
          // MDX posts can use components; the import shows how (an unused import costs nothing).
          "import Callout from '@/components/Callout.astro';",
          '',
          PLACEHOLDER_TEXT,
          '',
          '<Callout type="tip" title="A callout">An aside set apart from the text; delete it if you do not need it.</Callout>',
        ]
      : ['', PLACEHOLDER_TEXT]),
    '',
  ].join('\n');
  return { slug, fileName: `${slug}.${format}`, text };
}

/**
 * A note answering a page (a reply, like or bookmark): no title, so the file name, and with it
 * the post's address, is made from the date and what it answers:
 * `2026-11-30-reply-to-alice-example-on-notes.md`.
 */
export function newResponseFile({ field, url, date = new Date() }: { field: ResponseField; url: string; date?: Date }): {
  slug: string;
  fileName: string;
  text: string;
} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a full http(s) URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`"${url}" is not a full http(s) URL`);
  const slug = `${isoDay(date)}-${cutSlug(slugify(responseTitle({ [field]: parsed.href })), 60).replace(/-+$/, '')}`;
  const text = ['---', `${field}: ${JSON.stringify(parsed.href)}`, `pubDate: ${isoDay(date)}`, 'draft: true', '---', '', 'Write your answer here.', ''].join(
    '\n',
  );
  return { slug, fileName: `${slug}.md`, text };
}
