import { isoDay } from '../dates.ts';
import { responseTitle, type ResponseField } from './responses.ts';
import { normalizeTag, slugify } from './slug.ts';

export interface NewPostOptions {
  title: string;
  tags?: readonly string[];
  format?: 'md' | 'mdx';
  date?: Date;
}

/** File name and starting text of a new draft. Pure, so the CLI only decides where to write. */
export function newPostFile({ title, tags = [], format = 'mdx', date = new Date() }: NewPostOptions): {
  fileName: string;
  text: string;
} {
  const cleanTitle = title.trim().replace(/\s+/g, ' ');
  const slug = slugify(cleanTitle);
  if (!slug) throw new Error('the title needs at least one letter or digit');
  const tagList = [...new Set(tags.map(normalizeTag).filter(Boolean))];
  const text = [
    '---',
    `title: ${JSON.stringify(cleanTitle)}`,
    'description: "One sentence that tells a reader why this post is worth their time."',
    `pubDate: ${isoDay(date)}`,
    `tags: [${tagList.join(', ')}]`,
    'draft: true',
    '---',
    '',
    'Start writing here.',
    '',
  ].join('\n');
  return { fileName: `${slug}.${format}`, text };
}

/**
 * A note answering a page (a reply, like or bookmark): no title, so the file name, and with it
 * the post's address, is made from the date and what it answers:
 * `2026-11-30-reply-to-alice-example-on-notes.md`.
 */
export function newResponseFile({ field, url, date = new Date() }: { field: ResponseField; url: string; date?: Date }): {
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
  const slug = slugify(responseTitle({ [field]: parsed.href })).slice(0, 60).replace(/-+$/, '');
  const text = ['---', `${field}: ${JSON.stringify(parsed.href)}`, `pubDate: ${isoDay(date)}`, 'draft: true', '---', '', 'Write your answer here.', ''].join('\n');
  return { fileName: `${isoDay(date)}-${slug}.md`, text };
}
