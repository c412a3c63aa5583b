import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOriginality, type OriginalityReport, type Verdict } from '../../../src/lib/originality/index.ts';
import { defaultConfig, FIXTURE_POSTS, NOW, tempDir } from './helpers.ts';

/**
 * The labelled verdict set (tests/fixtures/originality/verdicts/, labels in labels.json),
 * checked against the fixture archive: 8 drafts with a new thesis and one paragraph from an
 * archive post (4 verbatim, 4 lightly edited) must be `passage`; 8 rewrites of an archive post's
 * thesis in new words must be `rehash`; 9 new posts in the same domain must stay `original`.
 * The confusion matrix is in docs/originality.md.
 */
const SET = resolve('tests/fixtures/originality/verdicts');
const labels: Record<string, { verdict: Verdict; source?: string }> = JSON.parse(readFileSync(join(SET, 'labels.json'), 'utf8'));
const names = Object.keys(labels);
let report: OriginalityReport;
const draftOf = (name: string) => report.drafts[names.indexOf(name)]!;

beforeAll(async () => {
  report = await checkOriginality({
    postsDir: FIXTURE_POSTS,
    drafts: names.map((n) => join(SET, n)),
    config: defaultConfig(),
    cacheDir: tempDir('verdicts'),
    now: NOW,
  });
});

describe('the labelled verdict set', () => {
  it('has 8 reused-paragraph drafts, 8 rewrites and at least 8 same-domain originals, all long enough to judge', () => {
    const count = (v: Verdict) => names.filter((n) => labels[n]!.verdict === v).length;
    expect([count('passage'), count('rehash')]).toEqual([8, 8]);
    expect(count('original')).toBeGreaterThanOrEqual(8);
    for (const d of report.drafts) expect(d.note, d.file).toBeNull();
  });

  it('gets every verdict right (confusion matrix: rows are labels, columns verdicts)', () => {
    const matrix: Record<Verdict, Record<Verdict, number>> = {
      rehash: { rehash: 0, passage: 0, original: 0 },
      passage: { rehash: 0, passage: 0, original: 0 },
      original: { rehash: 0, passage: 0, original: 0 },
    };
    names.forEach((name) => matrix[labels[name]!.verdict][draftOf(name).verdict]++);
    expect(matrix).toEqual({
      rehash: { rehash: 8, passage: 0, original: 0 },
      passage: { rehash: 0, passage: 8, original: 0 },
      original: { rehash: 0, passage: 0, original: 8 },
    });
  });

  it.each(names.filter((n) => labels[n]!.verdict === 'passage'))(
    '%s: the passage comes from the labelled post, exactly, and the topic stays under the threshold',
    (name) => {
      const d = draftOf(name);
      const match = d.matches.find((m) => m.kind === 'passage')!;
      expect(match.file.endsWith(`/${labels[name]!.source}`)).toBe(true);
      expect(match.topicScore).toBeLessThan(defaultConfig().rehashThreshold);
      expect(match.reuse).toBeGreaterThan(0.1);
      expect(match.reuse).toBeLessThan(0.35);
      const source = readFileSync(join(SET, name), 'utf8');
      for (const p of match.passages) expect(source.slice(p.draft.start, p.draft.end)).toBe(p.draft.text);
      // The score still ranks the post first by its reuse: the boost orders, it does not judge.
      expect(match.score).toBeGreaterThan(match.topicScore);
    },
  );

  it.each(names.filter((n) => labels[n]!.verdict === 'rehash'))('%s: a rehash of the labelled post, and only of it', (name) => {
    const d = draftOf(name);
    const rehashes = d.matches.filter((m) => m.kind === 'rehash');
    expect(rehashes.map((m) => m.file.replace(/^.*\//, ''))).toEqual([labels[name]!.source]);
    expect(rehashes[0]!.topicScore).toBeGreaterThanOrEqual(defaultConfig().rehashThreshold);
  });

  it('keeps a margin on both sides of the rehash threshold', () => {
    const topOf = (name: string) => Math.max(0, ...draftOf(name).matches.map((m) => m.topicScore));
    const judged = (v: Verdict) => names.filter((n) => labels[n]!.verdict === v).map(topOf);
    const threshold = defaultConfig().rehashThreshold;
    expect(Math.min(...judged('rehash'))).toBeGreaterThan(threshold + 0.05);
    expect(Math.max(...judged('passage'), ...judged('original'))).toBeLessThan(threshold - 0.03);
  });
});
