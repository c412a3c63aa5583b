import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGEFIND_DIR } from '../lib/search.ts';
import { fileClock, type Listing, recordOutput, removeUnmade, untouchedOutput } from './kept-out-dir.ts';

/** In Astro's cache folder: what the last build left in the output folder (kept-out-dir.ts). */
const RECORD_FILE = 'frontrow-out-dir.json';

/**
 * Every build starts from the last build's output or from an empty output folder, never from
 * anything else. When the folder is exactly what the last build left, it is kept: Astro leaves
 * the unchanged pages in it, and what this build no longer makes is deleted at the end
 * (kept-out-dir.ts). Otherwise it is emptied. Astro empties it itself before bundling, one
 * file at a time and synchronously: 3.2 s of a 5,000-post rebuild, on the build's path. Here the
 * last output is renamed aside instead (one call), and deleted while Astro bundles and renders;
 * Astro's own emptying is off (`vite.build.emptyOutDir: false`, which Astro reads for exactly
 * this). As with Astro, a `.git` folder in the output stays (some deploy it as a repository).
 */
export default function freshOutDir(): { start: AstroIntegration; end: AstroIntegration } {
  let outDir = '';
  let record = '';
  let removal: Promise<unknown> = Promise.resolve();
  /** The last build's output, kept: its listing, and when this build began by the files' clock. */
  let kept: { last: Listing; since: number } | undefined;
  const start: AstroIntegration = {
    name: 'frontrow:fresh-out-dir',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command === 'build') updateConfig({ vite: { build: { emptyOutDir: false } } });
      },
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        record = path.join(fileURLToPath(config.cacheDir), RECORD_FILE);
      },
      'astro:build:start': async ({ logger }) => {
        kept = undefined;
        const last = await untouchedOutput(record, outDir);
        if (last) {
          kept = { last, since: await fileClock(outDir) };
          removal = deleting(leftoversOf(outDir));
          logger.info(`The last build's output is kept (${last.size} files, untouched since it ended): unchanged pages stay in place.`);
          return;
        }
        ({ removal } = await setAside(outDir));
      },
      // Before the steps that read the output (the search index): a deleted post's page goes first.
      'astro:build:done': async ({ assets, logger }) => {
        if (!kept) return;
        const pages = new Set([...assets.values()].flat().map((url) => path.relative(outDir, fileURLToPath(url))));
        const removed = await removeUnmade(outDir, kept.last, kept.since, pages, PAGEFIND_DIR);
        if (removed > 0) logger.info(`Removed ${removed} file(s) of the last build's output that this build no longer makes.`);
      },
    },
  };
  const end: AstroIntegration = {
    name: 'frontrow:fresh-out-dir-end',
    hooks: {
      // The process must not end with the last output half deleted. Failing to delete it is no
      // reason to fail the build: the new output is complete.
      'astro:build:done': async ({ logger }) => {
        const error = await removal.then(
          () => undefined,
          (e: Error) => e,
        );
        if (error) logger.warn(`The last build's output could not be deleted (${error.message}); delete it by hand.`);
        // A record that cannot be written costs the next build only the kept output.
        await recordOutput(record, outDir).catch(() => undefined);
      },
    },
  };
  return { start, end };
}

/** Hidden, beside the output folder: the same file system, so the rename is one call. */
const asideName = (outDir: string, id: string | number) => path.join(path.dirname(outDir), `.${path.basename(outDir)}-previous-${id}`);

/** What a stopped build left beside the output folder. */
async function leftoversOf(outDir: string): Promise<string[]> {
  const prefix = path.basename(asideName(outDir, ''));
  const names = await readdir(path.dirname(outDir)).catch(() => [] as string[]);
  return names.filter((name) => name.startsWith(prefix)).map((name) => path.join(path.dirname(outDir), name));
}

/** Deletes folders while the build runs; a failure is reported at the end of the build. */
function deleting(dirs: string[] | Promise<string[]>): Promise<unknown> {
  const removal = Promise.resolve(dirs).then((all) => Promise.all(all.map((dir) => rm(dir, { recursive: true, force: true }))));
  removal.catch(() => undefined);
  return removal;
}

/** Empties `outDir` at once; `removal`: the deletion of what it held (and of what a stopped build left). */
async function setAside(outDir: string): Promise<{ removal: Promise<unknown> }> {
  const leftovers = await leftoversOf(outDir);
  const aside = asideName(outDir, process.pid);
  const moved = await rename(outDir, aside).then(
    () => true,
    async (error: NodeJS.ErrnoException) => {
      // Nothing to empty; or the folder cannot move (a file held open on Windows): empty it in place.
      if (error.code !== 'ENOENT') await emptyInPlace(outDir);
      return false;
    },
  );
  if (moved && existsSync(path.join(aside, '.git'))) {
    await mkdir(outDir, { recursive: true });
    await rename(path.join(aside, '.git'), path.join(outDir, '.git'));
  }
  return { removal: deleting([...(moved ? [aside] : []), ...leftovers]) };
}

async function emptyInPlace(outDir: string): Promise<void> {
  const names = await readdir(outDir);
  await Promise.all(names.filter((name) => name !== '.git').map((name) => rm(path.join(outDir, name), { recursive: true, force: true })));
}
