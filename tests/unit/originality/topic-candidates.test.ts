import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticPost } from '../../../src/lib/bench/synthetic-posts.ts';
import { analyzeDocument } from '../../../src/lib/originality/document.ts';
import { updateIndex } from '../../../src/lib/originality/index-build.ts';
import { makeView, type ArchiveView } from '../../../src/lib/originality/archive-view.ts';
import type { ArchiveIndex, Postings } from '../../../src/lib/originality/index-store.ts';
import { listPostFiles } from '../../../src/lib/originality/posts.ts';
import { topicCandidates, vectorOf, type TermVector } from '../../../src/lib/originality/topic-score.ts';
import { NOW, tempDir } from './helpers.ts';

/**
 * The candidates a full walk of the postings gives: every list of the query's terms, heaviest
 * term first, each post's score summed in that order, then all posts sorted by score (at most 1),
 * ties by position. (The archives here stay under the walk's postings budget.)
 */
function fullWalk(view: ArchiveView, query: Pick<TermVector, 'known'>, limit: number, skip: number): number[] {
  const scores = new Float64Array(view.size);
  let walked = 0;
  for (const [id, weight] of [...query.known].sort((a, b) => b[1] - a[1])) {
    const { ints, floats } = view.index.postings(id);
    walked += ints.length / 2;
    for (let k = 0; k < ints.length; k += 2) {
      const position = view.positionOf[ints[k]!]!;
      if (position >= 0) scores[position] = scores[position]! + weight * floats[k + 1]!;
    }
  }
  expect(walked).toBeLessThan(50_000);
  const clamped = Array.from(scores, (s) => Math.min(1, s));
  return [...clamped.keys()]
    .filter((p) => p !== skip && clamped[p]! > 0)
    .sort((a, b) => clamped[b]! - clamped[a]! || a - b)
    .slice(0, limit);
}

describe('related-post candidates', () => {
  it('are those of a full walk of the postings, when the light terms’ long lists are only looked up', async () => {
    // A small shared vocabulary: every post holds the common words, so the last lists are long
    // and add little, and the best posts are found before them.
    const root = tempDir('candidates-synthetic');
    for (let i = 0; i < 400; i++) {
      const post = syntheticPost(i);
      writeFileSync(join(root, post.fileName), post.text);
    }
    const { index } = updateIndex(root, await listPostFiles(root, false), join(tempDir('candidates-synthetic-cache'), 'index.sqlite'), (p) => p);
    const view = makeView(index, NOW);
    // Every 7th post's own vector as the query (itself left out), and the same vector weighed
    // down so that no post is ahead of the rest by much.
    for (let a = 0; a < view.size; a += 7) {
      const post = index.post(view.archiveOf[a]!);
      const vector = vectorOf(view, analyzeDocument(post.path, readFileSync(post.path, 'utf8')).termFrequencies);
      const flat = { known: new Map([...vector.known].map(([id, w]) => [id, Math.sqrt(w)])) };
      for (const query of [vector, flat])
        for (const limit of [1, 3, 9, 40]) expect(topicCandidates(view, query, limit, a)).toEqual(fullWalk(view, query, limit, a));
    }
  });

  it('are those of a full walk on random postings: sparse and dense lists, ties, scores above 1, posts outside the view', () => {
    const random = seededRandom(7);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    for (let round = 0; round < 400; round++) {
      const archiveSize = 5 + Math.floor(random() * 200);
      // Weights in eighths: many exact ties.
      const weight = () => (random() < 0.5 ? Math.ceil(random() * 8) / 8 : random());
      // Like idf: a term of many posts mostly weighs little in the query (its list then comes late).
      const query = { known: new Map<number, number>() };
      const lists: Postings[] = Array.from({ length: 1 + Math.floor(random() * 60) }, (_, id) => {
        const density = pick([0.01, 0.05, 0.3, 0.9]);
        query.known.set(id, weight() * (random() < 0.8 ? 0.05 / density : pick([0.02, 1, 3])));
        const ints: number[] = [];
        for (let a = 0; a < archiveSize; a++) if (random() < density) ints.push(a, 0);
        const floats = new Float32Array(Uint32Array.from(ints).buffer);
        for (let k = 1; k < floats.length; k += 2) floats[k] = weight() * pick([0.05, 0.3, 1]);
        const largest = Math.max(0, ...Array.from(floats).filter((_, k) => k % 2 === 1));
        return { ints: new Uint32Array(floats.buffer), floats, largest };
      });
      const index = { postings: (id: number) => lists[id]! } as unknown as ArchiveIndex;
      const positionOf = new Int32Array(archiveSize).fill(-1);
      const archiveOf: number[] = [];
      for (let a = 0; a < archiveSize; a++) if (random() < 0.9) positionOf[a] = archiveOf.push(a) - 1;
      const view: ArchiveView = { index, size: archiveOf.length, positionOf, archiveOf: Int32Array.from(archiveOf), words: 0 };
      // Left out: none, any post, or the best one (a post's own page asks with itself in the archive).
      const skip = pick([-1, Math.floor(random() * view.size), fullWalk(view, query, 1, -1)[0] ?? -1]);
      for (const limit of [1, 3, 9])
        expect(topicCandidates(view, query, limit, skip), `round ${round}, limit ${limit}`).toEqual(fullWalk(view, query, limit, skip));
    }
  });
});
