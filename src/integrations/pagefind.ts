import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { PAGEFIND_DIR } from '../lib/search.ts';
import { normalizeBase } from '../lib/urls.ts';
import { filesToSeed, pruneUnnamed, putBackIndex, seedIndex } from './pagefind-reuse.ts';
import { virtualModule } from './virtual-module.ts';
import { writeWhole } from '../lib/write-whole.ts';

const VIRTUAL_SEARCH = 'virtual:frontrow/search';

/** The built post pages (src/pages/posts/, see postPath): the only pages with a searchable body. */
const POST_PAGES_GLOB = 'posts/**/*.html';
/** Pagefind's settings (its defaults); part of the reused index's key. */
const INDEX_OPTIONS = {};

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

/** The last build's index, in Astro's cache folder: one file with the key of what it indexed and every file of it. */
const KEPT_FILE = 'frontrow-pagefind.bin';
interface KeptIndex {
  key: string;
  files: [string, Uint8Array][];
}

/** Files under `dir`, relative to it, sorted. */
async function filesUnder(dir: string, keep: (file: string) => boolean = () => true): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter(keep)
    .sort();
}

/** The installed Pagefind's version (its package exports no `package.json`, so it is looked up). */
function pagefindVersion(): string {
  for (const dir of createRequire(import.meta.url).resolve.paths('pagefind') ?? []) {
    const file = path.join(dir, 'pagefind', 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  throw new Error('Pagefind is not installed');
}

/**
 * What Pagefind's output depends on: its version, its settings (here, and any `PAGEFIND_*`
 * variable) and every post page it reads, path and bytes. The set hashed (every `.html` under
 * `posts/`) is at least the set Pagefind's glob reads, so an equal key means equal input. The
 * pages are read through one buffer (not a buffer per page: 120 MB at 5,000 posts, which the
 * process would hold until its next garbage collection).
 */
async function indexKey(site: string): Promise<string> {
  const hash = createHash('sha256');
  const settings = Object.entries(process.env).filter(([name]) => name.startsWith('PAGEFIND_'));
  hash.update(JSON.stringify([pagefindVersion(), INDEX_OPTIONS, POST_PAGES_GLOB, settings]));
  const postsDir = path.join(site, 'posts');
  const buffer = Buffer.allocUnsafe(1 << 18);
  for (const file of await filesUnder(postsDir, (f) => f.endsWith('.html'))) {
    hash.update(`\0${file}\0`);
    const fd = openSync(path.join(postsDir, file), 'r');
    try {
      for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
    } finally {
      closeSync(fd);
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function readKept(file: string): Promise<KeptIndex | undefined> {
  try {
    const kept = deserialize(await readFile(file)) as KeptIndex;
    return typeof kept?.key === 'string' && Array.isArray(kept.files) ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** The index just written, kept for the next build as one file (thousands of small files take seconds to copy). */
async function keep(file: string, key: string, output: string, last: KeptIndex | undefined): Promise<void> {
  const names = await filesUnder(output);
  // A content-named file the last index had holds the same bytes (its name is their hash): not read again.
  const known = new Map(last ? filesToSeed(last.files) : []);
  // Read synchronously: a thousand small files took a third of the time it took through Node's
  // thread pool (docs/performance-log.md), and nothing else is left for the process to do.
  const files = names.map((f): [string, Uint8Array] => [f, known.get(f) ?? readFileSync(path.join(output, f))]);
  await writeWhole(file, serialize({ key, files } satisfies KeptIndex));
}

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
  let cacheDir = '';
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
        cacheDir = fileURLToPath(config.cacheDir);
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
        const output = path.join(site, PAGEFIND_DIR);
        const keptFile = path.join(cacheDir, KEPT_FILE);
        const started = performance.now();
        const took = () => Math.round(performance.now() - started);
        // Imported here so dev and preview never start the Pagefind binary.
        const { createIndex, close } = await import('pagefind');
        try {
          const { index, errors } = await createIndex(INDEX_OPTIONS);
          if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
          // Only post pages carry `data-pagefind-body`, so Pagefind would drop every other page
          // anyway; not reading them (tag lists, pagination) saves a third of its time.
          const adding = index.addDirectory({ path: site, glob: POST_PAGES_GLOB });
          // Its failure is reported where it is awaited below, not as an unhandled rejection meanwhile.
          adding.catch(() => undefined);
          // Pagefind has no incremental mode: a changed post page re-reads every one. When no post
          // page changed (a template, a setting or a non-post page did; the scheduled daily build),
          // its output would be the last build's, byte for byte: that is written instead. The key
          // is computed while Pagefind reads, in its own process (once the request has gone out);
          // one that cannot be computed (an unreadable page) only means no reuse.
          await new Promise((resolve) => setImmediate(resolve));
          let key = '';
          try {
            key = await indexKey(site);
          } catch (error) {
            logger.warn(`The search index will not be kept for the next build: ${(error as Error).message}`);
          }
          const kept = key ? await readKept(keptFile) : undefined;
          if (kept && kept.key === key && kept.files.length > 0) {
            await close();
            await adding.catch(() => undefined);
            // What a kept output folder holds of it already is not written again.
            await putBackIndex(output, kept.files);
            logger.info(`Search index: the last build's, no post page changed (${kept.files.length} files) in ${took()} ms`);
            return;
          }
          // A post page changed: the last index's files go back first, and Pagefind writes only
          // what changed (pagefind-reuse.ts). Written while Pagefind reads the pages.
          const seeded = await seedIndex(output, kept?.files);
          const added = await adding;
          if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
          const write = async () => {
            const written = await index.writeFiles({ outputPath: output });
            if (written.errors.length) throw new Error(`Pagefind could not write: ${written.errors.join('; ')}`);
          };
          await write();
          let reused = '';
          if (seeded > 0) {
            const { removed, fragments, pages } = await pruneUnnamed(output);
            if (fragments === pages) reused = `, ${seeded - removed} of the last build's ${seeded} files unchanged`;
            else {
              // Not the index this code knows (a Pagefind that names its files otherwise): afresh.
              await rm(output, { recursive: true, force: true });
              await write();
            }
          }
          logger.info(`Search index: ${added.page_count} pages read in ${took()} ms${reused}`);
          // A copy that fails costs the next build its reuse, never this one its index.
          await rm(keptFile, { force: true });
          if (key)
            await keep(keptFile, key, output, kept).catch((error: Error) =>
              logger.warn(`The search index could not be kept for the next build: ${error.message}`),
            );
        } finally {
          await close();
        }
      },
    },
  };
}
