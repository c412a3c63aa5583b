/**
 * Plain-text and URL helpers for untrusted text, without an HTML parser (text.ts adds
 * `htmlToText`). Kept apart so a quick reader of the feed cache loads nothing heavy.
 */

// C0/C1 controls (tab and newline become spaces later), and every Unicode format character
// (\p{Cf}): bidi overrides and isolates that can reorder the text around them ("Trojan
// Source"), zero-width spaces, word joiners, soft hyphens, invisible tag characters, the
// byte-order mark. Zero-width (non-)joiners stay: Persian, Indic scripts and emoji need them.
const UNSAFE_CHARACTERS = /(?![\u200C\u200D])[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}\u2028\u2029]/gu;
// Something a reader can see: a letter, digit, punctuation or symbol (emoji included).
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
// Letters that render as blanks: Hangul fillers and the blank Braille pattern.
const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;

/**
 * Remove control and format characters and collapse runs of white space. Text with nothing
 * visible left (zero-width characters, fillers, marks alone) becomes '', so an invisible title
 * is treated as no title rather than printed as an invisible link.
 */
export function cleanText(text: string): string {
  const cleaned = text.replace(UNSAFE_CHARACTERS, '').replace(/\s+/g, ' ').trim();
  return VISIBLE.test(cleaned.replace(BLANK_LETTERS, '')) ? cleaned : '';
}

/** Shorten to at most `max` characters (code points), on a word boundary when one is near. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text; // never more code points than UTF-16 units
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  const base = lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${base.replace(/[\s.,;:!?-]+$/, '')}…`;
}

const MAX_URL_LENGTH = 2048;

/**
 * An absolute http(s) URL, or undefined. Resolves relative links against `base`; drops
 * `javascript:`, `data:`, `vbscript:`, `file:` and every other scheme, however it is
 * obfuscated (the WHATWG parser used here is the one browsers use), and URLs with credentials.
 */
export function safeHttpUrl(raw: unknown, base?: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href;
}

/**
 * A key that is equal for two URLs of the same site: scheme, `www.`, letter case of the host,
 * query, fragment and a trailing slash do not matter.
 */
export function siteKey(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const port = u.port ? `:${u.port}` : '';
    const pathname = u.pathname.replace(/\/(index\.html?)?$/, '');
    return `${host}${port}${pathname}`;
  } catch {
    return url.trim().toLowerCase();
  }
}
