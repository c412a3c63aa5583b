import { describe, expect, it } from 'vitest';
import { adviceFor, formatReport, type DraftReport, type OriginalityReport } from '../../../src/lib/originality/index.ts';

const long = 'word '.repeat(120).trim();
const report: OriginalityReport = {
  archive: { dir: 'content/posts', posts: 41, words: 23000 },
  thresholds: { rehash: 0.28, related: 0.15, minPassageWords: 25, minDraftWords: 75, peer: 0.32 },
  drafts: [
    {
      file: 'content/posts/my-draft.mdx',
      title: 'A draft with a title that is rather long, to see that nothing in the report goes past the edge of the terminal',
      verdict: 'rehash',
      words: 900,
      note: null,
      matches: [
        {
          file: 'content/posts/2021-03-14-x.md',
          title: 'The old post',
          date: '2021-03-14',
          kind: 'rehash',
          score: 0.83,
          topicScore: 0.71,
          reuse: 0.4,
          terms: ['habit', 'review'],
          phrases: ['weekly review'],
          sections: [{ draft: 'Why', archive: 'Why not', similarity: 0.61 }],
          passages: [{ draft: { start: 120, end: 480, text: long }, archive: { start: 300, end: 660, text: long }, similarity: 0.92 }],
        },
        {
          file: 'content/posts/other.md',
          title: 'Other',
          date: null,
          kind: 'related',
          score: 0.2,
          topicScore: 0.2,
          reuse: 0,
          terms: [],
          phrases: [],
          sections: [],
          passages: [],
        },
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

  it('gives the deciding score against its threshold, the next step and related posts to link', () => {
    const text = formatReport(report, { color: false });
    expect(text).toContain('"The old post": topic 0.71 ≥ 0.28 (rehash threshold); 40% of the draft is in passages from it.');
    expect(text).toMatch(/→ Link to "The old post", write the sequel \(what changed since\), or update the old post\s+instead\./);
    expect(text).toContain('→ Related posts you could link to: "Other" (content/posts/other.md).');
    expect(text).toContain('topic 0.20 < 0.28 (rehash threshold)');
  });

  it.each([100, 80, 60])('fits %i columns', (width) => {
    for (const line of formatReport(report, { color: false, width }).split('\n')) expect(line.length).toBeLessThanOrEqual(width);
  });

  it('colours only when asked', () => {
    expect(formatReport(report, { color: false })).not.toMatch(/\x1b\[/);
    expect(formatReport(report, { color: true })).toMatch(/\x1b\[31m/);
  });
});

describe('adviceFor (the words of the terminal report and the dev panel)', () => {
  const base = report.drafts[0]!;
  const passage: DraftReport = {
    ...base,
    verdict: 'passage',
    matches: [{ ...base.matches[0]!, kind: 'passage', topicScore: 0.12, reuse: 0.2, sections: [] }, base.matches[1]!],
  };

  it('says what to do for each verdict', () => {
    expect(adviceFor(base, report.thresholds).steps[0]).toBe('Link to "The old post", write the sequel (what changed since), or update the old post instead.');
    const advice = adviceFor(passage, report.thresholds);
    expect(advice.headline).toMatch(/^Reused passages/);
    expect(advice.measure).toBe('"The old post": topic 0.12 < 0.28 (rehash threshold); 20% of the draft is in passages from it.');
    expect(advice.steps).toEqual(['A passage comes from "The old post": quote it and link to it, or rewrite it.']);
    expect(advice.related.map((m) => m.title)).toEqual(['Other']);
  });

  it('says a short draft is not judged yet, and still offers related posts', () => {
    const short: DraftReport = {
      ...base,
      verdict: 'original',
      words: 12,
      note: 'too short to judge: 12 words, the check needs 75',
      matches: [base.matches[1]!],
    };
    const advice = adviceFor(short, report.thresholds);
    expect(advice.headline).toMatch(/^Not judged yet/);
    expect(advice.measure).toBe('Too short to judge: 12 words, the check needs 75.');
    expect(advice.related).toHaveLength(1);
    expect(formatReport({ ...report, drafts: [short] }, { color: false })).toContain('ORIGINAL  Not judged yet');
  });
});
