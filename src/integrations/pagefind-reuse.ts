import { decode } from 'cborg';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mapLimit } from '../lib/map-limit.ts';

/**
 * Pagefind's own files stay when a post changes. Its index has no incremental mode: a changed
 * post page means reading every page again. But it names its fragments (one per page), index
 * chunks and filter files by their content, and does not build or write one whose file is already
 * there. So the last build's are put back first: Pagefind then writes only what changed (in a
 * 5,000-post rebuild, 6.4-6.6 s instead of 7.9-8.3 s, docs/performance-log.md), and what the new
 * index no longer names is removed after, so the folder equals a clean build's.
 */

/** The folders of Pagefind's content-named files: the only ones put back and pruned. */
const NAMED_BY_CONTENT = ['fragment', 'index', 'filter'];

/** The last index's content-named files, to write into the new index's folder before Pagefind does. */
export function filesToSeed<T>(files: readonly [string, T][]): [string, T][] {
  return files.filter(([file]) => NAMED_BY_CONTENT.includes(file.split(/[\\/]/)[0] ?? ''));
}

type IndexFiles = readonly [string, Uint8Array][];

/** Writes files a few at a time (thousands of small files). */
export async function writeIndexFiles(to: string, files: IndexFiles): Promise<void> {
  for (const dir of new Set(files.map(([f]) => path.dirname(f)))) await mkdir(path.join(to, dir), { recursive: true });
  await mapLimit(files, 64, ([f, bytes]) => writeFile(path.join(to, f), bytes));
}

/** Top-level names of an index's folder that belong to something else (the other parts' folders inside the first). */
type Spared = (name: string) => boolean;
const nothingSpared: Spared = () => false;

/** The last index, as it was, into `output` (none of its pages changed). */
export async function putBackIndex(output: string, files: IndexFiles, spared = nothingSpared): Promise<void> {
  const seeds = filesToSeed(files);
  const seeded = new Set(seeds.map(([file]) => file));
  await writeIndexFiles(output, [...(await readyFolder(output, seeds, spared)), ...files.filter(([file]) => !seeded.has(file))]);
  if (seeds.length > 0) await pruneUnnamed(output);
}

/**
 * Readies `output` for Pagefind: empty without seeds. With seeds, it keeps the content-named
 * files it holds (a kept output folder holds the last index) and loses its other files, which
 * Pagefind writes anew (its script, its entry, its metadata under a new name). Returns the seeds
 * still to write: a file of one of these names holds these bytes, its name is their hash.
 * What `spared` names is left alone either way.
 */
export async function readyFolder<T>(output: string, seeds: readonly [string, T][], spared = nothingSpared): Promise<[string, T][]> {
  const top = await readdir(output, { withFileTypes: true }).catch(() => []);
  const stale = top.filter((e) => !spared(e.name) && (seeds.length === 0 || !NAMED_BY_CONTENT.includes(e.name)));
  await Promise.all(stale.map((e) => rm(path.join(output, e.name), { recursive: true, force: true })));
  return seeds.filter(([file]) => !existsSync(path.join(output, file)));
}

/** What the browser needs of an index it merges into the first (`mergeIndex`): its entry, metadata and content-named files. */
export async function keepMergeable(output: string): Promise<void> {
  const top = await readdir(output, { withFileTypes: true });
  const extra = top.filter((e) => !(NAMED_BY_CONTENT.includes(e.name) || e.name === 'pagefind-entry.json' || e.name.endsWith('.pf_meta')));
  await Promise.all(extra.map((e) => rm(path.join(output, e.name), { recursive: true, force: true })));
}

/** Every string in a CBOR value (Pagefind's metadata names its files by their hash). */
function stringsIn(value: unknown, found: Set<string>): Set<string> {
  if (typeof value === 'string') found.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, found);
  return found;
}

interface Entry {
  languages: Record<string, { hash: string; page_count: number }>;
}

/** Pagefind's metadata files are gzipped CBOR after a signature. */
const SIGNATURE = 'pagefind_dcd';

/**
 * Removes the content-named files under `output` that no language's metadata names.
 * Returns how many fragments are left and how many pages the index holds: equal in every index
 * Pagefind writes (one fragment a page), so a caller that finds them unequal knows this reading
 * of Pagefind's metadata no longer holds (another version), and writes the index afresh.
 */
export async function pruneUnnamed(output: string): Promise<{ removed: number; fragments: number; pages: number }> {
  const entry = JSON.parse(await readFile(path.join(output, 'pagefind-entry.json'), 'utf8')) as Entry;
  const named = new Set<string>();
  let pages = 0;
  for (const { hash, page_count } of Object.values(entry.languages)) {
    pages += page_count;
    const raw = gunzipSync(await readFile(path.join(output, `pagefind.${hash}.pf_meta`)));
    const body = raw.subarray(0, SIGNATURE.length).toString('latin1') === SIGNATURE ? raw.subarray(SIGNATURE.length) : raw;
    stringsIn(decode(body, { useMaps: false }), named);
  }
  let removed = 0;
  let fragments = 0;
  for (const dir of NAMED_BY_CONTENT) {
    const names = await readdir(path.join(output, dir)).catch(() => [] as string[]);
    for (const name of names) {
      const stem = name.slice(0, name.length - path.extname(name).length);
      if (named.has(stem)) {
        if (dir === 'fragment') fragments++;
        continue;
      }
      await rm(path.join(output, dir, name), { force: true });
      removed++;
    }
  }
  return { removed, fragments, pages };
}
