import { defineConfig } from 'vitest/config';

// Plain Vitest config on purpose: build and browser tests start `astro` in child processes,
// and unit tests import only `src/lib/`, which has no Astro imports.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
