import type { AstroIntegration } from 'astro';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGEFIND_DIR } from '../lib/search.ts';
import { normalizeBase } from '../lib/urls.ts';
import { virtualModule } from './virtual-module.ts';

const VIRTUAL_SEARCH = 'virtual:frontrow/search';

/** The built post pages (src/pages/posts/, see postPath): the only pages with a searchable body. */
const POST_PAGES_GLOB = 'posts/**/*.html';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

/** Shown in the terminal and answered to the browser when dev has no index to serve. */
export const NO_INDEX_HINT = 'No search index yet: run `npm run build` once; `npm run dev` then searches the last build\u2019s index.';

/**
 * Site search with Pagefind, indexed by `astro build` itself (not a second command a writer
 * could forget, and it runs wherever `build` runs: CI, GitHub's Astro action).
 *
 * What gets indexed is decided by the pages: only published post pages carry
 * `data-pagefind-body`, so the home page, tag lists and (in a build) drafts never reach the index.
 *
 * `astro dev` has no HTML on disk to index, so it serves the last build's `<outDir>/pagefind/`
 * and says how to get one when there is none.
 */
export default function pagefind(): AstroIntegration {
  let outDir = '';
  let base = '/';
  return {
    name: 'frontrow:pagefind',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        // Only dev reads the index from a previous build; a build writes its own after the pages.
        const devIndexDir = command === 'dev' ? path.join(fileURLToPath(config.outDir), PAGEFIND_DIR) : null;
        updateConfig({ vite: { plugins: [virtualModule(VIRTUAL_SEARCH, { devIndexDir })] } });
      },
      'astro:config:done': ({ config, injectTypes }) => {
        outDir = fileURLToPath(config.outDir);
        base = normalizeBase(config.base);
        injectTypes({
          filename: 'search.d.ts',
          content: [
            `declare module '${VIRTUAL_SEARCH}' {`,
            "  /** Under `astro dev`: the folder of the last build's index, served to the search page. */",
            '  export const devIndexDir: string | null;',
            '}',
          ].join('\n'),
        });
      },
      'astro:server:setup': ({ server, logger }) => {
        const indexDir = path.join(outDir, PAGEFIND_DIR);
        if (!existsSync(path.join(indexDir, 'pagefind-entry.json'))) logger.warn(NO_INDEX_HINT);
        const prefixes = [...new Set([`${base}${PAGEFIND_DIR}/`, `/${PAGEFIND_DIR}/`])];
        server.middlewares.use((req, res, next) => {
          const pathname = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
          const prefix = prefixes.find((p) => pathname.startsWith(p));
          if (!prefix) return next();
          const file = path.resolve(indexDir, pathname.slice(prefix.length));
          // Never serve anything outside the index folder (`..` in the URL).
          if (!file.startsWith(indexDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
            res.statusCode = 404;
            res.setHeader('Content-Type', 'text/plain; charset=utf-8');
            res.end(existsSync(indexDir) ? 'Not in the search index.' : NO_INDEX_HINT);
            return;
          }
          res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
          res.setHeader('Cache-Control', 'no-cache');
          createReadStream(file).pipe(res);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = performance.now();
        // Imported here so dev and preview never start the Pagefind binary.
        const { createIndex, close } = await import('pagefind');
        try {
          const { index, errors } = await createIndex({});
          if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
          // Only post pages carry `data-pagefind-body`, so Pagefind would drop every other page
          // anyway; not reading them (tag lists, pagination) saves a third of its time.
          const added = await index.addDirectory({ path: site, glob: POST_PAGES_GLOB });
          if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
          const written = await index.writeFiles({ outputPath: path.join(site, PAGEFIND_DIR) });
          if (written.errors.length) throw new Error(`Pagefind could not write: ${written.errors.join('; ')}`);
          logger.info(`Search index: ${added.page_count} pages read in ${Math.round(performance.now() - started)} ms`);
        } finally {
          await close();
        }
      },
    },
  };
}
