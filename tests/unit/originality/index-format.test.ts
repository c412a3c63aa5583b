import { cpSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintsOf, statFiles, updateIndex } from '../../../src/lib/originality/archive-index.ts';
import { analyzeDocument } from '../../../src/lib/originality/document.ts';
import { seededRandom } from '../../../src/lib/bench/synthetic-posts.ts';
import { listPostFiles } from '../../../src/lib/originality/posts.ts';
import { makeView, QueryIndex, termKey } from '../../../src/lib/originality/query-index.ts';
import { sharedFingerprints, topicScores, vectorOf } from '../../../src/lib/originality/topic.ts';
import { FIXTURE_POSTS, NOW, tempDir } from './helpers.ts';

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
    expect(built.index.describes(files, statFiles(files))).toBe(true);
    const later = new Date(Date.now() + 60_000);
    utimesSync(files[3]!, later, later);
    expect(built.index.describes(files, statFiles(files))).toBe(false);
    const again = await updateIndex(root, files, cache, show, { inMemory: built.index });
    expect([again.changed, again.analyzed]).toEqual([true, 0]); // same content: re-hashed only
    renameSync(files[0]!, join(root, 'zz-renamed.md'));
    const renamed = await listPostFiles(root, false);
    expect(again.index.describes(renamed, statFiles(renamed))).toBe(false);
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
    // Every published post is analysed again (drafts carry no data, so they need not be).
    expect(afterEdit.analyzed).toBe(afterEdit.index.file.counts.archive);
    const warm = await updateIndex(root, files, cache, show);
    expect([warm.changed, warm.analyzed]).toEqual([false, 0]);
  });

  it('keeps the tables when only drafts changed, and rebuilds them when a published post did', async () => {
    const { root, cache, files, built } = await builtArchive('drafts');
    const draft = files.find((f) => f.endsWith('draft-heavy-rehash-tags.md'))!;
    const published = files.find((f) => f.endsWith('2023-04-23-links-beat-tags.md'))!;
    const dataBefore = statSync(`${cache}.data`).mtimeMs;
    const tablesBefore = built.index.tables();

    writeFileSync(draft, readFileSync(draft, 'utf8').replace('title: "', 'title: "Edited: '));
    const draftEdit = await updateIndex(root, files, cache, show);
    expect([draftEdit.changed, draftEdit.analyzed]).toEqual([true, 1]);
    expect(draftEdit.index.generation).toBe(built.index.generation);
    expect(statSync(`${cache}.data`).mtimeMs).toBe(dataBefore);
    expect(draftEdit.index.post(draftEdit.index.find(draft)).title).toMatch(/^Edited: /);
    const tablesAfter = draftEdit.index.tables();
    expect([...tablesAfter.postings]).toEqual([...tablesBefore.postings]);
    expect([...tablesAfter.prints]).toEqual([...tablesBefore.prints]);

    // A new draft shifts post numbers but not archive numbers: still the same tables.
    writeFileSync(join(root, '0000-new-draft.md'), '---\ntitle: "New"\ndraft: true\n---\nSome words about notes.\n');
    const added = await updateIndex(root, await listPostFiles(root, false), cache, show);
    expect([added.analyzed, added.index.generation]).toEqual([1, built.index.generation]);

    // The edit also drops a rare word ("bucket") that only this post used.
    const before = readFileSync(published, 'utf8');
    expect(before).toContain('bucket');
    expect(built.index.termId('bucket')).toBeGreaterThanOrEqual(0);
    writeFileSync(published, `${before.replaceAll(/buckets?/gi, 'box')}\nA new paragraph about tags and links.\n`);
    const publishedEdit = await updateIndex(root, await listPostFiles(root, false), cache, show);
    expect(publishedEdit.analyzed).toBe(1);
    expect(publishedEdit.index.generation).not.toBe(built.index.generation);
    expect(statSync(`${cache}.data`).mtimeMs).not.toBe(dataBefore);

    // Whatever path each update took, checking gives what a fresh build gives.
    const fresh = await updateIndex(root, await listPostFiles(root, false), join(tempDir('drafts-fresh'), 'index.bin'), show);
    expect([...publishedEdit.index.tables().postings]).toEqual([...fresh.index.tables().postings]);
    expect([...publishedEdit.index.tables().idf]).toEqual([...fresh.index.tables().idf]);
    expect(publishedEdit.index.termId('bucket')).toBe(-1);
  });

  it('reads the postings and fingerprints a check needs, not the whole file', async () => {
    // 600 posts over a vocabulary of thousands of words, skewed like real text.
    const root = tempDir('large');
    const random = seededRandom(7);
    const words = (n: number) => Array.from({ length: n }, () => `w${Math.floor(random() ** 3 * 30_000).toString(36)}`).join(' ');
    for (let i = 0; i < 600; i++) {
      writeFileSync(join(root, `post-${String(i).padStart(4, '0')}.md`), `---\ntitle: "Post ${i}"\npubDate: 2024-01-01\n---\n\n${words(300)}.\n`);
    }
    const cache = join(tempDir('large-cache'), 'index.bin');
    await updateIndex(root, await listPostFiles(root, false), cache, show);

    const lazy = QueryIndex.open(root, cache)!;
    try {
      const head = lazy.bytesRead;
      const draft = analyzeDocument('draft.md', `---\ntitle: "Draft"\n---\n\n${words(400)}.\n`);
      const view = makeView(lazy, NOW);
      const scores = topicScores(view, vectorOf(view, draft.termFrequencies));
      const shared = sharedFingerprints(view, fingerprintsOf(draft));
      expect(Math.max(...scores)).toBeGreaterThan(0);
      expect(shared.length).toBe(600);
      const onDemand = lazy.bytesRead - head;
      expect(onDemand).toBeGreaterThan(0);
      expect(onDemand).toBeLessThan(0.2 * (lazy.file.totalBytes - head));
    } finally {
      lazy.close();
    }
  });

  it('gives distinct keys to distinct terms', () => {
    const words = new Set<string>();
    for (let i = 0; i < 20_000; i++) words.add(`t${i.toString(36)}`);
    const keys = new Set([...words].map(termKey));
    expect(keys.size).toBe(words.size);
    for (const key of keys) expect(Number.isSafeInteger(key)).toBe(true);
  });
});
