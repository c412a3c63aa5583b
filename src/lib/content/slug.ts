/**
 * Slugs for file names, tags and headings: lower-case ASCII kebab-case. Accents are folded
 * ("Café" → "cafe") so URLs stay readable; other scripts are kept as they are.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** A tag as written ("Community Building", "community_building") in its canonical form. */
export function normalizeTag(tag: string): string {
  return slugify(tag.replace(/_/g, ' '));
}
