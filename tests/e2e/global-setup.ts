import { findBrowser, noBrowserMessage } from '../../scripts/find-browser.ts';

/**
 * Before the site tests: when the run includes the browser tests and no Chrome or Chromium is
 * found, `npm test` stops with one line that says how to get one: no stack trace, no skip.
 */
export default function requireBrowser(): void {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && arg !== 'run' && !/vitest/.test(arg));
  const browserTestsRun = filters.length === 0 || filters.some((f) => /e2e|reading/.test(f));
  if (!browserTestsRun || findBrowser()) return;
  process.stderr.write(`\n${noBrowserMessage()}\n`);
  process.exit(1);
}
