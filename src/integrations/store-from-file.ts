import { copyFileSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';
import { DATA_STORE_MODULE } from './content-modules.ts';

/** Astro's content store in a build (`<cacheDir>/data-store.json`), and the copy the pages read. */
const STORE_FILE = 'data-store.json';
const PAGES_COPY = 'frontrow-pages-store.json';

/**
 * Build only, when Astro keeps its content store in one file (its default). Astro bundles the
 * store as `export default JSON.parse("…")`: every post's rendered HTML in one string literal,
 * 29 MB at 5,000 posts, 58 MB at 10,000, which it first reads, parses to check it and escapes,
 * then Rolldown carries through bundling and V8 compiles before the first page. V8 compiles a
 * string literal in time that grows with the square of its length (25 MB 1.9 s, 50 MB 7.0 s,
 * 99 MB 27.9 s on the benchmark machine; Node's compile cache hides it only when the store is
 * byte for byte the last build's). So this module is loaded before Astro's own and reads the
 * same file when it runs instead: a copy taken now, so that nothing written later can change
 * what the pages see. `JSON.parse` of the same text gives the same value. Its code is the same
 * at every build, so Astro's incremental build never sees it change: pages follow the content
 * through their `cacheKey`s, as they did while Astro kept the store out of its code hashes.
 */
export function storeFromFile(cacheDir: string, singleFile: boolean): Plugin {
  return {
    name: 'frontrow:store-from-file',
    apply: 'build',
    load: {
      // Before Astro's plugin, which would answer first.
      order: 'pre',
      filter: { id: new RegExp(`^${DATA_STORE_MODULE}$`) },
      handler(id) {
        const store = path.join(cacheDir, STORE_FILE);
        // Astro's chunked store (experimental.collectionStorage) and its empty store stay Astro's.
        if (id !== DATA_STORE_MODULE || !singleFile || !existsSync(store)) return null;
        const copy = pagesCopy(cacheDir);
        copyFileSync(store, copy);
        return { code: storeReader(copy), map: { mappings: '' } };
      },
    },
  };
}

function pagesCopy(cacheDir: string): string {
  return path.join(cacheDir, PAGES_COPY);
}

/** After the pages: the copy is deleted (30-60 MB the deploy workflow's cache need not keep). */
export function removeStoreCopy(cacheDir: string): Promise<void> {
  return rm(pagesCopy(cacheDir), { force: true });
}

/** The module that reads the store's copy when it runs. */
function storeReader(file: string): string {
  return `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));\n`;
}
