import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOriginality } from '../../../src/lib/originality/index.ts';
import { defaultConfig, tempDir } from './helpers.ts';

const post = (title: string, body: string, extra = '') => `---\ntitle: "${title}"\ndescription: "x"\npubDate: 2024-01-01\n${extra}---\n\n${body}\n`;
const GARDEN =
  'Tomatoes need six hours of sun, deep watering twice a week and a stake before the first truss sets. Pinch out the side shoots every few days, or the plant spends itself on leaves. A mulch of straw keeps the soil moist and the lower leaves clean when it rains. Feed them with a potash feed once the first fruits swell, and stop watering so much in late summer: a little stress sweetens the last trusses. Pick them when they colour, not when they soften.';

describe('the originality check at the edges', () => {
  it('reads Windows line endings, and an exact copy scores 1 with one passage', async () => {
    const dir = tempDir('crlf');
    writeFileSync(join(dir, 'tomatoes.md'), post('Tomatoes', GARDEN).replace(/\n/g, '\r\n'));
    writeFileSync(join(dir, 'copy.md'), post('Tomatoes again', GARDEN, 'draft: true\n'));
    const report = await checkOriginality({ postsDir: dir, config: defaultConfig(), cacheDir: tempDir('crlf-cache') });
    expect(report.archive.posts).toBe(1);
    const [draft] = report.drafts;
    expect(draft!.verdict).toBe('rehash');
    expect(draft!.matches[0]!.score).toBeGreaterThan(0.95);
    expect(draft!.matches[0]!.passages).toHaveLength(1);
  });

  it('finds drafts in sub-folders, skips `_` folders, and calls an empty draft against an empty archive original', async () => {
    const dir = tempDir('empty');
    mkdirSync(join(dir, '2024', '_private'), { recursive: true });
    writeFileSync(join(dir, '2024', 'empty.md'), post('Empty', '', 'draft: true\n'));
    writeFileSync(join(dir, '2024', '_private', 'hidden.md'), post('Hidden', GARDEN));
    const report = await checkOriginality({ postsDir: dir, config: defaultConfig(), cacheDir: tempDir('empty-cache') });
    expect(report.archive).toEqual({ dir: expect.any(String), posts: 0, words: 0 });
    expect(report.drafts.map((d) => [d.title, d.verdict, d.matches])).toEqual([['Empty', 'original', []]]);
  });

  it('does not judge a draft under minDraftWords: original, with a note, matches only related', async () => {
    const dir = tempDir('short');
    writeFileSync(join(dir, 'tomatoes.md'), post('Tomatoes', GARDEN));
    // An exact copy of a third of the post: a rehash at any length, but too short to judge.
    writeFileSync(join(dir, 'short.md'), post('Tomatoes', GARDEN.split('. ').slice(0, 3).join('. '), 'draft: true\n'));
    writeFileSync(join(dir, 'tiny.md'), post('Some', 'Some text.', 'draft: true\n'));
    const report = await checkOriginality({ postsDir: dir, config: defaultConfig(), cacheDir: tempDir('short-cache') });
    for (const draft of report.drafts) {
      expect(draft.verdict).toBe('original');
      expect(draft.words).toBeLessThan(defaultConfig().minDraftWords);
      expect(draft.note).toMatch(/too short to judge/);
      expect(draft.matches.every((m) => m.kind === 'related' && m.passages.length === 0 && m.reuse === 0)).toBe(true);
    }
    const short = report.drafts.find((d) => d.file.endsWith('short.md'))!;
    expect(short.matches.map((m) => m.title)).toEqual(['Tomatoes']);
    // The same draft is judged when the bar is lowered.
    const judged = await checkOriginality({
      postsDir: dir,
      drafts: [join(dir, 'short.md')],
      config: { ...defaultConfig(), minDraftWords: 10 },
      cacheDir: tempDir('short-cache2'),
    });
    expect(judged.drafts[0]!.verdict).toBe('rehash');
    expect(judged.drafts[0]!.note).toBeNull();
  });
});
