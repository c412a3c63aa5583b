import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeView } from '../../../src/lib/originality/archive-view.ts';
import { analyzeDocument } from '../../../src/lib/originality/document.ts';
import { updateIndex } from '../../../src/lib/originality/index-build.ts';
import { listPostFiles } from '../../../src/lib/originality/posts.ts';
import { candidateVector, relatedFeatures, relatedScore, storedFeatures } from '../../../src/lib/originality/related-features.ts';
import { contentWords, topicScore, vectorOf, wordContainment } from '../../../src/lib/originality/topic-score.ts';
import { cosine, idfWeight } from '../../../src/lib/originality/vector.ts';
import { FIXTURE_POSTS, NOW } from './helpers.ts';

describe('compact related-posts features', () => {
  it('score any post or draft against every archive post exactly as cosine and word containment do on term maps', async () => {
    const files = await listPostFiles(FIXTURE_POSTS, false);
    const { index } = updateIndex(FIXTURE_POSTS, files, null, (p) => p);
    const view = makeView(index, NOW);
    const docs = files.map((file) => analyzeDocument(file, readFileSync(file, 'utf8'), true));
    // Drafts have terms the archive never used: they weigh in the norm, never in a dot product.
    expect(docs.some((doc) => [...doc.termFrequencies.keys()].some((term) => index.term(term) === null))).toBe(true);
    const compact = docs.map((doc) => relatedFeatures(index, doc.termFrequencies, contentWords(doc), idfWeight(view.size, 0)));
    const maps = docs.map((doc) => ({ vector: vectorOf(view, doc.termFrequencies), words: contentWords(doc) }));
    let pairs = 0;
    for (let a = 0; a < docs.length; a++) {
      expect(candidateVector(compact[a]!).known).toEqual(maps[a]!.vector.known);
      for (let b = 0; b < docs.length; b++) {
        // Candidates are archive posts, whose terms the index all knows.
        if (docs[b]!.meta.draft) continue;
        const expected = topicScore(cosine(maps[a]!.vector.weights, maps[b]!.vector.weights), wordContainment(maps[a]!.words, maps[b]!.words, true));
        expect(relatedScore(compact[a]!, compact[b]!), `${files[a]} → ${files[b]}`).toBe(expected);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(100);
    index.close();
  });

  it('are the same read from the index’s term counts and content words as from the post analysed again', async () => {
    const files = await listPostFiles(FIXTURE_POSTS, false);
    const { index } = updateIndex(FIXTURE_POSTS, files, null, (p) => p);
    const view = makeView(index, NOW);
    let compared = 0;
    for (const file of files) {
      const post = index.find(file)!;
      const source = readFileSync(file, 'utf8');
      const stored = storedFeatures(index, post);
      if (post.draft) {
        expect(stored).toBeUndefined();
        continue;
      }
      const doc = analyzeDocument(file, source, true);
      const analysed = relatedFeatures(index, doc.termFrequencies, contentWords(doc), idfWeight(view.size, 0));
      expect({ ...stored!, words: [...stored!.words].sort() }, file).toEqual({ ...analysed, words: [...analysed.words].sort() });
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
    index.close();
  });
});
