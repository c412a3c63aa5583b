// Preloaded into a benchmarked Node process (`node --import`): on exit, write the process's
// peak resident memory (KiB) to the file named by FRONTROW_BENCH_PEAK_MEMORY_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.FRONTROW_BENCH_PEAK_MEMORY_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
