import { defineConfig } from 'vitest/config';

// `npm run test:mutation` (StrykerJS): the unit tests only, in-process. Build, browser and
// CLI tests spawn processes that would run the original code, not the mutant, and cost minutes.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    include: ['tests/unit/**/*.test.ts'],
    exclude: ['tests/unit/**/cli.test.ts', 'tests/unit/blogroll/samples.test.ts', '**/node_modules/**'],
  },
});
