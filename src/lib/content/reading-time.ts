import { proseWordCount } from '../markdown/prose.ts';

/**
 * Reading time of a Markdown/MDX body. Counts prose words only (src/lib/markdown/prose.ts,
 * the same reading of a post as the originality check): frontmatter, code, MDX import/export
 * lines, tags and link targets are not read aloud by anyone.
 */
const WORDS_PER_MINUTE = 230;

export { proseWordCount };

export function readingMinutes(markdown: string): number {
  return Math.max(1, Math.round(proseWordCount(markdown) / WORDS_PER_MINUTE));
}
