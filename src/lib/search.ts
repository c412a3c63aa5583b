import { normalizeBase, withBase } from './urls.ts';

/**
 * Where a built site's Pagefind bundle lives, and the base URL its results need, for a site
 * under `base`. Pagefind computes result URLs from file paths without the base, so both go to
 * `<pagefind-config bundle-path base-url>`: on the search page and in the header's search box.
 */
export function pagefindPaths(base: string): { bundlePath: string; baseUrl: string } {
  // `pagefind/` is where the integration writes the bundle (PAGEFIND_DIR in src/integrations/pagefind.ts).
  return { bundlePath: withBase('/pagefind/', base), baseUrl: normalizeBase(base) };
}
