import type { AstroIntegration, AstroIntegrationLogger, AstroPrerenderer } from 'astro';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { mapLimit } from '../lib/map-limit.ts';
import { PAGEFIND_DIR } from '../lib/search.ts';
import { BuildOrderFeed, directoryPageFile, isPostPageFile, literalGlob, requestKey } from '../lib/search-feed.ts';
import { normalizeBase } from '../lib/urls.ts';
import { virtualModule } from './virtual-module.ts';

const VIRTUAL_SEARCH = 'virtual:frontrow/search';

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
 * variable), and every page it reads, in the order it reads them, path and bytes. Each page is
 * hashed when it is handed to Pagefind, through one buffer (not a buffer per page: 120 MB at
 * 5,000 posts, which the process would hold until its next garbage collection). A page that
 * cannot be read only means no reuse.
 */
class PagesDigest {
  readonly #site: string;
  readonly #hash: Hash = createHash('sha256');
  readonly #buffer = Buffer.allocUnsafe(1 << 18);
  #failed: Error | undefined;

  constructor(site: string) {
    this.#site = site;
    const settings = Object.entries(process.env).filter(([name]) => name.startsWith('PAGEFIND_'));
    this.#hash.update(JSON.stringify([pagefindVersion(), INDEX_OPTIONS, settings]));
  }

  add(file: string): void {
    if (this.#failed) return;
    try {
      this.#hash.update(`\0${file}\0`);
      const fd = openSync(path.join(this.#site, file), 'r');
      try {
        for (let read = readSync(fd, this.#buffer); read > 0; read = readSync(fd, this.#buffer)) this.#hash.update(this.#buffer.subarray(0, read));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      this.#failed = error as Error;
    }
  }

  /** The key, or the reason there is none. */
  digest(): { key: string } | { error: Error } {
    return this.#failed ? { error: this.#failed } : { key: this.#hash.digest('hex') };
  }
}

/** Writes files a few at a time (thousands of small files). */
async function writeFiles(to: string, files: readonly [string, Uint8Array][]): Promise<void> {
  for (const dir of new Set(files.map(([f]) => path.dirname(f)))) await mkdir(path.join(to, dir), { recursive: true });
  await mapLimit(files, 64, ([f, bytes]) => writeFile(path.join(to, f), bytes));
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
async function keep(file: string, key: string, output: string): Promise<void> {
  const names = await filesUnder(output);
  const files = await mapLimit(names, 64, async (f): Promise<[string, Uint8Array]> => [f, await readFile(path.join(output, f))]);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, serialize({ key, files } satisfies KeptIndex));
  await rename(temporary, file);
}

/** `make()`, called once, when first wanted; a failure is reported where it is awaited, not as an unhandled rejection meanwhile. */
function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      made = make();
      made.catch(() => undefined);
    }
    return made;
  };
}

/** What a build's search index step did, for its log line. */
type IndexOutcome =
  | { reused: number }
  | {
      pages: number;
      /** Whether Pagefind read the pages as Astro built them (else after the pages, at once). */
      beside: boolean;
      /** After the last post page was built: when Pagefind had read every page, and when the index was written. */
      readMs: number;
      writtenMs: number;
    };

/**
 * One build's search index. Pagefind reads each post page as soon as Astro has written it (or
 * copied it from its cache), in its own process, on the other core, while Astro builds the
 * next pages; `finish` then has it write the index, or writes the last build's when no post
 * page changed. A page is handed over by its path (Pagefind reads the file itself), one page
 * per request, so Pagefind numbers them in the order given (src/lib/search-feed.ts).
 */
class SearchIndexBuild {
  readonly #site: string;
  readonly #keptFile: string;
  readonly #logger: AstroIntegrationLogger;
  // Imported when the first page is added, so dev and preview never start the Pagefind binary.
  readonly #pagefind = lazy(() => import('pagefind'));
  #index = this.#newIndex();
  #reads: Promise<number>[] = [];
  #digest: PagesDigest;

  constructor(site: string, keptFile: string, logger: AstroIntegrationLogger) {
    this.#site = site;
    this.#keptFile = keptFile;
    this.#logger = logger;
    this.#digest = new PagesDigest(site);
  }

  #newIndex() {
    return lazy(async () => {
      const { createIndex } = await this.#pagefind();
      const { index, errors } = await createIndex(INDEX_OPTIONS);
      if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
      return index;
    });
  }

  /** Pagefind again, from no page. */
  async #restart(): Promise<void> {
    await (await this.#pagefind()).close();
    this.#index = this.#newIndex();
    this.#reads = [];
    this.#digest = new PagesDigest(this.#site);
  }

  /** Pagefind reads this page (relative to the site), after every page added before it. */
  add(file: string): void {
    this.#digest.add(file);
    const read = this.#index()
      .then((index) => index.addDirectory({ path: this.#site, glob: literalGlob(file) }))
      .then(({ errors, page_count }) => {
        if (errors.length) throw new Error(errors.join('; '));
        return page_count;
      });
    read.catch(() => undefined);
    this.#reads.push(read);
  }

  /**
   * Every page is on disk: `planned` are the post pages in the order they were added (none
   * when Astro's list was not seen). Writes the index, or the last build's, into the site.
   */
  async finish(planned: readonly string[] | undefined): Promise<IndexOutcome> {
    const pagesBuilt = performance.now();
    const since = () => Math.round(performance.now() - pagesBuilt);
    try {
      const fed = await Promise.allSettled(this.#reads);
      const onDisk = (await filesUnder(path.join(this.#site, 'posts'))).map((f) => `posts/${f.split(path.sep).join('/')}`).filter(isPostPageFile);
      // The order: Astro's, when its list names exactly the post pages on disk; else the files' names.
      const names = new Set(onDisk);
      const listed = planned !== undefined && planned.length === names.size && new Set(planned).size === names.size && planned.every((f) => names.has(f));
      const beside = listed && fed.every((read) => read.status === 'fulfilled' && read.value === 1);
      if (!beside) {
        if (planned) this.#logger.warn('The post pages could not be indexed while they were built; Pagefind reads them now.');
        await this.#restart();
        for (const file of listed ? planned : onDisk) this.add(file);
      }
      let pages = 0;
      for (const read of await Promise.allSettled(this.#reads)) {
        if (read.status === 'rejected') throw new Error(`Pagefind indexing failed: ${(read.reason as Error).message}`);
        pages += read.value;
      }
      const readMs = since();

      const digest = this.#digest.digest();
      if ('error' in digest) this.#logger.warn(`The search index will not be kept for the next build: ${digest.error.message}`);
      const key = 'key' in digest ? digest.key : '';
      const output = path.join(this.#site, PAGEFIND_DIR);
      // Pagefind has no incremental mode. When no post page changed (a template, a setting or a
      // non-post page did; the scheduled daily build), its output would be the last build's, byte
      // for byte: that is written instead.
      const kept = key ? await readKept(this.#keptFile) : undefined;
      if (kept && kept.key === key && kept.files.length > 0) {
        await (await this.#pagefind()).close();
        await writeFiles(output, kept.files);
        return { reused: kept.files.length };
      }
      const index = await this.#index();
      const written = await index.writeFiles({ outputPath: output });
      if (written.errors.length) throw new Error(`Pagefind could not write: ${written.errors.join('; ')}`);
      const writtenMs = since();
      // A copy that fails costs the next build its reuse, never this one its index.
      await rm(this.#keptFile, { force: true });
      if (key)
        await keep(this.#keptFile, key, output).catch((error: Error) =>
          this.#logger.warn(`The search index could not be kept for the next build: ${error.message}`),
        );
      return { pages, beside, readMs, writtenMs };
    } finally {
      await (await this.#pagefind()).close();
    }
  }
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
  let pageFormat = 'directory';
  let concurrency = 1;
  let hasAdapter = false;
  /** This build's search index, and its step after the pages. */
  let build: SearchIndexBuild | undefined;
  let indexing: Promise<IndexOutcome> | undefined;
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
        pageFormat = config.build.format;
        concurrency = config.build.concurrency;
        hasAdapter = config.adapter !== undefined;
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
      'astro:build:start': ({ logger, setPrerenderer }) => {
        const site = outDir;
        const search = new SearchIndexBuild(site, path.join(cacheDir, KEPT_FILE), logger);
        let planned: readonly string[] | undefined;
        indexing = undefined;
        build = search;
        // Astro's prerenderer, wrapped: its list of pages gives the order, each page it starts
        // says that every page before it is on disk (Astro builds one page at a time, unless
        // `build.concurrency` says otherwise: then the pages are handed over once all are built).
        // An adapter brings its own prerenderer; a static site has none to replace.
        if (hasAdapter) return;
        setPrerenderer((astro: AstroPrerenderer): AstroPrerenderer => {
          const feed = new BuildOrderFeed((file) => search.add(file));
          const finishIndex = () => {
            if (indexing) return;
            indexing = search.finish(planned);
            indexing.catch(() => undefined);
          };
          return {
            name: `${astro.name}+frontrow:pagefind`,
            setup: async () => astro.setup?.(),
            ...(astro.collectStaticImages && { collectStaticImages: () => astro.collectStaticImages!() }),
            getStaticPaths: async () => {
              const paths = await astro.getStaticPaths();
              if (pageFormat === 'directory') {
                // Astro builds the i18n fallback pages after all others.
                const inBuildOrder = [...paths.filter((p) => p.route.type !== 'fallback'), ...paths.filter((p) => p.route.type === 'fallback')];
                feed.plan(
                  inBuildOrder.map(({ pathname, route }) => {
                    const file = directoryPageFile(pathname, route.type);
                    return { pathname, searchFile: isPostPageFile(file) ? file : undefined };
                  }),
                );
                planned = feed.files;
              }
              return paths;
            },
            render: (request, options) => {
              // Once the last post page is on disk, the index is written while Astro builds the other pages.
              if (concurrency === 1 && planned && feed.reached(requestKey(request.url, base))) finishIndex();
              return astro.render(request, options);
            },
            teardown: async () => {
              await astro.teardown?.();
              feed.finish();
              finishIndex();
            },
          };
        });
      },
      'astro:build:done': async ({ logger }) => {
        const started = performance.now();
        const took = () => Math.round(performance.now() - started);
        // Without Astro's list (another prerenderer), Pagefind reads the pages now, by name.
        indexing ??= (build ?? new SearchIndexBuild(outDir, path.join(cacheDir, KEPT_FILE), logger)).finish(undefined);
        const outcome = await indexing;
        if ('reused' in outcome) logger.info(`Search index: the last build's, no post page changed (${outcome.reused} files) in ${took()} ms`);
        else
          logger.info(
            `Search index: ${outcome.pages} pages read ${outcome.beside ? 'as Astro built them' : 'after the pages'} (all read ${outcome.readMs} ms after the last post page, written ${outcome.writtenMs} ms after it); the build waited for it in ${took()} ms`,
          );
      },
    },
  };
}
