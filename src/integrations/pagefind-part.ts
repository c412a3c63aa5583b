import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { SEARCH_UI_SCRIPT, searchPartDir } from '../lib/search.ts';
import { writeWhole } from '../lib/write-whole.ts';
import { filesUnder, globOf } from './pagefind-parts.ts';
import { filesToSeed, keepMergeable, pruneUnnamed, putBackIndex, readyFolder, writeIndexFiles } from './pagefind-reuse.ts';
import { indexedPages, type PagefindRun, runPagefind } from './pagefind-run.ts';

/** The built post pages (src/pages/posts/, see postPath): the only pages with a searchable body. */
export const POST_PAGES_GLOB = 'posts/**/*.html';
/** Pagefind's settings (its defaults); part of the reused index's key. */
export const INDEX_OPTIONS = {};
/** A part's folder in the bundle, other than the first: `part-1`, `part-2`… */
export const PART_FOLDER = /^part-\d+$/;
/** Part `n`'s kept index, in the kept index's folder (pagefind.ts). */
export const keptFileName = (n: number) => `part-${n}.bin`;

/** A part's index as the last build kept it: the key of what it indexed, and every file of it. */
export interface KeptIndex {
  key: string;
  files: [string, Uint8Array][];
}

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

/** One part of the index to bring up to date. */
export interface PartJob {
  n: number;
  pages: string[];
  key: string;
  /** The built site, Pagefind's bundle in it, and the folder of the kept parts. */
  site: string;
  bundle: string;
  keptDir: string;
  /** One index of every post page (no parts, or their plan failed). */
  whole: boolean;
}

/** A part Pagefind read and wrote. */
export interface PartResult {
  pagesRead: number;
  /** The last index's content-named files, put back before Pagefind wrote… */
  seededFiles: number;
  /** …and how many of them the new index still names. */
  unchanged: number;
  /** For the build's log: what could not be kept for the next build. */
  warning?: string;
}

/** The part's index the last build kept (none for a part without a key): read once, for `putBackKept` and then `readPart`. */
export function lastIndexOf(job: PartJob): Promise<KeptIndex | undefined> {
  return job.key ? readKept(path.join(job.keptDir, keptFileName(job.n))) : Promise.resolve(undefined);
}

/** What a part's folder needs first: `kept`, the last build's index, put back, when its key is the same. Returns how many files, or undefined when Pagefind must read the part. */
export async function putBackKept(job: PartJob, kept: KeptIndex | undefined): Promise<number | undefined> {
  if (!kept || kept.key !== job.key || kept.files.length === 0) return undefined;
  // What a kept output folder holds of it already is not written again.
  await putBackIndex(partOutput(job), kept.files, sparedBy(job));
  return kept.files.length;
}

/**
 * Has Pagefind read one part's pages and write its index over `kept`'s files (the last build's,
 * from `lastIndexOf`), or takes `early`, a run on every post page started before the part was
 * planned (a build with no last index), then keeps the index for the next build.
 */
export async function readPart(job: PartJob, kept: KeptIndex | undefined, early?: PagefindRun): Promise<PartResult> {
  const result: PartResult = { pagesRead: 0, seededFiles: 0, unchanged: 0 };
  const output = partOutput(job);
  const spared = sparedBy(job);
  const keptFile = path.join(job.keptDir, keptFileName(job.n));
  const glob = job.whole ? POST_PAGES_GLOB : globOf(job.pages);
  // `started`, a run already under way on a folder readied before it began, or a new run.
  const write = async (seeds: [string, Uint8Array][], started?: PagefindRun) => {
    const toWrite = started ? [] : await readyFolder(output, seeds, spared);
    const run = started ?? runPagefind(job.site, glob, output);
    // The last index's files go in while Pagefind reads the pages, and it writes only what
    // changed (pagefind-reuse.ts): it skips a file that is there, and one it writes meanwhile
    // holds the same bytes (a file's name is the hash of its bytes).
    const [seeding, indexing] = await Promise.allSettled([writeIndexFiles(output, toWrite), run.finished]);
    if (seeding.status === 'rejected') await run.stop();
    for (const outcome of [indexing, seeding]) if (outcome.status === 'rejected') throw outcome.reason;
  };
  const seeds = early ? [] : filesToSeed(kept?.files ?? []);
  await write(seeds, early);
  if (seeds.length > 0) {
    const { removed, fragments, pages } = await pruneUnnamed(output);
    if (fragments === pages) {
      result.seededFiles = seeds.length;
      result.unchanged = seeds.length - removed;
    } else {
      // Not the index this code knows (a Pagefind that names its files otherwise): afresh.
      await write([]);
    }
  }
  result.pagesRead = await indexedPages(output);
  // The browser takes the script and the WebAssembly from the first part.
  if (job.n > 0) await keepMergeable(output);
  // A copy that fails costs the next build its reuse, never this one its index.
  await rm(keptFile, { force: true });
  if (job.key)
    await keep(keptFile, job.key, output, kept).catch((error: Error) => {
      result.warning = `The search index could not be kept for the next build: ${error.message}`;
    });
  return result;
}

/**
 * Starts Pagefind on every post page at once, into the first part's folder, for a build with no
 * last index to put back: it reads while the build plans the index (and hashes its key).
 */
export async function startWhole(site: string, bundle: string): Promise<PagefindRun> {
  const job = { n: 0, bundle };
  await readyFolder(partOutput(job), [], sparedBy(job));
  return runPagefind(site, POST_PAGES_GLOB, partOutput(job));
}

/** A part's folder: the bundle for the first, `part-N/` in it for the others. */
const partOutput = (job: Pick<PartJob, 'n' | 'bundle'>) => path.join(job.bundle, searchPartDir(job.n));
/** The first part's folder is the bundle, which holds the others' folders. */
const sparedBy = (job: Pick<PartJob, 'n'>) => (job.n === 0 ? (name: string) => PART_FOLDER.test(name) : undefined);
