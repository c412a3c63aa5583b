import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every build starts from an empty output folder. Astro empties it itself before bundling, one
 * file at a time and synchronously: 3.2 s of a 5,000-post rebuild, on the build's path. Here the
 * last output is renamed aside instead (one call), and deleted while Astro bundles and renders;
 * Astro's own emptying is off (`vite.build.emptyOutDir: false`, which Astro reads for exactly
 * this). As with Astro, a `.git` folder in the output stays (some deploy it as a repository).
 */
export default function freshOutDir(): AstroIntegration {
  let outDir = '';
  let removal: Promise<unknown> = Promise.resolve();
  return {
    name: 'frontrow:fresh-out-dir',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command === 'build') updateConfig({ vite: { build: { emptyOutDir: false } } });
      },
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': async () => {
        ({ removal } = await setAside(outDir));
      },
      // The process must not end with the last output half deleted. Failing to delete it is no
      // reason to fail the build: the new output is complete.
      'astro:build:done': async ({ logger }) => {
        const error = await removal.then(
          () => undefined,
          (e: Error) => e,
        );
        if (error) logger.warn(`The last build's output could not be deleted (${error.message}); delete it by hand.`);
      },
    },
  };
}

/** Hidden, beside the output folder: the same file system, so the rename is one call. */
const asideName = (outDir: string, id: string | number) => path.join(path.dirname(outDir), `.${path.basename(outDir)}-previous-${id}`);

/** Empties `outDir` at once; `removal`: the deletion of what it held (and of what a stopped build left). */
async function setAside(outDir: string): Promise<{ removal: Promise<unknown> }> {
  const prefix = path.basename(asideName(outDir, ''));
  const leftovers = (await readdir(path.dirname(outDir)).catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
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
  const doomed = [...(moved ? [aside] : []), ...leftovers.map((name) => path.join(path.dirname(outDir), name))];
  const removal = Promise.all(doomed.map((dir) => rm(dir, { recursive: true, force: true })));
  removal.catch(() => undefined); // reported at the end of the build
  return { removal };
}

async function emptyInPlace(outDir: string): Promise<void> {
  const names = await readdir(outDir);
  await Promise.all(names.filter((name) => name !== '.git').map((name) => rm(path.join(outDir, name), { recursive: true, force: true })));
}
