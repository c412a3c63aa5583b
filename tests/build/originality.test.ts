import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSiteSettings } from '../../scripts/lib/site-settings.ts';
import { buildSite, copyContent, repoRoot, runAstro, siteEnv, startServer, workDir, type BuiltSite } from '../helpers/astro.ts';

// The fixture site with the originality fixture archive as its posts: eleven published posts
// on personal knowledge management and six drafts with a known verdict each.
const archive = path.join(repoRoot, 'tests/fixtures/originality/posts');

async function siteWithArchive(failOn?: 'rehash' | 'passage'): Promise<string> {
  const content = await copyContent();
  await rm(path.join(content, 'posts'), { recursive: true });
  await cp(archive, path.join(content, 'posts'), { recursive: true });
  if (failOn) await addSiteSettings(content, { originality: { failOn } });
  return content;
}

describe('the build gate', () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite(await siteWithArchive());
  }, 300_000);

  it('prints the report for every draft and warns, by default', () => {
    expect(site.output).toContain('6 draft(s) checked against 11 posts');
    expect(site.output).toContain('draft-light-rehash-weekly-review.md');
    expect(site.output).toMatch(/rehash/i);
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
  it('"rehash" fails the build and names the draft', async () => {
    const content = await siteWithArchive('rehash');
    const work = await workDir('gate');
    const result = await runAstro(['build'], siteEnv(content, path.join(work, 'dist'), path.join(work, 'cache')));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('Originality check failed (originality.failOn: "rehash")');
    expect(result.output).toContain('draft-light-rehash-weekly-review.md is a rehash');
  }, 300_000);
});

describe('the dev preview panel', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let content: string;
  beforeAll(async () => {
    content = await siteWithArchive();
    const work = await workDir('devpanel');
    // Peers' posts: the fixture feed cache (a copy, offline, so nothing rewrites it).
    const feedCache = path.join(work, 'blogroll-feeds.json');
    await cp(path.join(repoRoot, 'tests/fixtures/originality/peers/blogroll-feeds.json'), feedCache);
    const env = siteEnv(content, path.join(work, 'dist'), path.join(work, 'cache'), { FRONTROW_FEED_CACHE: feedCache, FRONTROW_OFFLINE: '1' });
    server = await startServer('dev', env);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('shows the verdict, the matched post with a link, and the reused passages', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/draft-light-rehash-weekly-review/`)).text();
    expect(html).toContain('data-originality-verdict="rehash"');
    expect(html).toContain('You already wrote this');
    expect(html).toMatch(/href="\/blog\/posts\/2023-01-08-the-weekly-review\/"[^>]*>The weekly review is the whole system<\/a>/);
    expect(html).toMatch(/<mark[^>]*>Every note-taking method I have tried/);
    // The same words as the terminal report: score against threshold, evidence, next step.
    expect(html).toMatch(/topic 0\.\d\d ≥ 0\.28 \(rehash threshold\)/);
    expect(html).toContain('Shared phrases:');
    expect(html).toMatch(/Section “Four steps, every Friday” ≈ “The four steps”/);
    expect(html).toContain('write the sequel (what changed since), or update the old post instead');
    expect(html).toContain('Related posts you could link to');
    expect(html).toMatch(/<code[^>]*>\[[^\]]+\]\(\/blog\/posts\/2023-[^)]+\/\)<\/code>/);
  });

  it('calls a paragraph reused inside a new argument a passage, and says to quote or rewrite it', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/draft-reused-paragraph-decision-journal/`)).text();
    expect(html).toContain('data-originality-verdict="passage"');
    expect(html).toMatch(/topic 0\.\d\d &lt; 0\.28 \(rehash threshold\)|topic 0\.\d\d < 0\.28 \(rehash threshold\)/);
    expect(html).toContain('quote it and link to it, or rewrite it');
  });

  it('calls a new draft in the same domain original', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/draft-original-voice-memos/`)).text();
    expect(html).toContain('data-originality-verdict="original"');
  });

  it('names the peer who wrote about it lately, with the link, and keeps the verdict', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/draft-original-voice-memos/`)).text();
    expect(html).toContain('data-originality-verdict="original"');
    const peers = html.match(/<div class="peer-links"[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(peers).toContain('Peers who wrote about this');
    expect(peers).toContain('Ines Barros wrote about this on 2026-05-20: link to them, add what only you can say.');
    expect(peers).toMatch(/<a href="https:\/\/ines\.example\/2026\/voice-memos\/"[^>]*>Drafting out loud: voice memos on my afternoon walk<\/a>/);
    expect(peers).toMatch(/similarity 0\.\d\d ≥ 0\.32 \(peer threshold\)/);
  });

  it("prints a peer's name as escaped text", async () => {
    const html = await (await fetch(`${server.url}/blog/posts/draft-original-meeting-notes/`)).text();
    const peers = html.match(/<div class="peer-links"[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(peers).toContain('Theo &lt;b&gt;Nakamura&lt;/b&gt;[31m wrote about this on 2026-05-25');
    expect(peers).not.toContain('<b>');
    expect(peers).toContain('href="https://theo.example/meeting-notes"');
  });

  it('updates when the draft is saved', async () => {
    const draft = path.join(content, 'posts', 'draft-in-progress.md');
    const verdictAfterSave = async (text: string) => {
      await writeFile(draft, text);
      // The dev server re-syncs the saved file; poll until the page reflects it.
      const deadline = Date.now() + 90_000;
      for (;;) {
        const html = await (await fetch(`${server.url}/blog/posts/draft-in-progress/`)).text();
        const verdict = html.match(/data-originality-verdict="(\w+)"/)?.[1];
        const fresh = html.includes(text.split('\n').at(-2)!.slice(0, 40));
        if ((verdict && fresh) || Date.now() > deadline) return verdict;
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    const frontmatter = '---\ntitle: "In progress"\ndescription: "A draft being written."\npubDate: 2026-03-01\ndraft: true\n---\n\n';
    const oldPost = (await readFile(path.join(archive, '2023-01-08-the-weekly-review.md'), 'utf8')).replace(/^---[\s\S]*?---\n/, '');
    expect(await verdictAfterSave(`${frontmatter}${oldPost}`)).toBe('rehash');
    expect(
      await verdictAfterSave(
        `${frontmatter}Sourdough starters need flour, water and patience. Feed the starter twice a day and keep it somewhere warm until it doubles.\n`,
      ),
    ).toBe('original');
    const html = await (await fetch(`${server.url}/blog/posts/draft-in-progress/`)).text();
    expect(html).toContain('Not judged yet');
  }, 300_000);

  it('is not on published posts', async () => {
    const html = await (await fetch(`${server.url}/blog/posts/2023-01-08-the-weekly-review/`)).text();
    expect(html).not.toContain('Originality check');
  });
});
