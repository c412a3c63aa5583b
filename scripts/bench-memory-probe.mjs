// Preloaded into every Node process of a benchmarked build (NODE_OPTIONS=--import): on exit,
// write the largest peak resident memory (KiB) of those processes to the file named by
// FRONTROW_BENCH_PEAK_MEMORY_FILE (`npm run build` is a small wrapper around the Astro process).
import { readFileSync, writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.FRONTROW_BENCH_PEAK_MEMORY_FILE;
  if (!file) return;
  let earlier = 0;
  try {
    earlier = Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    // the first process to exit
  }
  writeFileSync(file, String(Math.max(earlier, process.resourceUsage().maxRSS)));
});
