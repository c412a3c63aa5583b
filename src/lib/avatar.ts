import { escapeXml } from './feed/xml.ts';

/**
 * The author's picture when `author.avatar` is not set: their initials on a coloured disc, made
 * from `author.name`, so a new writer never shows the sample author's face or initials.
 */

/** "Mara Lindqvist" → "ML"; "Ada" → "A"; "José de la Cruz" → "JC"; other scripts kept. */
export function initialsOf(name: string): string {
  // The first letter or digit of each word ("de" and "la" count: only the first and last are used).
  const letters = name
    .split(/\s+/)
    .map((w) => /[\p{L}\p{N}]/u.exec(w)?.[0])
    .filter((c): c is string => Boolean(c));
  if (letters.length === 0) return '?';
  return (letters[0]! + (letters.length > 1 ? letters[letters.length - 1]! : '')).toLocaleUpperCase();
}

/** A 96×96 SVG disc; the hue comes from the name, so each writer gets their own colour. */
export function initialsAvatarSvg(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) % 360;
  const initials = initialsOf(name);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96" role="img" aria-label="${escapeXml(name)}">` +
    `<rect width="96" height="96" rx="48" fill="hsl(${hash} 35% 32%)"/>` +
    `<text x="48" y="61" font-family="Georgia, serif" font-size="${initials.length > 1 ? 38 : 44}" fill="#f7f3ec" text-anchor="middle">${escapeXml(initials)}</text></svg>\n`
  );
}
