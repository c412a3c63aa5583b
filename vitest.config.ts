import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Plain Vitest config on purpose: build and browser tests start `astro` in child processes,
// and unit tests import only `src/lib/`, which has no Astro imports.

/**
 * The files that run longest, started first. Vitest orders files by the timings of the last
 * run, and by size when it has none (a clean clone, CI): the one `astro check`, in a small
 * file, then started last and ran alone at the end.
 */
const START_FIRST = [
  'tests/e2e/reading.test.ts',
  'tests/build/writers-site.test.ts',
  'tests/build/incremental.test.ts',
  'tests/build/originality.test.ts',
  'tests/build/dev-first-week.test.ts',
  'tests/build/blogroll.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = START_FIRST.findIndex((file) => spec.moduleId.endsWith(file));
      return index === -1 ? START_FIRST.length : index;
    };
    // A stable sort: the other files keep Vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // Vitest's default (one worker fewer than the cores) would run every file one after the
    // other on a 2-core machine. Site files mostly wait for their `astro` child processes, and
    // each of those runs from its own scratch root (tests/helpers/astro.ts), so files can share.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    globalSetup: ['tests/helpers/prune-test-output.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Unit files share their worker's modules instead of importing the engine afresh
          // for each file: that import was half of the unit project's CPU time. They keep no
          // state between files: servers are closed, folders are their own, and what a test
          // changes in the process (environment, console, fake Date) it restores.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'site',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          // No Chrome or Chromium: one line on how to install one, instead of failing tests.
          globalSetup: ['tests/e2e/global-setup.ts'],
          // Waits on Astro and Chromium, which a busy machine slows down: generous bounds, never
          // speed targets (those live in the benchmarks).
          testTimeout: 120_000,
          // Site files run in parallel with each other and with the unit files: every `astro
          // build`, `dev` and `preview` runs from its own scratch root under .test-output/
          // (tests/helpers/astro.ts), so none shares an .astro/ folder, and the one `astro
          // check` (writers-site.test.ts) is the only command that runs from the repository.
          // Dev servers that must notice a save run here too: saves are seen once the file has
          // stopped growing (awaitWriteFinish in astro.config.mjs), which also holds on a busy
          // machine; before that, editors' empty-then-write saves were lost under load.
        },
      },
    ],
  },
});
