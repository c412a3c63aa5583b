import type { AstroIntegration } from 'astro';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { PAGEFIND_DIR, pagefindPaths, SEARCH_UI_SCRIPT, searchPartCount, searchPartDir, searchUiScript } from '../lib/search.ts';
import { normalizeBase } from '../lib/urls.ts';
import { filesUnder, globOf, planSearchParts, postPageFiles, type SearchPart } from './pagefind-parts.ts';
import { filesToSeed, keepMergeable, pruneUnnamed, putBackIndex, seedIndex } from './pagefind-reuse.ts';
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

/**
 * The last build's index, in Astro's cache folder: a file a part (thousands of small files take
 * seconds to copy), each with the key of what it indexed and every file of it.
 */
const KEPT_DIR = 'frontrow-pagefind';
/** Where the whole index was kept before it had parts: removed. */
const OLD_KEPT_FILE = 'frontrow-pagefind.bin';
interface KeptIndex {
  key: string;
  files: [string, Uint8Array][];
}

/** The installed Pagefind's version (its package exports no `package.json`, so it is looked up). */
function pagefindVersion(): string {
  for (const dir of createRequire(import.meta.url).resolve.paths('pagefind') ?? []) {
    const file = path.join(dir, 'pagefind', 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  throw new Error('Pagefind is not installed');
}

/** What Pagefind's output depends on besides the pages: its version and its settings (here, and any `PAGEFIND_*` variable). */
function indexSettings(): string {
  const variables = Object.entries(process.env).filter(([name]) => name.startsWith('PAGEFIND_'));
  return JSON.stringify([pagefindVersion(), INDEX_OPTIONS, POST_PAGES_GLOB, variables]);
}

/** A part's folder in the bundle, other than the first: `part-1`, `part-2`… */
const PART_FOLDER = /^part-\d+$/;
/** Part `n`'s kept index, in KEPT_DIR. */
const keptFileName = (n: number) => `part-${n}.bin`;

async function readKept(file: string): Promise<KeptIndex | undefined> {
  try {
    const kept = deserialize(await readFile(file)) as KeptIndex;
    return typeof kept?.key === 'string' && Array.isArray(kept.files) ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** A part's index just written, kept for the next build as one file: its own files, not the other parts' inside the first's folder. */
async function keep(file: string, key: string, output: string, last: KeptIndex | undefined): Promise<void> {
  const names = (await filesUnder(output)).filter((f) => !PART_FOLDER.test(f.split(path.sep)[0] ?? '') && f !== SEARCH_UI_SCRIPT);
  // A content-named file the last index had holds the same bytes (its name is their hash): not read again.
  const known = new Map(last ? filesToSeed(last.files) : []);
  // Read synchronously: a thousand small files took a third of the time it took through Node's
  // thread pool (docs/performance-log.md), and nothing else is left for the process to do.
  const files = names.map((f): [string, Uint8Array] => [f, known.get(f) ?? readFileSync(path.join(output, f))]);
  await writeWhole(file, serialize({ key, files } satisfies KeptIndex));
}

/**
 * After the parts are written: the folders and kept files of parts this index no longer has
 * (the archive shrank, or the last output held more) go, and the bundle names the others for the
 * browser to merge into the first (SEARCH_UI_SCRIPT).
 */
async function tidyParts(bundle: string, keptDir: string, written: readonly SearchPart[], baseUrl: string): Promise<void> {
  const parts = written.filter((part) => part.n > 0).map((part) => searchPartDir(part.n));
  const top = await readdir(bundle, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    top.filter((e) => PART_FOLDER.test(e.name) && !parts.includes(`${e.name}/`)).map((e) => rm(path.join(bundle, e.name), { recursive: true, force: true })),
  );
  const keptFiles = new Set(written.map((part) => keptFileName(part.n)));
  const kept = await readdir(keptDir).catch(() => [] as string[]);
  await Promise.all(kept.filter((name) => !keptFiles.has(name)).map((name) => rm(path.join(keptDir, name), { force: true })));
  await writeFile(path.join(bundle, SEARCH_UI_SCRIPT), searchUiScript(parts, baseUrl));
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
export default function pagefind({ partSize }: { partSize?: number | undefined } = {}): AstroIntegration {
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
        if (!existsSync(path.join(indexDir, SEARCH_UI_SCRIPT))) logger.warn(NO_INDEX_HINT);
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
        const bundle = path.join(site, PAGEFIND_DIR);
        const keptDir = path.join(cacheDir, KEPT_DIR);
        const started = performance.now();
        const took = () => Math.round(performance.now() - started);
        await rm(path.join(cacheDir, OLD_KEPT_FILE), { force: true });
        // Pagefind has no incremental mode: a changed post page means reading every page of its
        // index again. So a large archive's index can be in parts (`searchPartSize`), and a part
        // whose pages' text for search did not change is the last build's, byte for byte.
        const files = await postPageFiles(site);
        const single = searchPartCount(files.length, partSize) === 1;
        // Imported here so dev and preview never start the Pagefind binary.
        const { createIndex, close } = await import('pagefind');
        /** Pagefind reading the post pages into a new index. */
        const read = async (glob: string) => {
          const { index, errors } = await createIndex(INDEX_OPTIONS);
          if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
          const adding = index.addDirectory({ path: site, glob });
          // Its failure is reported where it is awaited, not as an unhandled rejection meanwhile.
          adding.catch(() => undefined);
          return { index, adding };
        };
        let pagesRead = 0;
        let partsRead = 0;
        let keptFiles = 0;
        let unchanged = 0;
        let seededFiles = 0;
        const written: SearchPart[] = [];
        try {
          // One index is read at once, beside the hashing of its key (0.6 s at 5,000 posts), in
          // Pagefind's own process: most builds change some post. Parts wait for their keys.
          // Only post pages carry `data-pagefind-body`, so Pagefind would drop every other page
          // anyway; not reading them (tag lists, pagination) saves a third of its time.
          const early = single ? await read(POST_PAGES_GLOB) : undefined;
          await new Promise((resolve) => setImmediate(resolve));
          // A page that cannot be read only means no reuse: one index, read afresh.
          let parts: SearchPart[];
          let whole = single;
          try {
            parts = planSearchParts(site, files, indexSettings(), partSize);
          } catch (error) {
            logger.warn(`The search index will not be kept for the next build: ${(error as Error).message}`);
            parts = [{ n: 0, pages: [], key: '' }];
            whole = true;
          }
          for (const part of parts) {
            // One index holds every post page; parts hold theirs, and a part without one has none.
            if (!whole && part.pages.length === 0) continue;
            written.push(part);
            const output = path.join(bundle, searchPartDir(part.n));
            const keptFile = path.join(keptDir, keptFileName(part.n));
            // The first part's folder is the bundle, which holds the others' folders.
            const spared = part.n === 0 ? (name: string) => PART_FOLDER.test(name) : undefined;
            const kept = part.key ? await readKept(keptFile) : undefined;
            if (kept && kept.key === part.key && kept.files.length > 0) {
              if (early) {
                // Pagefind's reading is not needed: stopped with its process.
                await close();
                await early.adding.catch(() => undefined);
              }
              // What a kept output folder holds of it already is not written again.
              await putBackIndex(output, kept.files, spared);
              keptFiles += kept.files.length;
              continue;
            }
            const { index, adding } = early ?? (await read(whole ? POST_PAGES_GLOB : globOf(part.pages)));
            // The last index's files go back first, and Pagefind writes only what changed
            // (pagefind-reuse.ts). Written while Pagefind reads the pages.
            const seeded = await seedIndex(output, kept?.files, spared);
            const added = await adding;
            if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
            const write = async () => {
              const result = await index.writeFiles({ outputPath: output });
              if (result.errors.length) throw new Error(`Pagefind could not write: ${result.errors.join('; ')}`);
            };
            await write();
            if (seeded > 0) {
              const { removed, fragments, pages } = await pruneUnnamed(output);
              if (fragments === pages) {
                seededFiles += seeded;
                unchanged += seeded - removed;
              } else {
                // Not the index this code knows (a Pagefind that names its files otherwise): afresh.
                await seedIndex(output, undefined, spared);
                await write();
              }
            }
            // Pagefind holds one part at a time.
            await index.deleteIndex();
            // The browser takes the script and the WebAssembly from the first part.
            if (part.n > 0) await keepMergeable(output);
            pagesRead += added.page_count;
            partsRead++;
            // A copy that fails costs the next build its reuse, never this one its index.
            await rm(keptFile, { force: true });
            if (part.key)
              await keep(keptFile, part.key, output, kept).catch((error: Error) =>
                logger.warn(`The search index could not be kept for the next build: ${error.message}`),
              );
          }
          await tidyParts(bundle, keptDir, written, pagefindPaths(base).baseUrl);
          if (partsRead === 0) {
            logger.info(`Search index: the last build's, no post's text for search changed (${keptFiles} files) in ${took()} ms`);
            return;
          }
          const reused = seededFiles > 0 ? `, ${unchanged} of the last build's ${seededFiles} files unchanged` : '';
          const others = written.length - partsRead;
          const inParts = whole ? '' : `; ${partsRead} of its ${written.length} parts read${others > 0 ? `, the other ${others} the last build's` : ''}`;
          logger.info(`Search index: ${pagesRead} pages read in ${took()} ms${reused}${inParts}`);
        } finally {
          await close();
        }
      },
    },
  };
}
