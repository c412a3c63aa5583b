import { mkdir, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileClock, listOutput, recordOutput, removeUnmade, untouchedOutput } from '../../src/integrations/kept-out-dir.ts';
import { workDir } from '../helpers/astro.ts';

let work = '';
let outDir = '';
let record = '';
const put = async (file: string, text: string) => {
  await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
  await writeFile(path.join(outDir, file), text);
};

beforeEach(async () => {
  work = await workDir('out');
  outDir = path.join(work, 'dist');
  record = path.join(work, 'cache', 'frontrow-out-dir.json');
  await put('index.html', '<p>home</p>');
  await put('posts/a/index.html', '<p>a</p>');
  await put('posts/b/index.html', '<p>b</p>');
  await put('pagefind/fragment/en_1.pf_fragment', 'f');
  await put('.git/HEAD', 'ref: refs/heads/main\n');
});
afterEach(() => rm(work, { recursive: true, force: true }));

describe('the output folder the last build left', () => {
  it('lists every file but the repository', () => {
    expect([...listOutput(outDir).keys()].sort()).toEqual(
      ['index.html', 'pagefind/fragment/en_1.pf_fragment', 'posts/a/index.html', 'posts/b/index.html'].map((f) => f.split('/').join(path.sep)),
    );
  });

  it('is kept when nothing touched it since the record, and the record is used up', async () => {
    await recordOutput(record, outDir);
    await writeFile(path.join(outDir, '.git', 'HEAD'), 'ref: refs/heads/other\n');
    expect((await untouchedOutput(record, outDir))?.size).toBe(4);
    expect(existsSync(record)).toBe(false);
    expect(await untouchedOutput(record, outDir)).toBeUndefined();
  });

  it('is not kept after a file changed, appeared or went, or for another output folder', async () => {
    for (const change of [
      () => put('posts/a/index.html', '<p>A, edited by hand</p>'),
      () => put('stray.html', 'x'),
      () => rm(path.join(outDir, 'posts', 'b', 'index.html')),
      () => utimes(path.join(outDir, 'index.html'), new Date(2001, 1, 1), new Date(2001, 1, 1)),
      () => symlink(path.join(outDir, 'index.html'), path.join(outDir, 'linked.html')),
    ]) {
      await recordOutput(record, outDir);
      await change();
      expect(await untouchedOutput(record, outDir)).toBeUndefined();
    }
    await recordOutput(record, outDir);
    expect(await untouchedOutput(record, path.join(work, 'elsewhere'))).toBeUndefined();
  });
});

describe('what the last build made and this one did not', () => {
  it("is removed: untouched since the last build and none of this build's pages, with its emptied folders", async () => {
    await recordOutput(record, outDir);
    const last = (await untouchedOutput(record, outDir))!;
    const since = await fileClock(outDir);
    // This build: post a kept as it was (a page of this build), the home page written anew.
    await put('index.html', '<p>home, again</p>');
    const removed = await removeUnmade(outDir, last, since, new Set([path.join('posts', 'a', 'index.html'), 'index.html']), 'pagefind');
    expect(removed).toBe(1);
    expect(existsSync(path.join(outDir, 'posts', 'b'))).toBe(false);
    expect(await readdir(path.join(outDir, 'posts'))).toEqual(['a']);
    // The search index's folder is its own step's; the repository stays.
    expect(existsSync(path.join(outDir, 'pagefind', 'fragment', 'en_1.pf_fragment'))).toBe(true);
    expect(existsSync(path.join(outDir, '.git', 'HEAD'))).toBe(true);
  });

  it("keeps a file this build copied with its source's old modification time (a copy on macOS)", async () => {
    const favicon = path.join(outDir, 'favicon.svg');
    const sourceTime = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    await put('favicon.svg', '<svg/>');
    await utimes(favicon, sourceTime, sourceTime);
    await recordOutput(record, outDir);
    const last = (await untouchedOutput(record, outDir))!;
    const since = await fileClock(outDir);
    // Copied again from public/, the copy given the source's times, as copyfile(3) does.
    await put('favicon.svg', '<svg/>');
    await utimes(favicon, sourceTime, sourceTime);
    const pages = new Set(['index.html', ...['a', 'b'].map((p) => path.join('posts', p, 'index.html'))]);
    expect(await removeUnmade(outDir, last, since, pages, 'pagefind')).toBe(0);
    expect(existsSync(favicon)).toBe(true);
  });

  it('keeps a file this build wrote again, even when it is none of its pages (an asset, the sitemap)', async () => {
    await recordOutput(record, outDir);
    const last = (await untouchedOutput(record, outDir))!;
    const since = await fileClock(outDir);
    await put('posts/b/index.html', '<p>b</p>');
    expect(await removeUnmade(outDir, last, since, new Set(), 'pagefind')).toBe(2);
    expect(existsSync(path.join(outDir, 'posts', 'b', 'index.html'))).toBe(true);
  });
});
