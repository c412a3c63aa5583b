import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFrontmatter } from '../../../src/lib/content/frontmatter.ts';
import { frontmatterCacheFile, openFrontmatterCache } from '../../../src/lib/content/frontmatter-cache.ts';
import { cachedFrontmatterReader } from '../../../src/lib/originality/cached-frontmatter.ts';
import { relatedPosts } from '../../../src/lib/originality/index.ts';
import { defaultConfig, FIXTURE_POSTS, NOW, tempDir } from './helpers.ts';

/**
 * A frontmatter cache in `cacheDir` as the content check leaves it, with every kept title
 * marked: a result that shows the mark was taken from the cache, not parsed.
 */
async function markedCache(cacheDir: string, texts: string[]): Promise<void> {
  const checkFile = join(cacheDir, 'check.bin');
  const check = await openFrontmatterCache(checkFile);
  for (const text of texts) check.read(text);
  await check.save();
  const stored = deserialize(await readFile(checkFile)) as { entries: Map<string, { data: Record<string, unknown> }> };
  for (const kept of stored.entries.values()) if (typeof kept.data['title'] === 'string') kept.data['title'] = `Kept: ${kept.data['title']}`;
  await writeFile(frontmatterCacheFile(), serialize(stored));
}

/** Every shape of file the engine reads: what `parseFrontmatter` gives, or the error it throws. */
const TEXTS = [
  '---\ntitle: A post\npubDate: 2026-03-01\ntags: [a, b]\n---\nBody.\n',
  '\uFEFF---\r\ntitle: BOM and CRLF\r\n---\r\nBody.\r\n',
  '---\n---\nAn empty block.\n',
  'No frontmatter at all.\n',
  '---\ntitle: never closed\n',
  '---\ntitle: [unclosed\n---\nBody.\n',
  '---\n- a list\n---\n',
];

function outcome(read: (text: string) => unknown, text: string) {
  try {
    return { read: read(text) };
  } catch (error) {
    return { threw: (error as Error).message, line: (error as { line?: number }).line };
  }
}

afterEach(() => vi.unstubAllEnvs());

describe("the index's frontmatter through the frontmatter cache", () => {
  it('gives what parsing gives, errors and their lines included, whether the cache knew the text or not', async () => {
    vi.stubEnv('FRONTROW_CACHE_DIR', tempDir('cached-frontmatter'));
    const read = await cachedFrontmatterReader();
    for (const text of TEXTS) {
      const parsed = outcome(parseFrontmatter, text);
      expect(outcome(read, text), JSON.stringify(text)).toEqual(parsed);
      // The second time from the cache.
      expect(outcome(read, text), JSON.stringify(text)).toEqual(parsed);
    }
  });

  it('takes what the content check and the loader kept instead of parsing again', async () => {
    vi.stubEnv('FRONTROW_CACHE_DIR', tempDir('cached-frontmatter-kept'));
    const text = TEXTS[0]!;
    await markedCache(process.env['FRONTROW_CACHE_DIR']!, [text]);
    const read = await cachedFrontmatterReader();
    expect(read(text)).toEqual({ ...parseFrontmatter(text), data: { ...parseFrontmatter(text).data, title: 'Kept: A post' } });
  });

  it('is what the engine builds its index with', async () => {
    const cacheDir = tempDir('cached-frontmatter-index');
    vi.stubEnv('FRONTROW_CACHE_DIR', cacheDir);
    const names = (await readdir(FIXTURE_POSTS)).filter((name) => /\.mdx?$/.test(name));
    await markedCache(cacheDir, await Promise.all(names.map((name) => readFile(join(FIXTURE_POSTS, name), 'utf8'))));
    const file = join(FIXTURE_POSTS, '2023-02-12-atomic-notes.md');
    const related = await relatedPosts({ postsDir: FIXTURE_POSTS, file, k: 3, config: defaultConfig(), cacheDir: join(cacheDir, 'index'), now: NOW });
    expect(related.length).toBeGreaterThan(0);
    for (const post of related) expect(post.title).toMatch(/^Kept: /);
  });
});
