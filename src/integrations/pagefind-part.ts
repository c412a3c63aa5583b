import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { SEARCH_UI_SCRIPT, searchPartDir } from '../lib/search.ts';
import { writeWhole } from '../lib/write-whole.ts';
import { filesUnder, globOf } from './pagefind-parts.ts';
import type { LaneReply, LaneRequest } from './pagefind-lane.ts';
import { filesToSeed, keepMergeable, pruneUnnamed, putBackIndex, seedIndex } from './pagefind-reuse.ts';

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

/** One part of the index to bring up to date: plain data, so a worker thread can take it (pagefind-lane.ts). */
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

type CreateIndex = typeof import('pagefind').createIndex;
type PagefindIndex = NonNullable<Awaited<ReturnType<CreateIndex>>['index']>;

/** Pagefind reading some pages into a new index (`adding` settles when it has read them). */
export interface IndexRead {
  index: PagefindIndex;
  adding: ReturnType<PagefindIndex['addDirectory']>;
}

/** Starts Pagefind reading the pages `glob` names, with `createIndex` from one Pagefind service. */
export async function startRead(createIndex: CreateIndex, site: string, glob: string): Promise<IndexRead> {
  const { index, errors } = await createIndex(INDEX_OPTIONS);
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const adding = index.addDirectory({ path: site, glob });
  // Its failure is reported where it is awaited, not as an unhandled rejection meanwhile.
  adding.catch(() => undefined);
  return { index, adding };
}

/** The part's index the last build kept (none for a part without a key): read once, for `putBackKept` and then `readPart`. */
export function lastIndexOf(job: PartJob): Promise<KeptIndex | undefined> {
  return job.key ? readKept(path.join(job.keptDir, keptFileName(job.n))) : Promise.resolve(undefined);
}

/** What a part's folder needs first: `kept`, the last build's index, put back, when its key is the same. Returns how many files, or undefined when Pagefind must read the part. */
export async function putBackKept(job: PartJob, kept: KeptIndex | undefined, stopReading?: () => Promise<void>): Promise<number | undefined> {
  if (!kept || kept.key !== job.key || kept.files.length === 0) return undefined;
  // A reading already under way (one index, started early) is not needed.
  await stopReading?.();
  // What a kept output folder holds of it already is not written again.
  await putBackIndex(partOutput(job), kept.files, sparedBy(job));
  return kept.files.length;
}

/**
 * Has Pagefind read one part's pages (through `read`, or `early`, a reading already under way)
 * and write its index over `kept`'s files (the last build's, from `lastIndexOf`), then keeps it
 * for the next build.
 */
export async function readPart(job: PartJob, kept: KeptIndex | undefined, read: (glob: string) => Promise<IndexRead>, early?: IndexRead): Promise<PartResult> {
  const result: PartResult = { pagesRead: 0, seededFiles: 0, unchanged: 0 };
  const output = partOutput(job);
  const spared = sparedBy(job);
  const keptFile = path.join(job.keptDir, keptFileName(job.n));
  const { index, adding } = early ?? (await read(job.whole ? POST_PAGES_GLOB : globOf(job.pages)));
  // The last index's files go back first, and Pagefind writes only what changed
  // (pagefind-reuse.ts). Written while Pagefind reads the pages.
  const seeded = await seedIndex(output, kept?.files, spared);
  const added = await adding;
  if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
  const write = async () => {
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length) throw new Error(`Pagefind could not write: ${written.errors.join('; ')}`);
  };
  await write();
  if (seeded > 0) {
    const { removed, fragments, pages } = await pruneUnnamed(output);
    if (fragments === pages) {
      result.seededFiles = seeded;
      result.unchanged = seeded - removed;
    } else {
      // Not the index this code knows (a Pagefind that names its files otherwise): afresh.
      await seedIndex(output, undefined, spared);
      await write();
    }
  }
  // A Pagefind service holds one part at a time.
  await index.deleteIndex();
  // The browser takes the script and the WebAssembly from the first part.
  if (job.n > 0) await keepMergeable(output);
  result.pagesRead = added.page_count;
  // A copy that fails costs the next build its reuse, never this one its index.
  await rm(keptFile, { force: true });
  if (job.key)
    await keep(keptFile, job.key, output, kept).catch((error: Error) => {
      result.warning = `The search index could not be kept for the next build: ${error.message}`;
    });
  return result;
}

/** A part's folder: the bundle for the first, `part-N/` in it for the others. */
const partOutput = (job: PartJob) => path.join(job.bundle, searchPartDir(job.n));
/** The first part's folder is the bundle, which holds the others' folders. */
const sparedBy = (job: PartJob) => (job.n === 0 ? (name: string) => PART_FOLDER.test(name) : undefined);

/** A worker thread with its own Pagefind service, reading and writing one part at a time (pagefind-lane.ts). */
export function startLane(): { read: (job: PartJob, kept: KeptIndex | undefined) => Promise<PartResult>; close: () => Promise<void> } {
  const worker = new Worker(new URL('./pagefind-lane.ts', import.meta.url));
  let waiting: PromiseWithResolvers<PartResult> | undefined;
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    waiting?.reject(error);
    waiting = undefined;
  };
  worker.on('message', (reply: LaneReply) => {
    if ('result' in reply) waiting?.resolve(reply.result);
    else waiting?.reject(new Error(reply.error));
    waiting = undefined;
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('The worker writing a part of the search index stopped')));
  const send = (request: LaneRequest) => worker.postMessage(request);
  return {
    read: (job, kept) => {
      if (failed) return Promise.reject(failed);
      waiting = Promise.withResolvers<PartResult>();
      send({ job, kept });
      return waiting.promise;
    },
    close: async () => {
      if (failed) return;
      const exited = once(worker, 'exit');
      send({ close: true });
      await exited;
    },
  };
}
