import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mf2 } from 'microformats-parser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sendWebmentions } from '../../src/lib/outreach/send.ts';
import { buildSite, copyContent, siteEnv, startServer, workDir, type BuiltSite } from '../helpers/astro.ts';
import { html, stubServer, type StubServer } from '../unit/outreach/servers.ts';
import { axeViolations, cspViolations, isolatedContext, launchChromium, watchProblems, type PageProblems } from './browser.ts';

// The fixture blog with a newsletter, a fediverse handle, feeds cut to 3 posts, three response
// posts answering pages on a local stub (the peer) and a post with a cover image first published
// elsewhere, built on 1 January 2099 (FRONTROW_NOW), the day the fixture's scheduled post goes
// live, with a page for each year of its archive (2099 and 2024). Built once, then read from dist/, served by `astro preview` to Chromium, and handed to
// the Webmention sender. (tests/build/site.test.ts builds the fixture as it is.)
let peer: StubServer;
let site: BuiltSite;
let work: string;

const SCHEDULED_DAY = '2099-01-01T00:00:00.000Z';

const COVER_POST = `---
title: Cover Story
description: A post with a cover image, first published elsewhere.
pubDate: 2024-03-01
image: ./images/square.svg
imageAlt: A small square
canonicalUrl: https://elsewhere.example/cover-story/
---

The words of a cross-posted story.
`;

const posts = (origin: string): Record<string, string> => ({
  'cover-story.md': COVER_POST,
  'reply-note.md': ['---', 'pubDate: 2024-03-20', `inReplyTo: ${origin}/their-post`, '---', '', 'Agreed: notes are for thinking, not for keeping.'].join('\n'),
  'liked.md': [
    '---',
    'title: A post I liked',
    'description: Liking a page with only a title.',
    'pubDate: 2024-03-18',
    `likeOf: ${origin}/titled`,
    '---',
    '',
    'Worth reading.',
  ].join('\n'),
  'bookmark.md': ['---', 'pubDate: 2024-03-17', 'bookmarkOf: http://127.0.0.1:9/gone', '---', '', 'Saved for later.'].join('\n'),
});

beforeAll(async () => {
  peer = await stubServer((req, res) => {
    if (req.method === 'POST' && req.path === '/webmention') return void res.writeHead(202).end();
    if (req.method === 'POST' && req.path === '/subscribe')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Thanks</title><p>Thanks</p>');
    if (req.path === '/their-post') {
      return html(
        res,
        `<link rel="webmention" href="/webmention"></head><body><article class="h-entry"><h1 class="p-name">Notes are for thinking &amp; more</h1>
        <a class="p-author h-card" href="/about">Pat <script>alert(1)</script>Peer</a><div class="e-content">Body</div></article></body></html>`,
      );
    }
    if (req.path === '/titled') return html(res, '<link rel="webmention" href="/webmention"></head><body><p>No microformats here.</p></body></html>');
    res.writeHead(404).end();
  });
  work = await workDir('follow');
  const content = await copyContent();
  const configFile = path.join(content, 'site.config.ts');
  const source = await readFile(configFile, 'utf8');
  const extra = {
    fediverseCreator: '@ada@social.example',
    feedItems: 3,
    archiveOnOnePage: 2,
    newsletter: { action: `${peer.origin}/subscribe`, provider: 'Buttondown', emailField: 'email', hidden: { embed: '1' } },
  };
  const patched = source.replace(/\n\} satisfies SiteConfigInput;/, `\n  ...${JSON.stringify(extra)},\n} satisfies SiteConfigInput;`);
  expect(patched).not.toBe(source);
  await writeFile(configFile, patched);
  for (const [file, text] of Object.entries(posts(peer.origin))) await writeFile(path.join(content, 'posts', file), text);
  site = await buildSite(content, { FRONTROW_REPLY_CACHE: path.join(work, 'reply-contexts.json'), FRONTROW_NOW: SCHEDULED_DAY });
}, 300_000);

afterAll(() => peer?.close());

const JsonFeed11 = z.strictObject({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.url(),
  feed_url: z.url(),
  description: z.string().optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/),
  favicon: z.url().optional(),
  authors: z.array(z.strictObject({ name: z.string(), url: z.url().optional(), avatar: z.url().optional() })).min(1),
  items: z.array(
    z
      .strictObject({
        id: z.string().min(1),
        url: z.url(),
        external_url: z.url().optional(),
        title: z.string().optional(),
        summary: z.string().optional(),
        content_html: z.string().optional(),
        content_text: z.string().optional(),
        date_published: z.iso.datetime({ offset: true }),
        date_modified: z.iso.datetime({ offset: true }).optional(),
        tags: z.array(z.string()).optional(),
        authors: z.array(z.object({ name: z.string() })).optional(),
      })
      .refine((item) => item.content_html !== undefined || item.content_text !== undefined, 'content_html or content_text'),
  ),
});

describe('feeds', () => {
  it('/feed.json is a valid JSON Feed 1.1 with the latest feedItems posts, notes without a made-up title', async () => {
    const feed = JsonFeed11.parse(JSON.parse(await site.read('feed.json')));
    expect(feed.feed_url).toBe('https://fixture.example/blog/feed.json');
    expect(feed.home_page_url).toBe('https://fixture.example/blog/');
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://fixture.example/blog/posts/from-the-future/',
      'https://fixture.example/blog/posts/reply-note/',
      'https://fixture.example/blog/posts/liked/',
    ]);
    const [, note, liked] = feed.items;
    expect(note).not.toHaveProperty('title');
    expect(note!.external_url).toBe(`${peer.origin}/their-post`);
    expect(note!.content_html).toContain('notes are for thinking');
    expect(liked!.title).toBe('A post I liked');
  });

  it('RSS carries the same latest feedItems posts, a note with its generated title', async () => {
    const rss = await site.read('rss.xml');
    const titles = [...rss.matchAll(/<item><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual(['From The Future Quokka', `Reply to 127.0.0.1:${new URL(peer.origin).port}/their-post`, 'A post I liked']);
  });

  it('every page announces both feeds, and no link meant for people points at a feed file', async () => {
    const pages = (await site.files()).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) {
      const text = await site.read(file);
      if (/http-equiv="refresh"/.test(text)) continue;
      expect(text, file).toContain('<link rel="alternate" type="application/rss+xml"');
      expect(text, file).toContain('<link rel="alternate" type="application/feed+json"');
      expect(text, file).not.toMatch(/<a [^>]*href="[^"]*(rss\.xml|feed\.json)"/);
      expect(text, file).toMatch(/<a href="\/blog\/follow\/"/);
    }
    const post = await site.read('posts/first-light/index.html');
    expect(post).toMatch(/<footer class="post-footer"[^>]*>.*?<a href="\/blog\/follow\/"[^>]*>Follow the blog<\/a>/s);
  });
});

describe('a scheduled post', () => {
  it('goes live on its date (the build’s "now" is its pubDate), the draft still does not', async () => {
    const files = await site.files();
    expect(files).toContain('posts/from-the-future/index.html');
    expect(await site.read('posts/from-the-future/index.html')).toContain('crocodile arrives on a silver bicycle.');
    expect(await site.read('rss.xml')).toContain('From The Future Quokka');
    expect(await site.read('tags/futureonlytag/index.html')).toContain('From The Future Quokka');
    expect(files.filter((f) => f.includes('secret-draft'))).toEqual([]);
  });
});

describe('what the README promises', () => {
  it('gives a post with a cover image the picture and an og:image, with its alt text', async () => {
    const html = await site.read('posts/cover-story/index.html');
    expect(html).toMatch(/<meta property="og:image" content="https:\/\/fixture\.example\/blog\/_astro\/square\.[\w-]+\.svg">/);
    expect(html).toContain('<meta property="og:image:alt" content="A small square">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).toMatch(/<img[^>]+class="cover u-photo"[^>]*>|<img[^>]+alt="A small square"[^>]+class="cover u-photo"/);
    // A post without a cover has no og:image.
    expect(await site.read('posts/first-light/index.html')).not.toContain('og:image"');
  });

  it('points the canonical link of a cross-post at where it first appeared, and says so', async () => {
    const html = await site.read('posts/cover-story/index.html');
    expect(html).toContain('<link rel="canonical" href="https://elsewhere.example/cover-story/">');
    expect(html).toContain('<meta property="og:url" content="https://elsewhere.example/cover-story/">');
    expect(html).toMatch(/Originally published at <a class="u-syndication" href="https:\/\/elsewhere\.example\/cover-story\/"[^>]*>elsewhere\.example<\/a>/);
  });

  it('names the fediverse creator on every page when fediverseCreator is set (tests/build/site.test.ts: nowhere otherwise)', async () => {
    for (const page of ['index.html', 'posts/first-light/index.html', 'about/index.html']) {
      expect(await site.read(page), page).toContain('<meta name="fediverse:creator" content="@ada@social.example">');
    }
  });
});

describe('response posts', () => {
  it('shows "In reply to <title> by <author>" from the target h-entry, as an h-cite inside u-in-reply-to', async () => {
    const page = await site.read('posts/reply-note/index.html');
    const text = page
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .replaceAll('&amp;', '&');
    // The peer's markup (a <script> in their author name) arrives as text at most, never as markup.
    expect(text).toContain('In reply to Notes are for thinking & more by Pat Peer');
    expect(page).not.toContain('<script>alert(1)');
    const entry = mf2(page, { baseUrl: 'https://fixture.example/blog/posts/reply-note/' }).items.find((i) => i.type?.includes('h-entry'))!;
    const cite = entry.properties['in-reply-to']![0] as { type: string[]; properties: Record<string, unknown[]> };
    expect(cite.type).toEqual(['h-cite']);
    expect(cite.properties['url']).toEqual([`${peer.origin}/their-post`]);
    expect(cite.properties['name']).toEqual(['Notes are for thinking & more']);
    // A note has no name of its own: receivers show its text, not the generated title.
    expect(entry.properties['name']).toBeUndefined();
    expect(page).toMatch(/<h1 class="note-title"[^>]*>Reply to 127\.0\.0\.1/);
  });

  it('falls back to <title>, then to the bare link, and caches what it read', async () => {
    const liked = await site.read('posts/liked/index.html');
    expect(liked).toMatch(/Liked\s*<span class="u-like-of h-cite"[^>]*>\s*<a class="u-url p-name" href="[^"]+\/titled"[^>]*>Test<\/a>/);
    const bookmark = await site.read('posts/bookmark/index.html');
    expect(bookmark).toMatch(
      /Bookmarked\s*<span class="u-bookmark-of h-cite"[^>]*>\s*<a class="u-url" href="http:\/\/127\.0\.0\.1:9\/gone"[^>]*>http:\/\/127\.0\.0\.1:9\/gone<\/a>/,
    );
    expect(site.output).toMatch(/Replies: could not read http:\/\/127\.0\.0\.1:9\/gone/);
    const cache = JSON.parse(await readFile(path.join(work, 'reply-contexts.json'), 'utf8'));
    expect(Object.keys(cache.pages).sort()).toEqual([`${peer.origin}/their-post`, `${peer.origin}/titled`]);
  });

  it('the sender notifies the pages the replies answer', async () => {
    await mkdir(path.join(work, 'cache'), { recursive: true });
    const recordFile = path.join(work, 'cache/sent.json');
    await writeFile(recordFile, JSON.stringify({ version: 1, since: '2020-01-01T00:00:00Z', sources: {} }));
    await sendWebmentions({
      dist: site.dist,
      siteRoot: 'https://fixture.example/blog/',
      recordFile,
      baselineDays: 7,
      maxAttempts: 3,
      concurrency: 2,
      net: { userAgent: 'test', timeoutMs: 2000, maxBytes: 1_000_000 },
    });
    expect(
      peer
        .posts()
        .filter((p) => p.path === '/webmention')
        .map((p) => p.form)
        .sort((a, b) => a['target']!.localeCompare(b['target']!)),
    ).toEqual([
      { source: 'https://fixture.example/blog/posts/reply-note/', target: `${peer.origin}/their-post` },
      { source: 'https://fixture.example/blog/posts/liked/', target: `${peer.origin}/titled` },
    ]);
  });
});

describe('in Chromium: the follow page, the archive by year', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let problemsOf: (page: Page) => PageProblems;
  let offsite: string[];
  beforeAll(async () => {
    const cache = path.join(work, 'preview-cache');
    await mkdir(cache, { recursive: true });
    [server, browser] = await Promise.all([
      startServer('preview', siteEnv(path.join(work, 'unused'), site.dist, cache, { FRONTROW_CONTENT_DIR: await copyContent() })),
      launchChromium(),
    ]);
    ({ context, offsite } = await isolatedContext(browser, server.url));
    problemsOf = await watchProblems(context);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers the feed addresses, email and fediverse, with no console error, CSP violation or axe issue', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/blog/follow/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Follow Fixture Blog');
    await expect(page.locator('#rss-url').inputValue()).resolves.toBe('https://fixture.example/blog/rss.xml');
    await expect(page.locator('#json-url').inputValue()).resolves.toBe('https://fixture.example/blog/feed.json');
    await expect(page.locator('#follow-social ~ p a[href="https://social.example/@ada"]').textContent()).resolves.toBe('@ada@social.example');
    expect(await page.locator('text=A feed is a free, private way').count()).toBe(1);
    // The policy allows the newsletter provider as a form target, and nothing else new.
    const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(csp).toContain(`form-action 'self' ${peer.origin}`);
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#newsletter-email').fill('reader@example.org');
    await Promise.all([page.waitForURL(`${peer.origin}/subscribe`), page.locator('.newsletter-form button[type="submit"]').click()]);
    const subscribe = peer.posts().find((p) => p.path === '/subscribe');
    expect(subscribe?.form).toEqual({ email: 'reader@example.org', embed: '1' });
    expect(problemsOf(page).console).toEqual([]);
    expect(offsite).toEqual([]);
  });

  it('takes a reader from the list of years to a year and on to the one before, with no console error, CSP violation or axe issue', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/blog/archive/`);
    await expect(page.locator('main li a').allTextContents()).resolves.toEqual(['2099', '2024']);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(/\/blog\/archive\/2099\/$/), page.locator('main li a', { hasText: '2099' }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('2099');
    await expect(page.locator('.post-list .p-name').allInnerTexts()).resolves.toEqual(['From The Future Quokka']);
    await Promise.all([page.waitForURL(/\/blog\/archive\/2024\/$/), page.locator('a[rel="next"]').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('2024');
    expect(await page.locator('.post-list .p-name').count()).toBeGreaterThan(3);
    await expect(page.locator('a[rel="prev"]').textContent()).resolves.toBe('← 2099');
    expect(await axeViolations(page)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(problemsOf(page).console).toEqual([]);
  });

  it('no CSP violation on the follow page before the form is used', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/blog/follow/`);
    await page.waitForLoadState('networkidle');
    expect(await cspViolations(page)).toEqual([]);
    expect(problemsOf(page).console).toEqual([]);
  });
});
