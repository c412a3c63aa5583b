import { describe, expect, it } from 'vitest';
import { formatReport, type OriginalityReport } from '../../../src/lib/originality/index.ts';

const long = 'word '.repeat(120).trim();
const report: OriginalityReport = {
  archive: { dir: 'content/posts', posts: 41, words: 23000 },
  drafts: [
    {
      file: 'content/posts/my-draft.mdx',
      title: 'A draft with a title that is rather long, to see that nothing in the report goes past the edge of the terminal',
      verdict: 'rehash',
      matches: [
        {
          file: 'content/posts/2021-03-14-x.md', title: 'The old post', date: '2021-03-14', kind: 'rehash', score: 0.83,
          terms: ['habit', 'review'], phrases: ['weekly review'], sections: [{ draft: 'Why', archive: 'Why not', similarity: 0.61 }],
          passages: [{ draft: { start: 120, end: 480, text: long }, archive: { start: 300, end: 660, text: long }, similarity: 0.92 }],
        },
        { file: 'content/posts/other.md', title: 'Other', date: null, kind: 'related', score: 0.2, terms: [], phrases: [], sections: [], passages: [] },
      ],
    },
  ],
  timings: { indexMs: 5, checkMs: 7 },
};

describe('formatReport', () => {
  it('shows verdict, matches with title, date and score, evidence and passages side by side', () => {
    const text = formatReport(report, { color: false });
    expect(text).toContain('REHASH');
    expect(text).toMatch(/0\.83 {2}rehash {3}2021-03-14 {2}The old post/);
    expect(text).toContain('shared terms: habit, review');
    expect(text).toContain('shared phrases: "weekly review"');
    expect(text).toContain('section "Why" ≈ "Why not" (0.61)');
    expect(text).toMatch(/draft 120-480 +│ archive 300-660/);
    expect(text).toContain('Summary: 1 rehash, 0 passage, 0 original');
  });

  it.each([100, 80, 60])('fits %i columns', (width) => {
    for (const line of formatReport(report, { color: false, width }).split('\n')) expect(line.length).toBeLessThanOrEqual(width);
  });

  it('colours only when asked', () => {
    expect(formatReport(report, { color: false })).not.toMatch(/\x1b\[/);
    expect(formatReport(report, { color: true })).toMatch(/\x1b\[31m/);
  });
});
