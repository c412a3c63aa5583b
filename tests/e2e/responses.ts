import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mf2 } from 'microformats-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST_URL } from '../helpers/responses-site.ts';
import { PAYLOAD_MARKERS, TOKEN } from '../unit/responses/stubs.ts';
import { axeViolations, cspViolations, isolatedContext, watchProblems } from './browser.ts';
import { browser, devServer, fixture, offline, server, site } from './reader-site.ts';

// The responses "First Light" heard while the site was built (tests/e2e/reader-site.ts): the
// files in dist/, the offline build from the cache alone, the page in Chromium and the front
// row in the dev server. Nothing may break, be blocked by the Content-Security-Policy, or be
// asked of another host.
/** The built "First Light". */
let page: string;

const section = (html: string) => /<section class="responses[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

describe('responses under a post', () => {
  beforeAll(async () => {
    page = await site.read('posts/first-light/index.html');
  });

  it('shows replies and mentions as a thread of plain text, linked with rel="nofollow ugc"', () => {
    const responses = section(page);
    expect(responses).toContain('Lovely post, thank you.');
    expect(responses).toContain('Cal wrote about this post.');
    expect(responses).toContain('Replying from Bluesky');
    expect(responses).toContain('Hostile but readable');
    expect(responses).toMatch(/<a class="p-name u-url" href="https:\/\/ann\.example\/" rel="nofollow ugc"/);
    expect(responses).toMatch(/<a class="u-url permalink" href="https:\/\/ann\.example\/replies\/1" rel="nofollow ugc"/);
    expect(responses).not.toContain('<b>');
  });

  it('marks them up as microformats2 inside the post’s h-entry', () => {
    expect(page).toMatch(/<article class="h-entry post"[\s\S]*<section class="responses[\s\S]*<\/section>[\s\S]*<\/article>/);
    const responses = section(page);
    expect(responses).toContain('class="response u-comment h-cite');
    expect(responses).toContain('class="u-like h-cite"');
    expect(responses).toContain('class="p-author h-card"');
    expect(responses).toContain('class="dt-published"');
    expect(responses).toContain('class="p-content"');
  });

  it('reads back as comments, likes and syndication with a microformats2 parser', () => {
    const entry = mf2(page, { baseUrl: POST_URL }).items.find((item) => item.type?.includes('h-entry'))!;
    type Cite = { type: string[]; properties: Record<string, unknown[]> };
    const comments = entry.properties['comment'] as Cite[];
    const ann = comments.find((c) => JSON.stringify(c.properties['author']).includes('Ann Example'))!;
    expect(ann.type).toEqual(['h-cite']);
    expect(ann.properties['url']).toContain('https://ann.example/replies/1');
    expect(ann.properties['content']).toEqual(['Lovely post, thank you.']);
    expect(ann.properties['published']).toEqual(['2026-11-20T10:00:00.000Z']);
    expect(entry.properties['like'] as Cite[]).toHaveLength(48);
    expect(String((entry.properties['like'] as Cite[])[0]!.properties['url'])).toMatch(/^https:\/\/liker\d+\.example\/likes\/1$/);
    expect(entry.properties['syndication']).toContain(fixture.community.mastodonUrl);
  });

  it('shows a Bridgy-delivered Mastodon reply once, and the writer’s answer beneath it', () => {
    expect(section(page).match(/Bea replied on Mastodon/g)).toHaveLength(1);
    expect(section(page)).toMatch(/class="response u-comment h-cite depth-1 reply"[^>]*>[\s\S]*?Thank you, Bea!/);
  });

  it('shows 10,000 likes as a count and a capped facepile', () => {
    const responses = section(page);
    expect(responses).toContain('10,001 likes');
    expect(responses.match(/class="u-like h-cite"/g)).toHaveLength(48);
    expect(responses).toContain('+9,953');
    expect(page.length).toBeLessThan(400_000);
  });

  it('links the syndicated copies as u-syndication, with their counts', () => {
    const responses = section(page);
    expect(responses).toMatch(/Also on\s*<a class="u-syndication" href="http:\/\/127\.0\.0\.1:\d+\/@ada\/111" rel="syndication"[^>]*>Mastodon<\/a>/);
    expect(responses).toContain('>Bluesky</a>');
    expect(responses).toContain('(7 likes, 2 reposts)');
  });

  it('serves every picture from the site: verified images fetched at build, the rest left out', async () => {
    const images = [...section(page).matchAll(/<img[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    for (const src of images) expect(src).toMatch(/^\/blog\/responses\/avatars\/[a-f\d]{32}\.png$/);
    const file = path.join(site.dist, images[0]!.replace('/blog/', ''));
    expect([...(await readFile(file)).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const avatars = (await site.files()).filter((f) => f.startsWith('responses/avatars/'));
    expect(avatars.every((f) => f.endsWith('.png'))).toBe(true);
    // Every stub avatar is the same picture: stored and served once.
    expect(avatars).toHaveLength(1);
  });

  it('advertises the Webmention endpoint on every page', async () => {
    for (const file of ['index.html', 'posts/first-light/index.html', 'blogroll/index.html']) {
      expect(await site.read(file)).toContain('<link rel="webmention" href="https://webmention.io/fixture.example/webmention">');
    }
  });

  it('lists sites that recommend this blog on the blogroll page', async () => {
    const blogroll = await site.read('blogroll/index.html');
    expect(blogroll).toContain('Recommended by');
    expect(blogroll).toMatch(/<a class="p-name u-url" href="https:\/\/peer-rec\.example\/" rel="nofollow ugc"[^>]*>peer-rec\.example<\/a>/);
  });

  it('lets no payload, blocked or private response, or token reach any file of the site', async () => {
    const leaks: string[] = [];
    for (const file of await site.files()) {
      if (!/\.(html|xml|opml|json|txt|js|css|svg)$/.test(file) || file.startsWith('pagefind/')) continue;
      const text = (await site.read(file)).toLowerCase();
      for (const marker of [...PAYLOAD_MARKERS, TOKEN, 'spammer', 'private person']) if (text.includes(marker.toLowerCase())) leaks.push(`${file}: ${marker}`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps the front-row page out of production', async () => {
    expect((await site.files()).some((f) => f.includes('front-row'))).toBe(false);
  });

  it('warns once per failing source and never fails the build', () => {
    const warnings = site.output.split('\n').filter((line) => line.includes('Responses:') && /WARN|warn/.test(line));
    expect(warnings.filter((w) => w.includes('/@ada/999'))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('/@ada/666'))).toHaveLength(1);
    expect(site.output).not.toContain(TOKEN);
  });

  it('builds offline with every response from the cache', async () => {
    const offlinePage = await offline.read('posts/first-light/index.html');
    expect(section(offlinePage)).toBe(section(page));
    expect(offline.output).not.toMatch(/Responses: .*last good copy/);
  });
});

describe('a post with responses in the browser', () => {
  it('loads with no console error, no CSP violation and no request to another host', async () => {
    const { context, offsite } = await isolatedContext(browser, server.url);
    const problemsOf = await watchProblems(context);
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    await page.goto(`${server.url}/blog/posts/first-light/`, { waitUntil: 'networkidle' });
    await page.locator('#responses').scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    const images = await page
      .locator('#responses img')
      .evaluateAll((imgs) => imgs.map((img) => ({ src: (img as HTMLImageElement).currentSrc, ok: (img as HTMLImageElement).naturalWidth > 0 })));
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((i) => !i.ok)).toEqual([]);
    expect(await page.locator('#responses .u-comment').count()).toBeGreaterThan(5);
    expect(problemsOf(page).console).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(offsite).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(server.url))).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('the front row in the dev preview', () => {
  it('shows who responded most and who waits for an answer, only under npm run dev', async () => {
    const dev = await devServer;
    const response = await fetch(`${dev.url}/blog/front-row/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Your front row');
    expect(html).toContain('Ann Example');
    expect(html).toContain('Waiting for your answer');
    expect(html).toContain('npm run inbox -- done webmention:1001');
    // The writer answered Bea on Mastodon: she is not waiting.
    expect(html).not.toMatch(/done mastodon:[^<\s]*:222</);
    expect(html).toMatch(/done mastodon:[^<\s]*:333</);
    expect((await site.files()).some((f) => f.includes('front-row'))).toBe(false);
  });
});
