import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { lstat, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeWhole } from '../lib/write-whole.ts';

/**
 * The last build's output folder, kept when nothing touched it since that build ended. Astro's
 * incremental build leaves a page that is already in the output folder where it is and copies
 * the others back from its cache: at 5,000 posts, keeping the folder took a rebuild after one
 * edit from 19.7-20.6 s to 16.8-17.7 s (docs/performance-log.md). Kept only when the folder is, file
 * for file, what the last build left (sizes and change times, recorded when it ended):
 * a build stopped halfway, a hand edit or another build in between empties it as before.
 */

/**
 * Each file under the output folder (not `.git`, which stays in any case): its size and the time
 * its inode last changed. Not the modification time: a copy can carry its source's (libuv copies
 * with `COPYFILE_ALL` on macOS, as Vite copies `public/` and Astro its cached images), while
 * any write, copy or time change sets the change time to now.
 */
export type Listing = Map<string, [size: number, ctimeMs: number]>;

interface Recorded {
  outDir: string;
  files: [string, [number, number]][];
}

/**
 * Synchronous on purpose: 11,000 files (5,000 posts) take 0.16-0.21 s this way, 0.37-0.66 s
 * through promises and Node's I/O threads.
 */
export function listOutput(outDir: string): Listing {
  const files: Listing = new Map();
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(outDir, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = dir ? path.join(dir, entry.name) : entry.name;
      if (entry.isDirectory()) {
        if (file !== '.git') walk(file);
      } else {
        // Links and the like count as files: a clean build makes none, so one added empties the folder.
        const { size, ctimeMs } = lstatSync(path.join(outDir, file));
        files.set(file, [size, ctimeMs]);
      }
    }
  };
  walk('');
  return files;
}

/** What the build that just ended left in `outDir`, for the next build to compare. */
export async function recordOutput(record: string, outDir: string): Promise<void> {
  await writeWhole(record, JSON.stringify({ outDir, files: [...listOutput(outDir)] } satisfies Recorded));
}

/**
 * The listing the last build recorded, when `outDir` still is exactly that; the record is
 * deleted either way, so a build that stops before recording leaves none for the next.
 */
export async function untouchedOutput(record: string, outDir: string): Promise<Listing | undefined> {
  const recorded = await readFile(record, 'utf8')
    .then((text) => JSON.parse(text) as Recorded)
    .catch(() => undefined);
  await rm(record, { force: true });
  if (!recorded || recorded.outDir !== outDir || !Array.isArray(recorded.files)) return undefined;
  const last: Listing = new Map(recorded.files);
  const now = listOutput(outDir);
  if (now.size !== last.size || now.size === 0) return undefined;
  for (const [file, [size, changed]] of now) {
    const was = last.get(file);
    if (!was || was[0] !== size || was[1] !== changed) return undefined;
  }
  return last;
}

/** The file system's clock now (a new file's change time), to tell files this build wrote. */
export async function fileClock(dir: string): Promise<number> {
  const probe = path.join(dir, `.frontrow-clock-${process.pid}`);
  await writeFile(probe, '');
  try {
    return (await stat(probe)).ctimeMs;
  } finally {
    await rm(probe, { force: true });
  }
}

/**
 * Deletes what the last build made and this one did not: a file of the last build's output,
 * untouched since (its size and change time as recorded, older than `since`), that is none of this
 * build's pages. Every other file this build wrote anew (assets, the sitemap). Files under
 * `leftTo` are another step's to keep right (the search index's folder). Emptied folders go too.
 */
export async function removeUnmade(outDir: string, last: Listing, since: number, pages: ReadonlySet<string>, leftTo: string): Promise<number> {
  let removed = 0;
  const dirs = new Set<string>();
  for (const [file, [size, changed]] of last) {
    if (pages.has(file) || file.startsWith(`${leftTo}${path.sep}`)) continue;
    const now = await lstat(path.join(outDir, file)).catch(() => undefined);
    if (!now || now.size !== size || now.ctimeMs !== changed || changed >= since) continue;
    await rm(path.join(outDir, file), { force: true });
    removed++;
    for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) dirs.add(dir);
  }
  // Deepest first; a folder that still holds something stays.
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await rmdir(path.join(outDir, dir)).catch(() => undefined);
  return removed;
}
