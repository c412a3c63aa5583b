import path from 'node:path';
import { postPath } from '../urls.ts';

type EntryKind = 'posts' | 'pages' | 'blogroll';

/**
 * What Astro's glob loaders read as entries (src/content.config.ts), and so what the site
 * publishes: `.md` and `.mdx` files (peers: `.md`), in lower case as the glob matches them, and
 * nothing in a file or folder whose name starts with `_` (notes to self, a `_drafts/` folder) or
 * `.` (an editor's own folder).
 */
export const ENTRY_PATTERNS: Record<EntryKind, string[]> = {
  posts: ['**/[^_]*.{md,mdx}', '!**/_*/**'],
  pages: ['**/[^_]*.{md,mdx}', '!**/_*/**'],
  blogroll: ['**/[^_]*.md', '!**/_*/**'],
};

/** Whether the loaders read `relative` (a path inside the kind's folder) as an entry: the patterns above, as a test. */
export function isEntryFile(relative: string, kind: EntryKind): boolean {
  const parts = relative.split(/[\\/]/);
  if (parts.some((part) => part.startsWith('_') || part.startsWith('.'))) return false;
  return relative.endsWith('.md') || (kind !== 'blogroll' && relative.endsWith('.mdx'));
}

const MARKDOWN_NAME = /\.(md|mdx|markdown|mdown|mkdn|mkd|mdwn|mdtext|mdtxt)$/i;

/**
 * A Markdown file the loaders pass over without a word (`Post.MD`, a Jekyll `.markdown`), said
 * as a warning with the name to give it; undefined for an entry or for a file kept out on purpose.
 */
export function unreadMarkdownFile(relative: string, kind: EntryKind): string | undefined {
  if (isEntryFile(relative, kind) || !MARKDOWN_NAME.test(relative)) return undefined;
  if (relative.split(/[\\/]/).some((part) => part.startsWith('_') || part.startsWith('.'))) return undefined;
  const extension = kind !== 'blogroll' && /\.mdx$/i.test(relative) ? '.mdx' : '.md';
  const rename = path.basename(relative).replace(MARKDOWN_NAME, extension);
  const read = kind === 'blogroll' ? '.md files' : '.md and .mdx files';
  return `is not published: Frontrow reads only ${read}, with the ending in lower case. Rename it to ${rename}`;
}

/** The address a post or page is published at, from its entry id (`entryId`). */
export const addressOf = (id: string, kind: 'posts' | 'pages') => (kind === 'posts' ? postPath(id) : `/${id}/`);
