import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Hands back to the system the memory V8 holds but no longer uses, once Astro has written the
 * pages: a "last resort" collection, V8's own answer to memory pressure, which empties the young
 * generation and returns freed pages, where an ordinary one keeps them for later. At 5,000 posts
 * the build's process held about 850 MiB while Pagefind indexed (151 MiB of it in use), and 605-628
 * MiB after this (0.2-0.3 s; docs/performance-log.md). Node offers it only to a process started
 * with `--expose-gc`, so the flag is set for one new context that hands the function out. Memory
 * only: if the engine refuses, nothing else changes.
 */
export function releaseMemory(): void {
  try {
    let collect = (globalThis as { gc?: Collect }).gc;
    if (!collect) {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
      setFlagsFromString('--no-expose-gc');
    }
    collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    // A Node without the option: the memory stays with V8 until it needs it.
  }
}
