import { encode } from 'cborg';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesToSeed, pruneUnnamed } from '../../src/integrations/pagefind-reuse.ts';
import { runPagefind } from '../../src/integrations/pagefind-run.ts';
import { workDir } from '../helpers/astro.ts';
import { filesOf } from '../helpers/files.ts';

const page = (title: string, words: string) =>
  `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>${title}</h1><p>${words}</p></main></body></html>`;

/** Pagefind's index of these pages, written to `output` as the build runs it (the installed Pagefind). */
async function indexPages(pages: Record<string, string>, output: string): Promise<void> {
  const site = `${output}-site`;
  for (const [file, html] of Object.entries(pages)) {
    await mkdir(path.dirname(path.join(site, file)), { recursive: true });
    await writeFile(path.join(site, file), html);
  }
  await runPagefind(site, 'posts/**/*.html', output).finished;
}

describe("the last search index's files, put back before Pagefind writes", () => {
  let work = '';
  const before = {
    'posts/a/index.html': page('Letters', 'A letter to a reader about patience.'),
    'posts/b/index.html': page('Gardens', 'Notes from the vegetable garden in spring.'),
    'posts/c/index.html': page('Rivers', 'Walking along the river at dawn.'),
  };
  // One post edited, one gone, one new.
  const after = {
    'posts/a/index.html': page('Letters', 'A letter to a reader about patience.'),
    'posts/b/index.html': page('Gardens, revisited', 'Notes from the vegetable garden in autumn.'),
    'posts/d/index.html': page('Mountains', 'Climbing above the clouds.'),
  };
  let seeded = new Map<string, Buffer>();
  let clean = new Map<string, Buffer>();
  let pruned = { removed: 0, fragments: 0, pages: 0 };
  let seedCount = 0;

  beforeAll(async () => {
    work = await workDir('pagefind');
    const last = path.join(work, 'last');
    await indexPages(before, last);
    // The next build: the last index's content-named files first, then Pagefind, then the pruning.
    const next = path.join(work, 'next');
    const seeds = filesToSeed([...(await filesOf(last))]);
    seedCount = seeds.length;
    for (const [file, bytes] of seeds) {
      await mkdir(path.dirname(path.join(next, file)), { recursive: true });
      await writeFile(path.join(next, file), bytes);
    }
    await indexPages(after, next);
    pruned = await pruneUnnamed(next);
    seeded = await filesOf(next);
    await indexPages(after, path.join(work, 'clean'));
    clean = await filesOf(path.join(work, 'clean'));
  }, 60_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('puts back only the files Pagefind names by their content', () => {
    const seeds = filesToSeed([
      ['fragment/en_1.pf_fragment', 1],
      ['index/en_2.pf_index', 2],
      ['filter/en_3.pf_filter', 3],
      ['pagefind-entry.json', 4],
      ['pagefind.en_5.pf_meta', 5],
      ['pagefind-ui.js', 6],
    ]);
    expect(seeds.map(([file]) => file)).toEqual(['fragment/en_1.pf_fragment', 'index/en_2.pf_index', 'filter/en_3.pf_filter']);
  });

  it('leaves exactly the files a clean index has, byte for byte', () => {
    expect([...seeded.keys()].sort()).toEqual([...clean.keys()].sort());
    for (const [file, bytes] of clean) expect(seeded.get(file), file).toEqual(bytes);
  });

  it('removes what the new index no longer names: the edited and the deleted posts', () => {
    expect(seedCount).toBeGreaterThan(0);
    expect(pruned.removed).toBeGreaterThanOrEqual(2);
    expect(pruned).toMatchObject({ fragments: 3, pages: 3 });
  });

  it('tells a caller when the metadata names fewer fragments than pages (a Pagefind it does not know)', async () => {
    const output = path.join(work, 'unknown');
    await mkdir(path.join(output, 'fragment'), { recursive: true });
    await writeFile(path.join(output, 'pagefind-entry.json'), JSON.stringify({ languages: { en: { hash: 'en_abc', page_count: 2 } } }));
    const meta = Buffer.concat([Buffer.from('pagefind_dcd'), Buffer.from(encode(['9.9.9', [['en_1111111', 10, '']]]))]);
    await writeFile(path.join(output, 'pagefind.en_abc.pf_meta'), gzipSync(meta));
    await writeFile(path.join(output, 'fragment', 'en_1111111.pf_fragment'), 'kept');
    await writeFile(path.join(output, 'fragment', 'en_2222222.pf_fragment'), 'unnamed');
    expect(await pruneUnnamed(output)).toEqual({ removed: 1, fragments: 1, pages: 2 });
    expect(await readdir(path.join(output, 'fragment'))).toEqual(['en_1111111.pf_fragment']);
  });
});
