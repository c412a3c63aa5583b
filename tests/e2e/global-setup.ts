import type { TestProject } from 'vitest/node';
import { findBrowser, noBrowserMessage } from '../../scripts/lib/find-browser.ts';

/**
 * Before the site tests: when the run includes the browser tests (tests/e2e/) and no Chrome or
 * Chromium is found, `npm test` stops with one line that says how to get one: no stack trace,
 * no skip. A run of build tests only does not need a browser.
 */
export default async function requireBrowser(project: TestProject): Promise<void> {
  if (findBrowser()) return;
  // The file filters given on the command line (`npx vitest run tests/build/site.test.ts`).
  const filters = (project.vitest.config as { _cliFilters?: string[] })._cliFilters ?? [];
  const { testFiles } = await project.globTestFiles(filters);
  if (!testFiles.some((file) => file.split(/[\\/]/).includes('e2e'))) return;
  process.stderr.write(`\n${noBrowserMessage()}\n`);
  process.exit(1);
}
