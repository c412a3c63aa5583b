// @ts-check
/**
 * Mutation testing of the rules that keep writers and readers safe (`npm run test:mutation`,
 * not part of `npm test`). Only these modules are mutated, and only the unit tests run: a
 * mutation run is CPU-heavy. Scores are kept in docs/testing.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // Equivalent mutants, each with its reason: tests/mutation/equivalent-mutants.mjs.
  plugins: ['@stryker-mutator/*', './tests/mutation/equivalent-mutants.mjs'],
  ignorers: ['equivalent-mutants'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    // Publishing and drafts
    'src/lib/content/publish.ts',
    // Slugs
    'src/lib/content/slug.ts',
    // URL and scheme filtering, untrusted text (safeHttpUrl, cleanText)
    'src/lib/blogroll/plain.ts',
    // SSRF address rules and trust (the one fetcher, src/lib/net)
    'src/lib/net/addresses.ts',
    'src/lib/net/trust.ts',
    // XML and OPML escaping
    'src/lib/feed/xml.ts',
    'src/lib/blogroll/index.ts:41-43',
    'src/lib/blogroll/opml.ts',
    // Configuration defaults (and the messages that name the fix)
    'src/lib/config/schema.ts',
    'src/lib/blogroll/config.ts',
    'src/lib/originality/config.ts',
    // Originality verdict logic
    'src/lib/originality/report.ts',
    'src/lib/originality/reuse.ts',
  ],
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  // Re-runs test only the mutants whose code or tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['.test-output', 'reports', 'dist', '.astro', '.cache'],
};
