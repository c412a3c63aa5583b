import { describe, expect, it } from 'vitest';
import { matchScore } from '../../../src/lib/originality/check.ts';
import { failsOn, verdictOf, type DraftReport, type Match, type OriginalityReport, type Verdict } from '../../../src/lib/originality/report.ts';

// The verdict logic on its own, with hand-made matches: which verdict a draft gets, and which
// verdicts fail a build for each `failOn`. (The engine that produces the matches is specified
// on the fixture archive in fixture-archive.test.ts.)
const passage = { draft: { start: 0, end: 5, text: 'words' }, archive: { start: 10, end: 15, text: 'words' }, similarity: 1 };
const match = (kind: Match['kind'], passages = 0): Match => ({
  file: 'posts/old.md',
  title: 'Old',
  date: '2024-01-01',
  kind,
  score: 0.5,
  topicScore: 0.5,
  reuse: 0,
  terms: [],
  phrases: [],
  sections: [],
  passages: Array.from({ length: passages }, () => passage),
});

describe('verdictOf', () => {
  it('calls a draft with no match, or only related posts, original', () => {
    expect(verdictOf([])).toBe('original');
    expect(verdictOf([match('related'), match('related')])).toBe('original');
  });

  it('calls a draft with a passage match (a reused span under the rehash threshold) "passage"', () => {
    expect(verdictOf([match('passage', 1)])).toBe('passage');
    expect(verdictOf([match('related'), match('passage', 2)])).toBe('passage');
  });

  it('calls a draft with any rehash match a rehash, whatever else it matches and wherever the rehash is', () => {
    expect(verdictOf([match('rehash')])).toBe('rehash');
    expect(verdictOf([match('related'), match('passage', 1), match('rehash')])).toBe('rehash');
    expect(verdictOf([match('rehash', 3), match('passage', 1)])).toBe('rehash');
  });
});

describe('failsOn', () => {
  const report = (...verdicts: Verdict[]): OriginalityReport => ({
    archive: { dir: 'posts', posts: 1, words: 100 },
    drafts: verdicts.map((verdict, i): DraftReport => ({ file: `draft-${i}.md`, title: `Draft ${i}`, verdict, words: 200, note: null, matches: [] })),
    timings: { indexMs: 0, checkMs: 0 },
    thresholds: { rehash: 0.28, related: 0.15, minPassageWords: 25, minDraftWords: 75, peer: 0.32 },
  });

  it.each([
    ['none', ['rehash', 'passage'], false],
    ['rehash', ['original', 'passage'], false],
    ['rehash', ['original', 'rehash'], true],
    ['passage', ['original', 'passage'], true],
    ['passage', ['rehash'], true],
    ['passage', ['original', 'original'], false],
    ['rehash', [], false],
    ['passage', [], false],
  ] as const)('with failOn "%s", drafts judged %j fail the run: %s', (failOn, verdicts, fails) => {
    expect(failsOn(report(...verdicts), failOn)).toBe(fails);
  });
});

describe('matchScore', () => {
  it('is the topic score when nothing is reused or reuse carries no weight', () => {
    expect(matchScore(0.2, 0, 0.5)).toBe(0.2);
    expect(matchScore(0.2, 1, 0)).toBe(0.2);
  });

  it('raises the topic score toward 1 by the weighted share of reused wording', () => {
    expect(matchScore(0.2, 0.5, 0.5)).toBeCloseTo(0.2 + 0.8 * 0.25, 10);
    expect(matchScore(0, 1, 1)).toBe(1);
    expect(matchScore(0.6, 1, 0.5)).toBeCloseTo(0.8, 10);
  });

  it('never exceeds 1', () => {
    expect(matchScore(0.9, 1, 1)).toBe(1);
    expect(matchScore(1.2, 0, 0)).toBe(1);
  });
});
