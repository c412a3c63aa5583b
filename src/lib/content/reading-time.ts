import { proseWordCount } from '../markdown/prose.ts';

/**
 * Reading time of a Markdown/MDX body. Counts prose words only (src/lib/markdown/prose.ts,
 * the same reading of a post as the originality check): frontmatter, code, MDX import/export
 * lines, tags and link targets are not read aloud by anyone.
 */
const WORDS_PER_MINUTE = 230;

export { proseWordCount };

/**
 * The key under which the content loader keeps a post's prose word count in its entry's data
 * (src/integrations/prose-words.ts), counted once when the post is read, not on every page.
 */
export const PROSE_WORDS = 'frontrowProseWords';

export function readingMinutes(markdown: string): number {
  return minutesForWords(proseWordCount(markdown));
}

/** Reading time of a body whose prose words are already counted. */
export const minutesForWords = (words: number): number => Math.max(1, Math.round(words / WORDS_PER_MINUTE));
