import { defineConfig } from 'vitest/config';

// Plain Vitest config on purpose: build and browser tests start `astro` in child processes,
// and unit tests import only `src/lib/`, which has no Astro imports.

// Files whose dev server must notice a save (see the `dev` project).
const DEV_FILES = ['tests/build/dev-first-week.test.ts', 'tests/build/originality.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // Vitest's default (one worker fewer than the cores) would run every file one after the
    // other on a 2-core machine. Site files mostly wait for their `astro` child processes, and
    // each of those runs from its own scratch root (tests/helpers/astro.ts), so files can share.
    maxWorkers: 3,
    projects: [
      // The dev servers whose tests save files and wait for the preview to notice: one file at a
      // time, which Vitest runs after every parallel file, so alone. Beside parallel builds on a
      // busy 2-core machine a save was seen late or not at all (2 of 3 full runs).
      {
        extends: true,
        test: {
          name: 'dev',
          include: DEV_FILES,
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'site',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          exclude: DEV_FILES,
          // No Chrome or Chromium: one line on how to install one, instead of failing tests.
          globalSetup: ['tests/e2e/global-setup.ts'],
          // Waits on Astro and Chromium, which a busy machine slows down: generous bounds, never
          // speed targets (those live in the benchmarks).
          testTimeout: 120_000,
          // Site files run in parallel with each other and with the unit files: every `astro
          // build`, `dev` and `preview` runs from its own scratch root under .test-output/
          // (tests/helpers/astro.ts), so none shares an .astro/ folder, and the one `astro
          // check` (writers-site.test.ts) is the only command that runs from the repository.
        },
      },
    ],
  },
});
