import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, copyContent, repoRoot, siteEnv, startServer, tryBuild, workDir, type BuiltSite } from '../helpers/astro.ts';

// The fixture site with the originality fixture archive as its posts: eleven published posts
// on personal knowledge management and six drafts with a known verdict each.
const archive = path.join(repoRoot, 'tests/fixtures/originality/posts');

async function siteWithArchive(failOn?: 'rehash' | 'passage'): Promise<string> {
  const content = await copyContent();
  await rm(path.join(content, 'posts'), { recursive: true });
  await cp(archive, path.join(content, 'posts'), { recursive: true });
  if (failOn) {
    const config = path.join(content, 'site.config.ts');
    await writeFile(config, (await readFile(config, 'utf8')).replace('postsPerPage: 2,', `postsPerPage: 2,\n  originality: { failOn: '${failOn}' },`));
  }
  return content;
}

describe('the build gate', () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite(await siteWithArchive());
  }, 120_000);

  it('prints the report for every draft and warns, by default', () => {
    expect(site.output).toContain('6 draft(s) checked against 11 posts');
    // Each draft's verdict line follows its file name and title (the file name alone says
    // "rehash", so the verdict is read from its own line).
    const verdictOf = (file: string) => new RegExp(`${file.replace('.', '\\.')}\\n[^\\n]*\\n\\s*([A-Z ]+?)  `).exec(site.output)?.[1];
    expect(verdictOf('draft-light-rehash-weekly-review.md')).toBe('REHASH');
    expect(verdictOf('draft-reused-paragraph-decision-journal.md')).toBe('REUSED PASSAGE');
    expect(verdictOf('draft-original-voice-memos.md')).toBe('ORIGINAL');
    expect(site.output).toContain('The weekly review is the whole system');
  });

  it('shows related posts from the same engine on published posts, never drafts', async () => {
    const html = await site.read('posts/2023-01-08-the-weekly-review/index.html');
    const related = html.match(/<section class="related"[\s\S]*?<\/section>/)?.[0] ?? '';
    const links = [...related.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThanOrEqual(3);
    expect(links.every((href) => href!.startsWith('/blog/posts/2'))).toBe(true);
    expect(related).not.toContain('draft-');
  });

  it('keeps the check out of production pages', async () => {
    for (const file of (await site.files()).filter((f) => f.endsWith('.html'))) {
      expect(await site.read(file), file).not.toContain('Originality check');
    }
  });
});

describe('originality.failOn', () => {
  let rehash: Awaited<ReturnType<typeof tryBuild>>;
  let passage: Awaited<ReturnType<typeof tryBuild>>;
  beforeAll(async () => {
    [rehash, passage] = await Promise.all([tryBuild(await siteWithArchive('rehash')), tryBuild(await siteWithArchive('passage'))]);
  }, 180_000);

  it('"rehash" fails the build and names the rehash', () => {
    expect(rehash.code).not.toBe(0);
    expect(rehash.output).toContain('Originality check failed (originality.failOn: "rehash")');
    expect(rehash.output).toContain('draft-light-rehash-weekly-review.md is a rehash');
  });

  it('"passage" fails the build on a reused passage too, naming the draft', () => {
    expect(passage.code).not.toBe(0);
    expect(passage.output).toContain('Originality check failed (originality.failOn: "passage")');
    expect(passage.output).toContain('draft-reused-paragraph-decision-journal.md is reusing passages');
    expect(passage.output).toContain('draft-light-rehash-weekly-review.md is a rehash');
  });
});

describe('the dev preview panel', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let content: string;
  beforeAll(async () => {
    content = await siteWithArchive();
    const work = await workDir('devpanel');
    server = await startServer('dev', siteEnv(content, path.join(work, 'dist'), path.join(work, 'cache')));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('shows the verdict, the matched post with a link, and the reused passages', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/draft-light-rehash-weekly-review/`)).text();
    expect(html).toContain('data-originality-verdict="rehash"');
    expect(html).toContain('You already wrote this');
    expect(html).toMatch(/href="\/blog\/posts\/2023-01-08-the-weekly-review\/"[^>]*>The weekly review is the whole system<\/a>/);
    expect(html).toMatch(/<mark[^>]*>Every note-taking method I have tried/);
  });

  it('calls a new draft in the same domain original', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/draft-original-voice-memos/`)).text();
    expect(html).toContain('data-originality-verdict="original"');
  });

  it('updates when the draft is saved', async () => {
    const draft = path.join(content, 'posts', 'draft-in-progress.md');
    let saves = 0;
    const verdictAfterSave = async (body: string) => {
      // Each save carries its own title, so the page that shows it is known to be fresh.
      const title = `In progress, version ${++saves}`;
      await writeFile(draft, `---\ntitle: "${title}"\ndescription: "A draft being written."\npubDate: 2026-03-01\ndraft: true\n---\n\n${body}`);
      // The dev server re-syncs the saved file; the test's own timeout bounds the wait.
      let verdict: string | undefined;
      await expect
        .poll(async () => {
          const html = await (await fetch(`${server.url}/blog/posts/draft-in-progress/`)).text();
          verdict = html.match(/data-originality-verdict="(\w+)"/)?.[1];
          return verdict !== undefined && html.includes(title);
        }, { timeout: 100_000, interval: 200 })
        .toBe(true);
      return verdict;
    };
    const oldPost = (await readFile(path.join(archive, '2023-01-08-the-weekly-review.md'), 'utf8')).replace(/^---[\s\S]*?---\n/, '');
    expect(await verdictAfterSave(oldPost)).toBe('rehash');
    expect(
      await verdictAfterSave(
        'Sourdough starters need flour, water and patience. Feed the starter twice a day and keep it somewhere warm until it doubles.\n',
      ),
    ).toBe('original');
  }, 240_000);

  it('is not on published posts', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/2023-01-08-the-weekly-review/`)).text();
    expect(html).not.toContain('Originality check');
  });
});
