import { isoDay } from '../dates.ts';
import { normalizeTag, slugify } from './slug.ts';

export interface NewPostOptions {
  title: string;
  tags?: readonly string[];
  format?: 'md' | 'mdx';
  date?: Date;
}

/** The template's first line of prose: a published post still holding it gets a build warning. */
export const PLACEHOLDER_TEXT = 'Start writing here.';

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
    PLACEHOLDER_TEXT,
    '',
  ].join('\n');
  return { fileName: `${slug}.${format}`, text };
}
