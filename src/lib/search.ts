import { fnv1a } from './fnv.ts';
import { normalizeBase, withBase } from './urls.ts';

/** Where the Pagefind bundle lives inside a built site (src/integrations/pagefind.ts writes it there). */
export const PAGEFIND_DIR = 'pagefind';

/**
 * Where a built site's Pagefind bundle lives, and the base URL its results need, for a site
 * under `base`. Pagefind computes result URLs from file paths without the base, so both go to
 * `<pagefind-config bundle-path base-url>`: on the search page and in the header's search box.
 */
export function pagefindPaths(base: string): { bundlePath: string; baseUrl: string } {
  return { bundlePath: withBase(`/${PAGEFIND_DIR}/`, base), baseUrl: normalizeBase(base) };
}

/*
 * A large archive's search index can be split into parts (the `searchPartSize` setting), each
 * indexed on its own, so that a rebuild after an edit reads again only the part holding the
 * edited post (Pagefind has no incremental mode). The reader's browser merges them (Pagefind's
 * `mergeIndex`).
 */

/** The folder of part `n` inside the bundle (part 0 is the bundle itself: the primary index). */
export function searchPartDir(n: number): string {
  return n === 0 ? '' : `part-${n}/`;
}

/**
 * The script pages load for search, written into the bundle by the build: Pagefind's Component
 * UI, with the index's other parts merged into the first before anything can search.
 */
export const SEARCH_UI_SCRIPT = 'frontrow-search-ui.js';

/**
 * How many parts `pages` post pages make: one without a part size or up to it, then a power of
 * two, so parts move only when the archive doubles (a move means indexing every part again once).
 */
export function searchPartCount(pages: number, partSize?: number): number {
  let parts = 1;
  if (!partSize) return parts;
  while (pages > parts * partSize) parts *= 2;
  return parts;
}

/**
 * The part a post page's index entry lives in: by a hash of its path, so it never moves while
 * the count stands, and the parts stay even whatever the slugs.
 */
export function searchPartOf(pagePath: string, parts: number): number {
  return fnv1a(pagePath) % parts;
}

/**
 * The text of SEARCH_UI_SCRIPT for an index whose other parts are `parts` (folders in the bundle)
 * on a site whose results live under `baseUrl`. The merge is set as the module runs, right after
 * the Component UI's own: no search can start in between.
 */
export function searchUiScript(parts: readonly string[], baseUrl: string): string {
  const lines = [
    "// Written by Frontrow's build: Pagefind's Component UI, with the search index's other parts merged into the first.",
    "import './pagefind-component-ui.js';",
    '/** The other parts, folders beside this file: for a script of your own that merges them (docs/reading.md). */',
    `export const parts = ${JSON.stringify(parts)};`,
  ];
  if (parts.length > 0) {
    lines.push(
      `window.PagefindComponents.configureInstance('default', { mergeIndex: parts.map((part) => ({ bundlePath: new URL(part, import.meta.url).pathname, baseUrl: ${JSON.stringify(baseUrl)} })) });`,
    );
  }
  return `${lines.join('\n')}\n`;
}
