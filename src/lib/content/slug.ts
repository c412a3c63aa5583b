import { slug as githubSlug } from 'github-slugger';

/**
 * Slugs for file names, tags and headings: lower-case ASCII kebab-case. Accents are folded
 * ("Café" → "cafe") so URLs stay readable; other scripts are kept as they are.
 */
export function slugify(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** "Café" → "Cafe": letters with their combining accents taken off. */
export function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** A tag as written ("Community Building", "community_building") in its canonical form. */
export function normalizeTag(tag: string): string {
  return slugify(tag.replace(/_/g, ' '));
}

/**
 * The id Astro's glob loader gives a post or page file (its address): the frontmatter's `slug`,
 * or the path without extension, each segment slugged by github-slugger as Astro slugs it,
 * without a trailing `/index`.
 */
export function entryId(relativeFile: string, slug?: unknown): string {
  if (slug) return String(slug);
  return relativeFile
    .replace(/\.(md|mdx)$/i, '')
    .split(/[\\/]/)
    .map((segment) => githubSlug(segment))
    .join('/')
    .replace(/\/index$/, '');
}
