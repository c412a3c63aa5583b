import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Tests write under `.test-output/` (tests/helpers/astro.ts, `workDir`), which the next run
 * prunes, never into the OS temp folder: a test run left some 170 folders in /tmp each time.
 * Only the helpers decide where test files go.
 */
const testsRoot = path.resolve(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'helpers' ? [] : testFiles(full);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('where tests write', () => {
  it('never in the OS temp folder: each test takes a folder from workDir', () => {
    const inTemp = testFiles(testsRoot)
      .filter((file) => /\btmpdir\(|os\.tmpdir\b/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(testsRoot, file));
    expect(inTemp).toEqual([]);
  });
});
