import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { globOf } from '../../src/integrations/pagefind-parts.ts';
import { indexedPages, runPagefind } from '../../src/integrations/pagefind-run.ts';
import { workDir } from '../helpers/astro.ts';

const page = (title: string) =>
  `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>${title}</h1><p>Words about ${title}.</p></main></body></html>`;

/** The processes whose command line holds `text` (Linux's /proc). */
function processesNaming(text: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    try {
      return /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}

async function writePages(site: string, pages: readonly string[]): Promise<void> {
  for (const file of pages) {
    await mkdir(path.dirname(path.join(site, file)), { recursive: true });
    await writeFile(path.join(site, file), page(file));
  }
}

// The build runs Pagefind's command (src/integrations/pagefind-run.ts), not its Node API's
// service, which builds the index twice when it writes it.
describe('a Pagefind run', () => {
  let work = '';
  let site = '';
  let big = '';
  const pages = ['posts/a/index.html', 'posts/b/index.html', 'tags/a/index.html'];
  // A part of thousands of pages, with a page of the site outside it.
  const many = Array.from({ length: 2500 }, (_, i) => `posts/a-rather-long-address-of-a-post-written-long-ago-${i}/index.html`);

  beforeAll(async () => {
    work = await workDir('pagefind-run');
    site = path.join(work, 'site');
    await writePages(site, pages);
    big = path.join(work, 'big-site');
    await writePages(big, [...many, 'posts/not-in-the-part/index.html']);
  }, 60_000);
  afterEach(() => {
    delete process.env.PAGEFIND_GLOB;
  });

  it('writes the index of the pages its glob names, whatever the environment names', async () => {
    process.env.PAGEFIND_GLOB = '**/*.html';
    const output = path.join(work, 'posts-only');
    await runPagefind(site, 'posts/**/*.html', output).finished;
    expect(await indexedPages(output)).toBe(2);
  });

  it('takes a glob longer than a command line may be (a part of thousands of pages)', async () => {
    const glob = globOf(many);
    expect(glob.length).toBeGreaterThan(150_000);
    const output = path.join(work, 'big-index');
    await runPagefind(big, glob, output).finished;
    expect(await indexedPages(output)).toBe(2500);
  }, 60_000);

  it("fails with Pagefind's own words", async () => {
    await expect(runPagefind(site, 'posts/{a', path.join(work, 'bad')).finished).rejects.toThrow(/Pagefind failed \(exit code 1\): .*glob/);
  });

  it.skipIf(process.platform !== 'linux')(
    'stops when told, before or while Pagefind runs, and its end is no failure',
    async () => {
      const before = runPagefind(site, 'posts/**/*.html', path.join(work, 'stopped-before'));
      await before.stop();
      await expect(before.finished).resolves.toBeUndefined();
      // A run stopped once its process is there, held still first so that it cannot end on its own.
      const output = path.join(work, 'stopped-while');
      const run = runPagefind(big, 'posts/**/*.html', output);
      let pids: string[] = [];
      while ((pids = processesNaming(output)).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      for (const pid of pids) process.kill(Number(pid), 'SIGSTOP');
      await run.stop();
      await expect(run.finished).resolves.toBeUndefined();
      expect(processesNaming(output)).toEqual([]);
    },
    60_000,
  );
});
