/**
 * Reading time of a Markdown/MDX body. Counts prose words only: frontmatter, code, MDX
 * import/export lines, tags and link targets are not read aloud by anyone.
 */
const WORDS_PER_MINUTE = 230;

export function proseWordCount(markdown: string): number {
  const prose = markdown
    .replace(/^---\n[\s\S]*?\n---\n?/, '')
    .replace(/^(```|~~~)[\s\S]*?^\1/gm, ' ')
    .replace(/^(import|export)\s.*$/gm, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ');
  return prose.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

export function readingMinutes(markdown: string): number {
  return Math.max(1, Math.round(proseWordCount(markdown) / WORDS_PER_MINUTE));
}
