/**
 * Feed readers show a post away from the site, so every relative `href`, `src` and `srcset`
 * in its HTML must become absolute. Attribute-level rewrite: the HTML is the engine's own
 * rendered output, not arbitrary input.
 */
export function absolutizeHtml(html: string, pageUrl: string): string {
  const resolve = (value: string): string => {
    const v = value.trim();
    if (!v || v.startsWith('#') || /^(data|mailto|tel):/i.test(v)) {
      // Fragments point into the post itself: anchor them to its page URL.
      return v.startsWith('#') ? new URL(v, pageUrl).href : v;
    }
    try {
      return new URL(v, pageUrl).href;
    } catch {
      return v;
    }
  };
  return html
    .replace(/\s(href|src)=(["'])(.*?)\2/gi, (_m, attr: string, q: string, value: string) => ` ${attr}=${q}${resolve(value)}${q}`)
    .replace(/\ssrcset=(["'])(.*?)\1/gi, (_m, q: string, value: string) => {
      const candidates = value.split(',').map((part) => {
        const [url = '', ...descriptor] = part.trim().split(/\s+/);
        return [resolve(url), ...descriptor].join(' ');
      });
      return ` srcset=${q}${candidates.join(', ')}${q}`;
    });
}
