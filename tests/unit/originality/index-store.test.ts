import { cpSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { analyzeDocument, fingerprintsOf } from '../../../src/lib/originality/document.ts';
import { updateIndex } from '../../../src/lib/originality/index-build.ts';
import { makeView } from '../../../src/lib/originality/archive-view.ts';
import { SCHEMA_VERSION, words32 } from '../../../src/lib/originality/index-store.ts';
import { listPostFiles } from '../../../src/lib/originality/posts.ts';
import { sharedFingerprints, topicCandidates, topicScores, vectorOf } from '../../../src/lib/originality/topic-score.ts';
import { FIXTURE_POSTS, NOW, tempDir } from './helpers.ts';

const show = (p: string) => p;

/** A copy of the fixture archive with its index built into a fresh database file. */
async function builtArchive(name: string) {
  const root = tempDir(name);
  cpSync(FIXTURE_POSTS, root, { recursive: true });
  const cache = join(tempDir(`${name}-cache`), 'index.sqlite');
  const files = await listPostFiles(root, false);
  const built = updateIndex(root, files, cache, show);
  return { root, cache, files, built };
}

/** The database as the sqlite3 shell would see it. */
function open(cache: string) {
  return new DatabaseSync(cache, { readOnly: true });
}

describe('index database', () => {
  it('has tables named for what they hold, and a schema version', async () => {
    const { cache, files } = await builtArchive('schema');
    const db = open(cache);
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(['fingerprint_buckets', 'meta', 'post_terms', 'posts', 'terms']);
      expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
      expect((db.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n).toBe(files.length);
      const drafts = db.prepare('SELECT count(*) AS n FROM posts WHERE draft = 1 AND archive_number IS NULL').get() as { n: number };
      expect(drafts.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('finds every stored fingerprint in its bucket, and every term by its text', async () => {
    const { root, cache, built } = await builtArchive('lookups');
    const index = built.index;
    const db = open(cache);
    try {
      const buckets = db.prepare('SELECT pairs FROM fingerprint_buckets').all() as { pairs: Uint8Array }[];
      let pairs = 0;
      const hashes = new Set<number>();
      for (const { pairs: blob } of buckets) {
        const words = words32(blob);
        for (let k = 0; k < words.length; k += 2, pairs++) {
          expect(index.postsWithFingerprints([words[k]!])).toContain(words[k + 1]!);
          hashes.add(words[k]!);
        }
      }
      expect(pairs).toBeGreaterThan(100);
      // Asked for every stored fingerprint at once: every stored pair, each once.
      expect(index.postsWithFingerprints([...hashes])).toHaveLength(pairs);
      expect(index.postsWithFingerprints([0])).toEqual([]);
      expect(index.term('zettelkasten')).not.toBeNull();
      expect(index.term('qwertyuiopasdf')).toBeNull();
      expect(index.find(join(root, 'no-such-post.md'))).toBeNull();
      expect(index.find('/elsewhere/2023-02-12-atomic-notes.md')).toBeNull();
      expect(index.find(join(root, '2023-02-12-atomic-notes.md'))?.title).toBe('One idea per note');
    } finally {
      db.close();
    }
  });

  it('notices an edit, a rename and a new file through mtime, size and paths', async () => {
    const { root, cache, files, built } = await builtArchive('describes');
    expect(updateIndex(root, files, cache, show, built.index).changed).toBe(false);
    const later = new Date(Date.now() + 60_000);
    utimesSync(files[3]!, later, later);
    const again = updateIndex(root, files, cache, show, built.index);
    expect([again.changed, again.analyzed]).toEqual([true, 0]); // same content: re-hashed only
    renameSync(files[0]!, join(root, 'zz-renamed.md'));
    const renamed = updateIndex(root, await listPostFiles(root, false), cache, show, again.index);
    expect([renamed.changed, renamed.analyzed]).toEqual([true, 0]);
    expect(renamed.index.find(join(root, 'zz-renamed.md'))).not.toBeNull();
  });

  it('rebuilds from scratch when the file is not an index or of another schema version', async () => {
    const { root, cache, files, built } = await builtArchive('corrupt');
    built.index.close(); // the last connection folds the write-ahead log into the file
    writeFileSync(cache, 'not an index');
    const rebuilt = updateIndex(root, files, cache, show);
    expect([rebuilt.changed, rebuilt.analyzed]).toEqual([true, files.length]);
    rebuilt.index.db.exec('PRAGMA user_version = 1');
    rebuilt.index.close();
    const again = updateIndex(root, files, cache, show);
    expect([again.changed, again.analyzed]).toEqual([true, files.length]);
    const warm = updateIndex(root, files, cache, show);
    expect([warm.changed, warm.analyzed]).toEqual([false, 0]);
  });

  it('keeps the tables when only drafts changed, and rebuilds them when a published post did', async () => {
    const { root, cache, files, built } = await builtArchive('drafts');
    const draft = files.find((f) => f.endsWith('draft-heavy-rehash-tags.md'))!;
    const published = files.find((f) => f.endsWith('2023-04-23-links-beat-tags.md'))!;
    const generation = built.index.generation;
    const postings = (index: typeof built.index) => index.db.prepare('SELECT term, idf, hex(postings) AS p FROM terms ORDER BY term').all();

    writeFileSync(draft, readFileSync(draft, 'utf8').replace('title: "', 'title: "Edited: '));
    const draftEdit = updateIndex(root, files, cache, show);
    expect([draftEdit.changed, draftEdit.analyzed]).toEqual([true, 1]);
    expect(draftEdit.index.generation).toBe(generation);
    expect(draftEdit.index.find(draft)!.title).toMatch(/^Edited: /);

    // A new draft shifts post numbers but not archive numbers: still the same tables.
    writeFileSync(join(root, '0000-new-draft.md'), '---\ntitle: "New"\ndraft: true\n---\nSome words about notes.\n');
    const added = updateIndex(root, await listPostFiles(root, false), cache, show);
    expect([added.analyzed, added.index.generation]).toEqual([1, generation]);

    // The edit also drops a rare word ("bucket") that only this post used.
    const before = readFileSync(published, 'utf8');
    expect(before).toContain('bucket');
    expect(built.index.term('bucket')).not.toBeNull();
    writeFileSync(published, `${before.replaceAll(/buckets?/gi, 'box')}\nA new paragraph about tags and links.\n`);
    const publishedEdit = updateIndex(root, await listPostFiles(root, false), cache, show);
    expect(publishedEdit.analyzed).toBe(1);
    expect(publishedEdit.index.generation).not.toBe(generation);
    expect(publishedEdit.index.term('bucket')).toBeNull();

    // Whatever path each update took, the tables are what a fresh build gives.
    const fresh = updateIndex(root, await listPostFiles(root, false), join(tempDir('drafts-fresh'), 'index.sqlite'), show);
    expect(postings(publishedEdit.index)).toEqual(postings(fresh.index));
    expect(statSync(cache).size).toBeGreaterThan(0);
  });

  it('writes in place only what changed, to the tables a fresh build gives: an edit, a draft published, a post unpublished', async () => {
    const { root, cache, files } = await builtArchive('in-place');
    // Term ids depend on the order terms were first met: terms are compared by their text.
    const tables = (file: string) => {
      const db = open(file);
      const dump = [
        'SELECT * FROM posts ORDER BY number',
        'SELECT term, idf, hex(postings) FROM terms ORDER BY term',
        'SELECT bucket, hex(pairs) FROM fingerprint_buckets ORDER BY bucket',
      ].map((q) => db.prepare(q).all());
      db.close();
      return dump;
    };
    const draft = files.find((f) => f.endsWith('draft-heavy-rehash-tags.md'))!;
    const published = files.find((f) => f.endsWith('2023-04-23-links-beat-tags.md'))!;
    const steps: [string, () => void][] = [
      ['edit', () => writeFileSync(published, `${readFileSync(published, 'utf8')}\nOne more sentence about tags.\n`)],
      ['publish', () => writeFileSync(draft, readFileSync(draft, 'utf8').replace('draft: true', 'draft: false'))],
      ['unpublish', () => writeFileSync(published, readFileSync(published, 'utf8').replace(/^---\n/, '---\ndraft: true\n'))],
    ];
    for (const [name, change] of steps) {
      change();
      const updated = updateIndex(root, files, cache, show);
      expect(updated.analyzed, name).toBe(1);
      updated.index.close();
      const fresh = join(tempDir(`in-place-${name}`), 'index.sqlite');
      updateIndex(root, files, fresh, show).index.close();
      expect(tables(cache), name).toEqual(tables(fresh));
    }
  });

  it('keeps a long-lived process right when another one rewrote the tables in between and a freed term id was given to a new word', async () => {
    const { root, cache } = await builtArchive('two-processes');
    const terms = (db: DatabaseSync) => db.prepare('SELECT term, idf, hex(postings) AS p FROM terms ORDER BY term').all();
    const post = (name: string, word: string, draft = false) =>
      writeFileSync(join(root, name), `---\ntitle: "${word}"\ndraft: ${draft}\n---\nNotes on ${word} and habits.\n`);
    // The dev server's index, kept open across updates; its new word gets the highest term id.
    post('zz-a.md', 'zyzzyva');
    let devServer = updateIndex(root, await listPostFiles(root, false), cache, show);
    const zyzzyva = devServer.index.term('zyzzyva')!.id;
    // Another process: the word's only post unpublished (its term row goes), then a new word
    // that takes the freed id.
    post('zz-a.md', 'zyzzyva', true);
    updateIndex(root, await listPostFiles(root, false), cache, show).index.close();
    post('zz-b.md', 'xylophonist');
    const other = updateIndex(root, await listPostFiles(root, false), cache, show);
    expect(other.index.term('xylophonist')!.id).toBe(zyzzyva);
    other.index.close();
    // The dev server sees the first post published again, with the content it had indexed.
    post('zz-a.md', 'zyzzyva');
    devServer = updateIndex(root, await listPostFiles(root, false), cache, show, devServer.index);
    const fresh = updateIndex(root, await listPostFiles(root, false), join(tempDir('two-processes-fresh'), 'index.sqlite'), show);
    expect(terms(devServer.index.db)).toEqual(terms(fresh.index.db));
  });

  it('answers a check from the rows of the draft’s terms and fingerprints', async () => {
    const { built } = await builtArchive('query');
    const view = makeView(built.index, NOW);
    const draft = analyzeDocument('draft.md', readFileSync(join(FIXTURE_POSTS, 'draft-heavy-rehash-tags.md'), 'utf8'));
    const scores = topicScores(view, vectorOf(view, draft.termFrequencies));
    const shared = sharedFingerprints(view, fingerprintsOf(draft));
    expect(scores.length).toBe(view.size);
    expect(Math.max(...scores)).toBeGreaterThan(0.1);
    expect(shared.length).toBe(view.size);
  });

  it('selects related-post candidates as a full sort of the approximate scores would, without sorting the archive', async () => {
    const { built, files } = await builtArchive('candidates');
    const view = makeView(built.index, NOW);
    let narrowAnswers = 0;
    for (const file of files) {
      const vector = vectorOf(view, analyzeDocument(file, readFileSync(file, 'utf8')).termFrequencies);
      const self = built.index.find(file)!.archive;
      const skip = self >= 0 ? view.positionOf[self]! : -1;
      // The whole vector walks more postings than the archive has posts (the posts are then scanned);
      // a term of a few posts alone walks fewer (the posts it touched are then noted): both answer alike.
      const postingsOf = (id: number) => view.index.postings(id).ints.length / 2;
      const shared = [...vector.known].filter(([id]) => postingsOf(id) >= 3 && postingsOf(id) < view.size / 2);
      for (const query of [vector, ...shared.slice(0, 3).map((term) => ({ known: new Map([term]), weights: new Map<string, number>() }))]) {
        const scores = topicScores(view, query);
        const sorted = [...scores.keys()].filter((p) => p !== skip && scores[p]! > 0).sort((a, b) => scores[b]! - scores[a]! || a - b);
        if (query !== vector) narrowAnswers += sorted.length;
        for (const limit of [1, 3, 9, 100]) expect(topicCandidates(view, query, limit, skip)).toEqual(sorted.slice(0, limit));
      }
    }
    expect(narrowAnswers).toBeGreaterThan(files.length);
  });
});
