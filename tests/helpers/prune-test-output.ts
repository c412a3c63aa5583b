import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { testOutputRoot } from './astro.ts';

/** Folders older than this were left by an earlier run: a run takes minutes, not hours. */
const EARLIER_RUN_MS = 60 * 60 * 1000;
/** Node's compile cache, shared by the Astro processes of every run: kept. */
const KEPT = new Set(['node-compile-cache']);

/**
 * Before a test run: the builds, sites and servers of earlier runs are removed from
 * `.test-output/` (about 300 MB a run; they were never removed). A run's own folders stay until
 * the next run an hour later, to be looked at when a test failed, and a run beside it keeps its own.
 */
export default async function pruneTestOutput(): Promise<void> {
  const names = await readdir(testOutputRoot).catch(() => [] as string[]);
  const before = Date.now() - EARLIER_RUN_MS;
  await Promise.all(
    names
      .filter((name) => !KEPT.has(name))
      .map(async (name) => {
        const folder = path.join(testOutputRoot, name);
        // Another run may be removing it too.
        const mtimeMs = await stat(folder).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        );
        if (mtimeMs < before) await rm(folder, { recursive: true, force: true });
      }),
  );
}
