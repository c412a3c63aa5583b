import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureContent, siteEnv, startServer, workDir } from '../helpers/astro.ts';

// The writer's preview: `npm run dev` shows drafts and scheduled posts, clearly marked.
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  const work = await workDir('dev');
  server = await startServer('dev', siteEnv(fixtureContent, path.join(work, 'dist'), path.join(work, 'cache')));
});
afterAll(async () => {
  await server?.stop();
});

const page = async (pathname: string) => {
  const res = await fetch(server.url + pathname);
  return { status: res.status, html: await res.text() };
};

describe('npm run dev', () => {
  it('shows a draft with an unmistakable DRAFT banner', async () => {
    const { status, html } = await page('/blog/posts/secret-draft/');
    expect(status).toBe(200);
    expect(html).toContain('The purple walrus recites forbidden sonnets at midnight.');
    expect(html).toMatch(/class="state-banner"[^>]*>[\s\S]*<strong[^>]*>DRAFT<\/strong>/);
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it('shows a scheduled post with its go-live date', async () => {
    const { html } = await page('/blog/posts/from-the-future/');
    expect(html).toMatch(/<strong[^>]*>SCHEDULED<\/strong>/);
    expect(html).toContain('January 1, 2099');
  });

  it('lists drafts on the home page with a badge', async () => {
    const { html } = await page('/blog/');
    expect(html).toContain('Secret Draft Title Zebra');
    expect(html).toMatch(/class="badge badge-draft"[^>]*>draft</);
  });
});
