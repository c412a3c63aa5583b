import { describe, expect, it } from 'vitest';
import { syntheticPost } from '../../../src/lib/bench/synthetic-posts.ts';

/** The words of a post's body: its prose, not its frontmatter or heading marks. */
function bodyWords(text: string): number {
  const body = text.split('\n---\n')[1] ?? '';
  return body.split(/\s+/).filter((word) => /\w/.test(word) && !/^#+$/.test(word)).length;
}

describe('synthetic posts (npm run bench --words)', () => {
  it('are about as long as asked: the last paragraph ends past the count', () => {
    for (const words of [50, 600, 2500]) {
      for (const index of [0, 1, 4999]) {
        const count = bodyWords(syntheticPost(index, { words }).text);
        expect(count).toBeGreaterThanOrEqual(words);
        // Headings and one paragraph (at most 6 sentences of 21 words) over.
        expect(count).toBeLessThan(words * 1.15 + 130);
      }
    }
  });

  it('are the same posts for the same index and seed, whatever their length', () => {
    expect(syntheticPost(7).text).toBe(syntheticPost(7, { words: 600 }).text);
    expect(syntheticPost(7, { words: 2500 }).text).toBe(syntheticPost(7, { words: 2500 }).text);
    expect(syntheticPost(7, { words: 2500 }).fileName).toBe(syntheticPost(7).fileName);
    expect(syntheticPost(7).text).not.toBe(syntheticPost(8).text);
  });
});
