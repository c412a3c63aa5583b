import type { AstroIntegration } from 'astro';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGEFIND_DIR, pagefindPaths, SEARCH_UI_SCRIPT, searchPartCount, searchUiScript, searchPartDir } from '../lib/search.ts';
import { mapLimit } from '../lib/map-limit.ts';
import { normalizeBase } from '../lib/urls.ts';
import {
  INDEX_OPTIONS,
  keptFileName,
  PART_FOLDER,
  type PartJob,
  type PartResult,
  POST_PAGES_GLOB,
  putBackKept,
  lastIndexOf,
  type KeptIndex,
  readPart,
  startWhole,
} from './pagefind-part.ts';
import { planSearchParts, postPageFiles, type SearchPart } from './pagefind-parts.ts';
import { pagefindPackage } from './pagefind-run.ts';
import { releaseMemory } from './release-memory.ts';
import { virtualModule } from './virtual-module.ts';

const VIRTUAL_SEARCH = 'virtual:frontrow/search';

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
 * seconds to copy), each with the key of what it indexed and every file of it (pagefind-part.ts).
 */
const KEPT_DIR = 'frontrow-pagefind';
/** Where the whole index was kept before it had parts: removed. */
const OLD_KEPT_FILE = 'frontrow-pagefind.bin';

/**
 * How many parts are written at once. Pagefind works on one core (it parses the pages and
 * compresses its files in one task), so a part a core, each by a Pagefind process of its own;
 * at most four, each holding its part in memory.
 */
const LANES = Math.max(1, Math.min(availableParallelism(), 4));

/** The installed Pagefind's version. */
function pagefindVersion(): string {
  return (JSON.parse(readFileSync(path.join(pagefindPackage(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** What Pagefind's output depends on besides the pages: its version and its settings (here, and any `PAGEFIND_*` variable). */
function indexSettings(): string {
  const variables = Object.entries(process.env).filter(([name]) => name.startsWith('PAGEFIND_'));
  return JSON.stringify([pagefindVersion(), INDEX_OPTIONS, POST_PAGES_GLOB, variables]);
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
        // One index with no last one to put back (a first build, or a deploy's lost cache) is read
        // at once, beside the hashing of its key (0.6 s at 5,000 posts). With a last index, the
        // key decides first whether Pagefind runs at all. Only post pages carry
        // `data-pagefind-body`, so Pagefind would drop every other page anyway; not reading
        // them (tag lists, pagination) saves a third of its time.
        const early = single && !existsSync(path.join(keptDir, keptFileName(0))) ? await startWhole(site, bundle) : undefined;
        try {
          // Pagefind's processes hold every page they index (0.8 GiB at 5,000 posts) while this
          // one waits: what V8 keeps from the pages goes back first, beside Pagefind's reading.
          releaseMemory();
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
          // One index holds every post page; parts hold theirs, and a part without one has none.
          const written = parts.filter((part) => whole || part.pages.length > 0);
          let keptFiles = 0;
          const toRead: { job: PartJob; kept: KeptIndex | undefined }[] = [];
          for (const { n, pages, key } of written) {
            const job: PartJob = { n, pages, key, site, bundle, keptDir, whole };
            // An early run has no last index to take the place of.
            const kept = early ? undefined : await lastIndexOf(job);
            const putBack = await putBackKept(job, kept);
            if (putBack === undefined) toRead.push({ job, kept });
            else keptFiles += putBack;
          }
          // Two parts or more are read and written at once, a Pagefind process each (LANES).
          const lanes = Math.min(LANES, toRead.length);
          const results = await mapLimit(toRead, lanes, ({ job, kept }) => readPart(job, kept, job.n === 0 ? early : undefined));
          for (const { warning } of results) if (warning) logger.warn(warning);
          await tidyParts(bundle, keptDir, written, pagefindPaths(base).baseUrl);
          if (results.length === 0) {
            logger.info(`Search index: the last build's, no post's text for search changed (${keptFiles} files) in ${took()} ms`);
            return;
          }
          const sum = (figure: (result: PartResult) => number) => results.reduce((total, result) => total + figure(result), 0);
          const seededFiles = sum((r) => r.seededFiles);
          const reused = seededFiles > 0 ? `, ${sum((r) => r.unchanged)} of the last build's ${seededFiles} files unchanged` : '';
          const notRead = written.length - results.length;
          const atOnce = lanes > 1 ? `, ${lanes} at a time` : '';
          const inParts = whole
            ? ''
            : `; ${results.length} of its ${written.length} parts read${atOnce}${notRead > 0 ? `, the other ${notRead} the last build's` : ''}`;
          logger.info(`Search index: ${sum((r) => r.pagesRead)} pages read in ${took()} ms${reused}${inParts}`);
        } finally {
          // A build that failed before the early run ended leaves no Pagefind running (a run that
          // ended is left as it is).
          await early?.stop();
        }
      },
    },
  };
}
