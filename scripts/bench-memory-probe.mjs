// Preloaded into every Node process of a benchmarked build (NODE_OPTIONS=--import): on exit,
// write the largest peak resident memory (KiB) of those processes to the file named by
// FRONTROW_BENCH_PEAK_MEMORY_FILE. The kernel keeps that figure exactly; the bench's sampling of
// the whole process tree (scripts/lib/process-tree.ts) may fall between two samples.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** The number in a file, 0 when there is none yet (the first process to exit). */
function kept(file) {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

process.on('exit', () => {
  const file = process.env.FRONTROW_BENCH_PEAK_MEMORY_FILE;
  // A worker thread preloads this too, but its process's figure is the whole process's: taken
  // by the main thread, which exits last.
  if (!file || !isMainThread) return;
  writeFileSync(file, String(Math.max(kept(file), process.resourceUsage().maxRSS)));
});
