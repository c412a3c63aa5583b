import { copyFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';
import { DATA_STORE_MODULE } from './content-modules.ts';

/** What Astro's build makes of its content store file: the whole file as one string literal. */
const BEFORE = 'export default JSON.parse(';
const AFTER = ')';
/** Astro's content store in a build (`<cacheDir>/data-store.json`), and the copy the pages read. */
const STORE_FILE = 'data-store.json';
const PAGES_COPY = 'frontrow-pages-store.json';

/**
 * Build only. Astro bundles the content store as `export default JSON.parse("…")`: every post's
 * rendered HTML in one string literal, 29 MB at 5,000 posts, 58 MB at 10,000, which Rolldown
 * then carries through bundling and V8 compiles before the first page. V8 compiles a string
 * literal in time that grows with the square of its length (25 MB 1.9 s, 50 MB 7.0 s, 99 MB
 * 27.9 s on the benchmark machine; Node's compile cache hides it only when the store is byte
 * for byte the last build's). So the module reads the same file when it runs instead: a copy
 * taken now, the moment Astro read it, so that nothing written later can change what the
 * pages see. `JSON.parse` of the same text gives the same value. Astro keeps the module out of
 * its incremental build's code hashes (it marks it as content data), as before.
 */
export function storeFromFile(cacheDir: string): Plugin {
  return {
    name: 'frontrow:store-from-file',
    apply: 'build',
    transform: {
      filter: { id: /^\0astro:data-layer-content$/ },
      handler(code, id) {
        if (id !== DATA_STORE_MODULE || !isWholeStoreLiteral(code)) return null;
        const copy = pagesCopy(cacheDir);
        copyFileSync(path.join(cacheDir, STORE_FILE), copy);
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

/** Astro's one-literal form (not its chunked store, nor the empty store). */
export function isWholeStoreLiteral(code: string): boolean {
  const body = code.trimEnd();
  return body.startsWith(`${BEFORE}"`) && body.endsWith(`"${AFTER}`);
}

/** The module that reads the store's copy when it runs. */
function storeReader(file: string): string {
  return `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));\n`;
}
