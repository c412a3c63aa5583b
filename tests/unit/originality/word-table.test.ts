import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanWords } from '../../../src/lib/originality/tokenize.ts';
import { WordTable } from '../../../src/lib/originality/word-table.ts';

/** The words of `text` as the one scanner reads them. */
const wordsOf = (text: string) => {
  const words: string[] = [];
  scanWords(text, (_, __, word) => words.push(word));
  return words;
};

describe('WordTable', () => {
  it('gives each word the value of the word scanWords reads, asking for it once per spelling', () => {
    const asked: string[] = [];
    const table = new WordTable((word) => {
      asked.push(word);
      return `<${word}>`;
    });
    const text = "The cat's cat, CAT and the Cat; don't Don’t naïve café 2024 x2 the cat";
    const values: string[] = [];
    table.scan(text, (value) => values.push(value));
    expect(values).toEqual(wordsOf(text).map((w) => `<${w}>`));
    // Each spelling of ASCII letters and digits is found in place ("The", "the", "CAT", "Cat" and
    // "cat" are five); any other word ("cat's", "Don’t") by the word it reads as.
    expect(asked).toEqual(['the', 'cat', 'cat', 'cat', 'and', 'the', 'cat', "don't", 'naïve', 'café', '2024', 'x2']);
  });

  it('finds every word again after growing past thousands of them', () => {
    let calls = 0;
    const table = new WordTable((word) => {
      calls++;
      return word.length;
    });
    const words = Array.from({ length: 9_000 }, (_, k) => `w${k.toString(36)}z`);
    const scan = () => {
      const values: number[] = [];
      table.scan(words.join(' '), (value) => values.push(value));
      return values;
    };
    expect(scan()).toEqual(words.map((w) => w.length));
    expect(scan()).toEqual(words.map((w) => w.length));
    expect(calls).toBe(words.length);
  });

  it('agrees with scanWords on any text, one table across many texts', () => {
    const table = new WordTable((word) => `<${word}>`);
    const piece = fc.constantFrom('a', 'b', 'ab', 'The', 'THE', 'x1', '42', "'s", '’', 'é', 'ß', ' ', ' ', ', ', '.\n', '-', '🙂');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const values: string[] = [];
        table.scan(text, (value) => values.push(value));
        expect(values).toEqual(wordsOf(text).map((w) => `<${w}>`));
      }),
      { numRuns: 2_000 },
    );
  });
});
