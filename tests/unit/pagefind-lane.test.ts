import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { close, createIndex } from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastIndexOf, type PartJob, type PartResult, putBackKept, readPart, startLane, startRead } from '../../src/integrations/pagefind-part.ts';
import { workDir } from '../helpers/astro.ts';
import { filesOf } from '../helpers/files.ts';

const page = (title: string, words: string) =>
  `<!doctype html><html lang="en"><body><main data-pagefind-body><h1 id="top">${title}</h1><p>${words}</p></main></body></html>`;

// Parts written at once (pagefind.ts) are written by a worker thread's own Pagefind service
// (pagefind-lane.ts): its part must be the one this thread's service writes, byte for byte.
describe('a search index part written in a worker thread', () => {
  let work = '';
  const pages = ['posts/a/index.html', 'posts/b/index.html', 'posts/c/index.html'];
  const job = (name: string): PartJob => ({
    n: 1,
    pages,
    key: 'the pages as they are',
    site: path.join(work, 'site'),
    bundle: path.join(work, name, 'pagefind'),
    keptDir: path.join(work, name, 'kept'),
    whole: false,
  });
  let here: PartResult;
  let there: PartResult;

  beforeAll(async () => {
    work = await workDir('pagefind-lane');
    const words = ['A letter to a reader about patience.', 'Notes from the vegetable garden.', 'Walking along the river at dawn.'];
    for (const [i, file] of pages.entries()) {
      await mkdir(path.dirname(path.join(work, 'site', file)), { recursive: true });
      await writeFile(path.join(work, 'site', file), page(`Post ${i}`, words[i] ?? ''));
    }
    // Not one of the part's pages: Pagefind must not read it.
    await mkdir(path.join(work, 'site', 'posts', 'z'), { recursive: true });
    await writeFile(path.join(work, 'site', 'posts', 'z', 'index.html'), page('Elsewhere', 'Another part holds this page.'));
    here = await readPart(job('here'), undefined, (glob) => startRead(createIndex, job('here').site, glob));
    await close();
    const lane = startLane();
    try {
      there = await lane.read(job('there'), undefined);
    } finally {
      await lane.close();
    }
  }, 60_000);

  afterAll(() => close());

  it('reads the same pages and writes the same files, the kept index included', async () => {
    expect(here.pagesRead).toBe(3);
    expect(there).toEqual(here);
    const written = await filesOf(path.join(work, 'here'));
    expect([...written.keys()].some((file) => file.startsWith(path.join('pagefind', 'part-1', 'fragment')))).toBe(true);
    expect(await filesOf(path.join(work, 'there'))).toEqual(written);
  });

  it("puts the worker's part back in the next build, unchanged", async () => {
    expect(await putBackKept(job('there'), await lastIndexOf(job('there')))).toBeGreaterThan(0);
  });
});
