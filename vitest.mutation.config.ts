import { defineConfig } from 'vitest/config';

// `npm run test:mutation` (StrykerJS): the unit tests only, in-process. Build, browser and
// CLI tests spawn processes that would run the original code, not the mutant, and cost minutes.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    include: ['tests/unit/**/*.test.ts'],
    // Also left out: the hostile-server test (seconds of real sockets and timeouts per run; the
    // rules it exercises have their own unit tests) and the samples (they read content/).
    exclude: [
      'tests/unit/**/cli.test.ts',
      'tests/unit/new-post.test.ts',
      'tests/unit/blogroll/samples.test.ts',
      'tests/unit/blogroll/hostile.test.ts',
      '**/node_modules/**',
    ],
  },
});
