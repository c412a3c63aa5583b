import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, freePort, siteEnv, startServer, type BuiltSite } from '../helpers/astro.ts';
import { responsesSite } from '../helpers/responses-site.ts';
import { axeViolations, cspViolations, isolatedContext, launchChromium, startDevServer, watchProblems } from './browser.ts';

// A post with friendly and hostile responses, served by `astro preview` and read by Chromium:
// nothing may break, be blocked by the Content-Security-Policy, or be asked of another host.
let fixture: Awaited<ReturnType<typeof responsesSite>>;
let site: BuiltSite;
let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  fixture = await responsesSite({ likes: 300 });
  const [built, launched] = await Promise.all([buildSite(fixture.content, fixture.env), launchChromium()]);
  site = built;
  browser = launched;
  const cache = path.join(path.dirname(site.dist), 'cache');
  await mkdir(cache, { recursive: true });
  server = await startServer('preview', siteEnv(fixture.content, site.dist, cache, fixture.env), await freePort());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fixture?.close();
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
    const images = await page.locator('#responses img').evaluateAll((imgs) => imgs.map((img) => ({ src: (img as HTMLImageElement).currentSrc, ok: (img as HTMLImageElement).naturalWidth > 0 })));
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
    const out = path.join(path.dirname(site.dist), 'dev-dist');
    const dev = await startDevServer(siteEnv(fixture.content, out, path.join(path.dirname(site.dist), 'dev-cache'), { ...fixture.env, FRONTROW_OFFLINE: '1' }), await freePort());
    try {
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
    } finally {
      await dev.stop();
    }
    expect((await site.files()).some((f) => f.includes('front-row'))).toBe(false);
  }, 180_000);
});
