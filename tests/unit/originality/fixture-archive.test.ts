import { beforeAll, describe, expect, it } from 'vitest';
import { checkOriginality, type OriginalityReport } from '../../../src/lib/originality/index.ts';
import { defaultConfig, FIXTURE_POSTS, NOW, tempDir } from './helpers.ts';

/**
 * The fixture archive: eleven published posts on personal knowledge management, a scheduled
 * post, an ignored `_template.md`, and six drafts with a known answer each.
 */
let report: OriginalityReport;
const draft = (name: string) => {
  const found = report.drafts.find((d) => d.file.endsWith(`/${name}`));
  if (!found) throw new Error(`draft ${name} not in report`);
  return found;
};

beforeAll(async () => {
  report = await checkOriginality({ postsDir: FIXTURE_POSTS, config: defaultConfig(), cacheDir: tempDir('fixture'), now: NOW });
});

describe('fixture archive', () => {
  it('checks every draft: true post and indexes only published posts', () => {
    expect(report.drafts.map((d) => d.file.replace(/^.*\//, '')).sort()).toEqual([
      'draft-heavy-rehash-tags.md',
      'draft-light-rehash-weekly-review.md',
      'draft-off-topic-sourdough.md',
      'draft-original-meeting-notes.md',
      'draft-original-voice-memos.md',
      'draft-reused-paragraph-decision-journal.md',
    ]);
    // 10 .md + 1 .mdx; not the 2099 post, not _template.md, not the drafts.
    expect(report.archive.posts).toBe(11);
    expect(report.archive.dir).toBe('tests/fixtures/originality/posts');
    expect(report.archive.words).toBeGreaterThan(4000);
  });

  it('flags a lightly edited old post as a rehash of it, with the whole text as a passage', () => {
    const d = draft('draft-light-rehash-weekly-review.md');
    expect(d.verdict).toBe('rehash');
    const top = d.matches[0]!;
    expect(top.file).toBe('tests/fixtures/originality/posts/2023-01-08-the-weekly-review.md');
    expect(top.kind).toBe('rehash');
    expect(top.title).toBe('The weekly review is the whole system');
    expect(top.date).toBe('2023-01-08');
    expect(top.score).toBeGreaterThan(0.8);
    expect(top.terms).toEqual(expect.arrayContaining(['friday', 'rot']));
    expect(top.sections.some((s) => s.draft === 'Four steps, every Friday' && s.archive === 'The four steps')).toBe(true);
    const covered = top.passages.reduce((n, p) => n + p.draft.end - p.draft.start, 0);
    expect(covered).toBeGreaterThan(2000);
    // Only one rehash: the other posts share the theme, not the thesis.
    expect(d.matches.filter((m) => m.kind === 'rehash')).toHaveLength(1);
  });

  it('flags a heavy rewrite of the same thesis as a rehash, without passages', () => {
    const d = draft('draft-heavy-rehash-tags.md');
    expect(d.verdict).toBe('rehash');
    const top = d.matches[0]!;
    expect(top.file.endsWith('2023-04-23-links-beat-tags.md')).toBe(true);
    expect(top.kind).toBe('rehash');
    expect(top.passages).toEqual([]);
    expect(top.terms).toEqual(expect.arrayContaining(['tag']));
    expect(d.matches.filter((m) => m.kind === 'rehash')).toHaveLength(1);
  });

  it('reports a paragraph reused inside a new argument as a passage, with exact ranges', async () => {
    const d = draft('draft-reused-paragraph-decision-journal.md');
    expect(d.verdict).toBe('passage');
    const match = d.matches.find((m) => m.kind === 'passage')!;
    expect(match.file.endsWith('2023-07-02-reading-notes-in-your-own-words.md')).toBe(true);
    expect(match.passages).toHaveLength(1);
    const [passage] = match.passages;
    expect(passage!.draft.text).toMatch(/^The real work of reading happens when you close the book/);
    expect(passage!.draft.text).toMatch(/where the gap is\.$/);
    expect(passage!.archive.text).toBe(passage!.draft.text);
    expect(passage!.similarity).toBeGreaterThan(0.9);
    // Character ranges are offsets into the source files.
    const { readFile } = await import('node:fs/promises');
    const draftSource = await readFile(d.file, 'utf8');
    const archiveSource = await readFile(match.file, 'utf8');
    expect(draftSource.slice(passage!.draft.start, passage!.draft.end)).toBe(passage!.draft.text);
    expect(archiveSource.slice(passage!.archive.start, passage!.archive.end)).toBe(passage!.archive.text);
    // The rest of the draft is new: not a rehash of the post it borrows from.
    expect(d.matches.some((m) => m.kind === 'rehash')).toBe(false);
    expect(match.topicScore).toBeLessThan(defaultConfig().rehashThreshold);
    expect(match.reuse).toBeGreaterThan(0.05);
    expect(match.reuse).toBeLessThan(0.3);
  });

  it.each(['draft-original-meeting-notes.md', 'draft-original-voice-memos.md'])('keeps %s, a new idea in the same domain, original', (name) => {
    const d = draft(name);
    expect(d.verdict).toBe('original');
    // Related posts may be listed (the same domain), none as more than related.
    expect(d.matches.filter((m) => m.kind !== 'related' || m.passages.length > 0)).toEqual([]);
  });

  it('keeps an off-topic draft original with no related posts', () => {
    const d = draft('draft-off-topic-sourdough.md');
    expect(d.verdict).toBe('original');
    expect(d.matches).toEqual([]);
  });

  it('sorts matches by score, highest first, and never reports the scheduled post', () => {
    for (const d of report.drafts) {
      const scores = d.matches.map((m) => m.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const m of d.matches) {
        expect(m.score).toBeGreaterThanOrEqual(0);
        expect(m.score).toBeLessThanOrEqual(1);
        expect(m.file).not.toMatch(/2099|_template/);
      }
    }
  });

  it('gives each kind of match its evidence: phrases unless related, sections only for a rehash', () => {
    const matches = report.drafts.flatMap((d) => d.matches);
    const of = (kind: string) => matches.filter((m) => m.kind === kind);
    expect(of('related').length).toBeGreaterThan(0);
    expect(of('related').map((m) => [m.phrases, m.sections])).toEqual(of('related').map(() => [[], []]));
    expect(of('passage').map((m) => m.sections)).toEqual(of('passage').map(() => []));
    expect(of('passage').length).toBeGreaterThan(0);
    expect(of('rehash').length).toBeGreaterThan(0);
    for (const m of of('rehash')) {
      expect(m.phrases.length, m.file).toBeGreaterThan(0);
      expect(m.sections.length, m.file).toBeGreaterThan(0);
    }
  });

  it('lists at most maxRelated related posts, only from relatedThreshold up, and never lets either hide a rehash', async () => {
    const checkWith = (over: Record<string, number>) =>
      checkOriginality({ postsDir: FIXTURE_POSTS, config: { ...defaultConfig(), ...over }, cacheDir: tempDir('limits'), now: NOW });
    const count = (r: OriginalityReport, kind: string) => r.drafts.map((d) => d.matches.filter((m) => m.kind === kind).length);
    const defaults = count(report, 'related');
    expect(Math.max(...defaults)).toBeGreaterThan(1);
    const one = await checkWith({ maxRelated: 1 });
    expect(count(one, 'related')).toEqual(defaults.map((n) => Math.min(n, 1)));
    const none = await checkWith({ maxRelated: 0 });
    expect(count(none, 'related')).toEqual(defaults.map(() => 0));
    // The verdicts do not depend on how many related posts are listed.
    expect(none.drafts.map((d) => d.verdict)).toEqual(report.drafts.map((d) => d.verdict));
    const strict = await checkWith({ relatedThreshold: 0.99 });
    expect(count(strict, 'related')).toEqual(defaults.map(() => 0));
    // Every related score of the default report is at least the threshold.
    for (const m of report.drafts.flatMap((d) => d.matches.filter((x) => x.kind === 'related'))) expect(m.score).toBeGreaterThanOrEqual(0.15);
  });

  it('includes a scheduled post once its date has passed', async () => {
    const later = await checkOriginality({
      postsDir: FIXTURE_POSTS,
      drafts: [`${FIXTURE_POSTS}/draft-light-rehash-weekly-review.md`],
      config: defaultConfig(),
      cacheDir: tempDir('later'),
      now: new Date('2100-01-01T00:00:00Z'),
    });
    expect(later.archive.posts).toBe(12);
    const scheduled = later.drafts[0]!.matches.find((m) => m.file.endsWith('2099-06-01-scheduled-post.md'));
    // A short post whose whole content the long draft repeats: a rehash too.
    expect(scheduled?.kind).toBe('rehash');
  });
});
