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
