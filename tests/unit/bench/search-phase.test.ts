import { describe, expect, it } from 'vitest';
import { searchMsOf, searchPhase } from '../../../scripts/lib/bench-build.ts';

// The bench's line for the search index, read from the build's own log (src/integrations/pagefind.ts).
describe("the bench's search index phase", () => {
  it('says how many parts a rebuild read again', () => {
    const line =
      "12:00:01 [frontrow:pagefind] Search index: 1252 pages read in 1900 ms, 1200 of the last build's 1300 files unchanged; 1 of its 4 parts read, the other 3 the last build's";
    expect(searchPhase(line)).toEqual(['  of which Pagefind indexing, 1 of 4 parts', 1900]);
  });

  it("marks the last build's index reused, and not an index read again over the last one's files", () => {
    expect(searchPhase("Search index: the last build's, no post's text for search changed (41 files) in 23 ms")).toEqual([
      '  of which Pagefind indexing, reused',
      23,
    ]);
    expect(searchPhase("Search index: 5008 pages read in 4800 ms, 5100 of the last build's 5200 files unchanged")).toEqual([
      '  of which Pagefind indexing',
      4800,
    ]);
  });

  it('is no phase for any other line', () => {
    expect(searchPhase('[build] 58 page(s) built in 2.08s')).toBeUndefined();
  });

  it("is what a build's search step took, whatever it read, and nothing for a build without one", () => {
    const phases: [string, number][] = [
      ['pages', 800],
      ['  of which waiting for related posts', 40],
      ['  of which Pagefind indexing, 1 of 4 parts', 1900],
    ];
    expect(searchMsOf({ phases })).toBe(1900);
    expect(searchMsOf({ phases: [['pages', 800]] })).toBe(0);
  });
});
