import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { updateIndex } from '../../../src/lib/originality/index-build.ts';
import { checkOriginality, publishedArchive, relatedPosts } from '../../../src/lib/originality/index.ts';
import { listPostFiles } from '../../../src/lib/originality/posts.ts';
import { defaultConfig, FIXTURE_POSTS, NOW, tempDir } from './helpers.ts';

const show = (p: string) => p;

describe('on-disk index cache', () => {
  it('re-analyses only new or changed posts', async () => {
    const posts = tempDir('posts');
    cpSync(FIXTURE_POSTS, posts, { recursive: true });
    const cache = join(tempDir('cache'), 'index.sqlite');
    const files = await listPostFiles(posts, false);
    expect(files).toHaveLength(18); // _template.md is ignored

    const cold = updateIndex(posts, files, cache, show);
    expect([cold.analyzed, cold.reused]).toEqual([18, 0]);
    const warm = updateIndex(posts, files, cache, show);
    expect([warm.analyzed, warm.reused]).toEqual([0, 18]);

    const edited = files.find((f) => f.endsWith('2023-02-12-atomic-notes.md'))!;
    const wordsBefore = warm.index.find(edited)!.words;
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nOne more paragraph about atomic notes and their titles.\n`);
    const touched = files.find((f) => f.endsWith('2023-04-23-links-beat-tags.md'))!;
    writeFileSync(touched, readFileSync(touched, 'utf8')); // new mtime, same content: re-hashed, not re-analysed
    const rebuilt = updateIndex(posts, files, cache, show);
    expect([rebuilt.analyzed, rebuilt.reused]).toEqual([1, 17]);
    expect(rebuilt.index.find(edited)!.words).toBeGreaterThan(wordsBefore);
  });

  it('gives the same report from a cold and a warm cache', async () => {
    const cacheDir = tempDir('same');
    const run = () => checkOriginality({ postsDir: FIXTURE_POSTS, config: defaultConfig(), cacheDir, now: NOW });
    const cold = await run();
    const warm = await run();
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1); // one database file
    expect(warm.drafts).toEqual(cold.drafts);
  });

  it('fails clearly on a missing draft or broken frontmatter', async () => {
    await expect(
      checkOriginality({ postsDir: FIXTURE_POSTS, drafts: ['no/such/draft.md'], config: defaultConfig(), cacheDir: tempDir('missing') }),
    ).rejects.toThrow(/no\/such\/draft\.md: file not found/);
    const broken = join(tempDir('broken'), 'broken.md');
    writeFileSync(broken, '---\ntitle: "unterminated\n---\nBody\n');
    await expect(checkOriginality({ postsDir: FIXTURE_POSTS, drafts: [broken], config: defaultConfig(), cacheDir: tempDir('broken-cache') })).rejects.toThrow(
      /broken\.md: Missing closing "quote/,
    );
  });
});

describe('relatedPosts', () => {
  it('lists published neighbours of a post, best first, never itself, drafts or scheduled posts', async () => {
    const cacheDir = tempDir('related');
    const related = await relatedPosts({
      postsDir: FIXTURE_POSTS,
      file: join(FIXTURE_POSTS, '2023-07-02-reading-notes-in-your-own-words.md'),
      k: 3,
      config: defaultConfig(),
      cacheDir,
      now: NOW,
    });
    expect(related.length).toBeGreaterThan(0);
    expect(related.length).toBeLessThanOrEqual(3);
    // The sceptical take on progressive summarisation is the closest post on reading notes.
    expect(related[0]!.file.endsWith('2023-09-10-progressive-summarization-skeptic.md')).toBe(true);
    const scores = related.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const r of related) {
      expect(r.file).not.toMatch(/reading-notes-in-your-own-words|draft-|2099/);
      expect(r.score).toBeGreaterThanOrEqual(defaultConfig().relatedThreshold);
    }
  });

  it('memoises the index in the process, and sees an edit once a second has passed', async () => {
    const posts = tempDir('related-edit');
    cpSync(FIXTURE_POSTS, posts, { recursive: true });
    const cacheDir = tempDir('related-edit-cache');
    const file = join(posts, '2023-03-19-capture-everything-is-a-trap.md');
    const ask = () => relatedPosts({ postsDir: posts, file, k: 10, config: defaultConfig(), cacheDir, now: NOW });
    // The memo's clock is Date.now(): frozen here, moved on by hand.
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const before = await ask();
    expect(before.some((r) => r.file.endsWith('2024-01-14-let-notes-die.md'))).toBe(false);
    // Rewrite "Let your notes die" into a post about capture: it must become a neighbour.
    const capture = readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Capture less"');
    writeFileSync(join(posts, '2024-01-14-let-notes-die.md'), capture.replace('pubDate: 2023-03-19', 'pubDate: 2024-01-14'));
    // Within the second, the memo answers without looking at the files again.
    expect((await ask()).some((r) => r.file.endsWith('2024-01-14-let-notes-die.md'))).toBe(false);
    vi.setSystemTime(Date.now() + 1_001);
    const after = await ask();
    expect(after[0]!.file.endsWith('2024-01-14-let-notes-die.md')).toBe(true);
  });

  it('finds the post a draft rehashes', async () => {
    const related = await relatedPosts({
      postsDir: FIXTURE_POSTS,
      file: join(FIXTURE_POSTS, 'draft-heavy-rehash-tags.md'),
      config: defaultConfig(),
      cacheDir: tempDir('related-draft'),
      now: NOW,
    });
    expect(related[0]!.file.endsWith('2023-04-23-links-beat-tags.md')).toBe(true);
    expect(related[0]!.title).toBe('Links beat tags');
  });
});

describe('publishedArchive', () => {
  // A build's related posts are kept under this digest: it must move with every answer, and only then.
  it('names the published posts, with a digest that moves exactly when their related posts may', async () => {
    const posts = tempDir('published');
    cpSync(FIXTURE_POSTS, posts, { recursive: true });
    const cacheDir = tempDir('published-cache');
    const at = (now: Date) => publishedArchive({ postsDir: posts, cacheDir, now });
    const first = await at(NOW);
    expect(first.files.map((f) => f.slice(posts.length + 1)).sort()).toEqual(
      readdirSync(posts)
        .filter((f) => /^20(23|24)-/.test(f))
        .sort(),
    );
    expect((await at(NOW)).digest).toBe(first.digest);

    // A draft's edit changes no published post's answers.
    const draft = join(posts, 'draft-off-topic-sourdough.md');
    writeFileSync(draft, `${readFileSync(draft, 'utf8')}\nA new paragraph on rye.\n`);
    expect((await at(NOW)).digest).toBe(first.digest);

    // A published post's edit does, and so does the day a scheduled post comes out.
    const edited = join(posts, '2023-02-12-atomic-notes.md');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nOne more paragraph about atomic notes.\n`);
    const afterEdit = await at(NOW);
    expect(afterEdit.digest).not.toBe(first.digest);
    const scheduledOut = await at(new Date('2099-06-02T00:00:00Z'));
    expect(scheduledOut.files.some((f) => f.endsWith('2099-06-01-scheduled-post.md'))).toBe(true);
    expect(scheduledOut.digest).not.toBe(afterEdit.digest);
  });
});
