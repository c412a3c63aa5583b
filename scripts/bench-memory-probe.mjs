// Preloaded into every Node process of a benchmarked build (NODE_OPTIONS=--import): on exit,
// write the largest peak resident memory (KiB) of those processes to the file named by
// FRONTROW_BENCH_PEAK_MEMORY_FILE (`npm run build` is a small wrapper around the Astro process),
// and add the process's CPU time (user and system, ms) to `<that file>.cpu`: on the shared
// machine the CPU a build uses moves less with the load than its wall time.
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
  // A worker thread preloads this too, but its process's figures are the whole process's:
  // counted once, by the main thread, which exits last.
  if (!file || !isMainThread) return;
  writeFileSync(file, String(Math.max(kept(file), process.resourceUsage().maxRSS)));
  const { user, system } = process.cpuUsage();
  writeFileSync(`${file}.cpu`, String(kept(`${file}.cpu`) + (user + system) / 1000));
});
