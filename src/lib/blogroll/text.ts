import { Parser } from 'htmlparser2';
import { cleanText, truncate } from './plain.ts';

// The helpers without an HTML parser live in plain.ts, so that readers of the cache that need
// only them (the originality check) do not load htmlparser2; re-exported for everyone else.
export { cleanText, safeHttpUrl, siteKey, truncate } from './plain.ts';

/**
 * Everything a peer's feed says is untrusted. These helpers turn it into plain text and plain
 * http(s) links, so pages can print it with ordinary escaping and never need `set:html`.
 */

// Elements whose content is never reading matter: code, styles, vector images, embedded
// documents. Their text is dropped, not just their tags, so `<svg><script>…` leaves nothing.
const DROPPED_ELEMENTS = new Set([
  'script',
  'style',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
  'head',
  'title',
  'textarea',
  'select',
  'canvas',
  'audio',
  'video',
  'picture',
  'frameset',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
]);

// Tags that separate words visually; without a space "<p>a</p><p>b</p>" would read "ab".
const BREAKING_ELEMENTS = new Set([
  'p',
  'br',
  'div',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'tr',
  'td',
  'th',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'hr',
  'dd',
  'dt',
]);

/**
 * The readable text of an HTML fragment: tags removed, entities decoded, scripts and the like
 * dropped with their content. Works on plain text too (it is HTML without tags). The result is
 * text to escape on output, never markup.
 */
export function htmlToText(html: string, maxChars = Infinity): string {
  let out = '';
  let dropDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (DROPPED_ELEMENTS.has(name)) dropDepth++;
        else if (BREAKING_ELEMENTS.has(name)) out += ' ';
      },
      onclosetag(name) {
        if (DROPPED_ELEMENTS.has(name)) dropDepth = Math.max(0, dropDepth - 1);
        else if (BREAKING_ELEMENTS.has(name)) out += ' ';
      },
      ontext(text) {
        // Stop collecting well past the cap: the rest would be cut anyway.
        if (dropDepth === 0 && out.length < maxChars * 4 + 1024) out += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  // A tag left open at the end is dropped, as browsers drop it; htmlparser2 gave "<<I" back as
  // "<I" (found by tests/unit/properties/feeds.test.ts).
  parser.write(html.replace(/<[!?/]?[a-z][^>]*$/i, ''));
  parser.end();
  const text = cleanText(out);
  return Number.isFinite(maxChars) ? truncate(text, maxChars) : text;
}
