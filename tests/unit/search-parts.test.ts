import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globOf, planSearchParts, postPageFiles, SEARCH_TEXT_END } from '../../src/integrations/pagefind-parts.ts';
import { indexedPages, runPagefind } from '../../src/integrations/pagefind-run.ts';
import { searchPartCount, searchPartDir, searchPartOf, searchUiScript } from '../../src/lib/search.ts';
import { workDir } from '../helpers/astro.ts';

describe('how many parts a search index has', () => {
  it('is one without a part size, whatever the archive', () => {
    expect([0, 1, 1500, 10_008].map((pages) => searchPartCount(pages))).toEqual([1, 1, 1, 1]);
  });

  it('is one up to the part size, then doubles as the archive doubles', () => {
    expect([0, 1, 1500].map((pages) => searchPartCount(pages, 1500))).toEqual([1, 1, 1]);
    expect([1501, 3000, 3001, 5008, 6000, 6001, 10_008].map((pages) => searchPartCount(pages, 1500))).toEqual([2, 2, 4, 4, 4, 8, 8]);
    expect(searchPartCount(9, 4)).toBe(4);
  });

  it('keeps a page in its part while the count stands, and spreads the pages evenly', () => {
    const pages = Array.from({ length: 4000 }, (_, i) => `posts/post-${i}/index.html`);
    const sizes = [0, 0, 0, 0];
    for (const page of pages) sizes[searchPartOf(page, 4)]!++;
    for (const size of sizes) expect(size).toBeGreaterThan(850);
    expect(pages.map((page) => searchPartOf(page, 4))).toEqual(pages.map((page) => searchPartOf(page, 4)));
    // Doubling the count splits each part in two: a page goes to its part or to that plus four.
    for (const page of pages) expect(searchPartOf(page, 8) % 4).toBe(searchPartOf(page, 4));
  });

  it('names the first part the bundle itself and the others folders inside it', () => {
    expect([0, 1, 7].map(searchPartDir)).toEqual(['', 'part-1/', 'part-7/']);
  });
});

describe("the build's search script", () => {
  it("loads Pagefind's Component UI alone when the index is whole", () => {
    expect(searchUiScript([], '/blog/')).toContain("import './pagefind-component-ui.js';");
    expect(searchUiScript([], '/blog/')).not.toContain('mergeIndex');
    expect(searchUiScript([], '/blog/')).toContain('export const parts = [];');
  });

  it('merges the other parts into the first, with the base URL of their results', () => {
    const script = searchUiScript(['part-1/', 'part-2/'], '/blog/');
    expect(script).toContain('export const parts = ["part-1/","part-2/"];');
    expect(script).toMatch(/configureInstance\('default', \{ mergeIndex: parts\.map\(.*baseUrl: "\/blog\/"/);
  });
});

const post = (title: string, words: string, footer = '') =>
  `<!doctype html><html lang="en"><body><article data-pagefind-body><h1>${title}</h1><p>${words}</p>${SEARCH_TEXT_END}>${footer}</footer></article></body></html>`;

describe("a built site's post pages, planned into parts", () => {
  let site = '';
  const write = async (page: string, html: string) => {
    await mkdir(path.dirname(path.join(site, page)), { recursive: true });
    await writeFile(path.join(site, page), html);
  };
  const plan = async (settings = 'settings') => planSearchParts(site, await postPageFiles(site), settings, 2);
  const keys = async () => (await plan()).map((part) => part.key);

  it('puts each page with text for search in its part, and leaves a page without any out', async () => {
    site = await workDir('search-parts');
    for (let i = 0; i < 7; i++) await write(`posts/p${i}/index.html`, post(`Post ${i}`, `Words of post ${i}.`));
    await write('posts/old-address/index.html', '<!doctype html><meta http-equiv="refresh" content="0;url=/posts/p1/">');
    const parts = await plan();
    expect(parts).toHaveLength(4);
    expect(parts.flatMap((part) => part.pages).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `posts/p${i}/index.html`));
    for (const part of parts) for (const page of part.pages) expect(searchPartOf(page, 4)).toBe(part.n);
  });

  it("changes one part's key when a post's text changes, and none when only its footer does", async () => {
    const before = await keys();
    await write('posts/p3/index.html', post('Post 3', 'Words of post 3.', '<p>A reader answered.</p>'));
    expect(await keys()).toEqual(before);
    await write('posts/p3/index.html', post('Post 3', 'Words of post 3, edited.'));
    const after = await keys();
    const changed = after.map((key, n) => (key === before[n] ? -1 : n)).filter((n) => n >= 0);
    expect(changed).toEqual([searchPartOf('posts/p3/index.html', 4)]);
  });

  it("changes every key when Pagefind's settings do", async () => {
    const before = await keys();
    const other = (await plan('other settings')).map((part) => part.key);
    for (const [n, key] of other.entries()) expect(key).not.toBe(before[n]);
  });
});

describe("Pagefind's glob for a part's pages", () => {
  it('reads exactly those pages, whatever characters their paths hold', async () => {
    const site = await workDir('search-glob');
    const pages = ['posts/a/index.html', 'posts/b,c/index.html', 'posts/d{e}/index.html', 'posts/f(g)[h]$/index.html', 'posts/left-out/index.html'];
    for (const page of pages) {
      await mkdir(path.dirname(path.join(site, page)), { recursive: true });
      await writeFile(path.join(site, page), post(page, `Words of ${page}.`));
    }
    const read = async (glob: string, name: string) => {
      const output = path.join(site, '..', `${path.basename(site)}-${name}`);
      await runPagefind(site, glob, output).finished;
      return indexedPages(output);
    };
    expect(await read(globOf(pages.slice(0, 4)), 'four')).toBe(4);
    expect(await read(globOf(['posts/b,c/index.html']), 'one')).toBe(1);
  });
});
