import { cpSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateIndex } from '../../../src/lib/originality/archive-index.ts';
import { listPostFiles } from '../../../src/lib/originality/posts.ts';
import { QueryIndex, termKey } from '../../../src/lib/originality/query-index.ts';
import { FIXTURE_POSTS, tempDir } from './helpers.ts';

const show = (p: string) => p;

/** A copy of the fixture archive with its index built into a fresh cache file. */
async function builtArchive(name: string) {
  const root = tempDir(name);
  cpSync(FIXTURE_POSTS, root, { recursive: true });
  const cache = join(tempDir(`${name}-cache`), 'index.bin');
  const files = await listPostFiles(root, false);
  const built = await updateIndex(root, files, cache, show);
  return { root, cache, files, built };
}

describe('index file', () => {
  it('reads the same posts, postings and fingerprints lazily from disk as from memory', async () => {
    const { root, cache, built } = await builtArchive('lazy');
    const lazy = QueryIndex.open(root, cache)!;
    const whole = QueryIndex.fromBytes(root, readFileSync(cache))!;
    expect(lazy.generation).toBe(built.index.generation);
    try {
      for (const index of [lazy, whole]) {
        expect(index.size).toBe(built.index.size);
        for (let n = 0; n < index.size; n++) {
          expect(index.post(n).path).toBe(built.index.post(n).path);
          expect(index.post(n).meta).toEqual(built.index.post(n).meta);
          expect([index.post(n).draft, index.post(n).words]).toEqual([built.index.post(n).draft, built.index.post(n).words]);
        }
        for (let t = 0; t < index.file.termKeys.length; t++) {
          expect([...index.postings(t).ints]).toEqual([...built.index.postings(t).ints]);
        }
      }
      // Every stored fingerprint finds its posts, and only those.
      const pairs = new Uint32Array(readFileSync(cache).buffer.slice(lazy.file.printsAt, lazy.file.printsAt + 8 * lazy.file.counts.prints));
      expect(pairs.length).toBeGreaterThan(100);
      for (let k = 0; k < pairs.length; k += 2) {
        expect(lazy.postsWithFingerprint(pairs[k]!)).toContain(pairs[k + 1]!);
      }
      expect(lazy.postsWithFingerprint(0)).toEqual([]);
    } finally {
      lazy.close();
    }
  });

  it('finds terms and posts by binary search, and answers -1 for unknown ones', async () => {
    const { root, files, built } = await builtArchive('find');
    const index = built.index;
    files.forEach((file, n) => expect(index.find(file)).toBe(n));
    expect(index.find(join(root, 'no-such-post.md'))).toBe(-1);
    expect(index.find('/elsewhere/2023-02-12-atomic-notes.md')).toBe(-1);
    expect(index.termId('zettelkasten')).toBeGreaterThanOrEqual(0);
    expect(index.termId('qwertyuiopasdf')).toBe(-1);
    // The term table is sorted by key, with no two terms on one key.
    const keys = index.file.termKeys;
    for (let t = 1; t < keys.length; t++) expect(keys[t]!).toBeGreaterThan(keys[t - 1]!);
  });

  it('notices an edit, a rename and a new file through mtime, size and paths', async () => {
    const { root, cache, files, built } = await builtArchive('describes');
    const { statSync } = await import('node:fs');
    const stats = () => files.map((f) => statSync(f));
    expect(built.index.describes(files, stats())).toBe(true);
    const later = new Date(Date.now() + 60_000);
    utimesSync(files[3]!, later, later);
    expect(built.index.describes(files, stats())).toBe(false);
    const again = await updateIndex(root, files, cache, show, { inMemory: built.index });
    expect([again.changed, again.analyzed]).toEqual([true, 0]); // same content: re-hashed only
    renameSync(files[0]!, join(root, 'zz-renamed.md'));
    const renamed = await listPostFiles(root, false);
    expect(again.index.describes(renamed, renamed.map((f) => statSync(f)))).toBe(false);
  });

  it('rebuilds from scratch when the cache file is corrupt or its data file belongs to another index', async () => {
    const { root, cache, files } = await builtArchive('corrupt');
    writeFileSync(cache, 'not an index');
    const rebuilt = await updateIndex(root, files, cache, show);
    expect([rebuilt.changed, rebuilt.analyzed]).toEqual([true, files.length]);

    // A data file from another build (another generation) must not be trusted.
    const other = await builtArchive('other');
    cpSync(`${other.cache}.data`, `${cache}.data`);
    writeFileSync(files[0]!, `${readFileSync(files[0]!, 'utf8')}\nOne more line about notes.\n`);
    const afterEdit = await updateIndex(root, files, cache, show);
    expect(afterEdit.analyzed).toBe(files.length);
    const warm = await updateIndex(root, files, cache, show);
    expect([warm.changed, warm.analyzed]).toEqual([false, 0]);
  });

  it('gives distinct keys to distinct terms', () => {
    const words = new Set<string>();
    for (let i = 0; i < 20_000; i++) words.add(`t${i.toString(36)}`);
    const keys = new Set([...words].map(termKey));
    expect(keys.size).toBe(words.size);
    for (const key of keys) expect(Number.isSafeInteger(key)).toBe(true);
  });
});
