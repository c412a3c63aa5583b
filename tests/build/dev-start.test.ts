import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyContent, siteEnv, startServer, waitUntil, workDir } from '../helpers/astro.ts';

// `npm run dev` on an archive that takes a moment to load: Astro's content loader lists and
// reads every post first and listens for saves only then. A post saved in between is in the
// preview once it is up, as any later save would be (src/integrations/content-catch-up.ts).
const ARCHIVE = 1500;
let server: Awaited<ReturnType<typeof startServer>>;
let saved: Promise<void> | undefined;
let posts = '';
const post = (title: string, pubDate = '2024-03-02') => `---\ntitle: ${title}\ndescription: D.\npubDate: ${pubDate}\n---\nWords about ${title}.\n`;

beforeAll(async () => {
  const content = await copyContent();
  posts = path.join(content, 'posts');
  // One post in a hundred has a date that is not one: the loader says so as it reads it, which
  // tells the test that the loader has listed the folder and is reading it.
  for (let i = 0; i < ARCHIVE; i++) await writeFile(path.join(posts, `old-${i}.md`), post(`Old ${i}`, i % 100 === 99 ? '2024-14-02' : '2024-03-02'));
  const work = await workDir('dev-start');
  const env = siteEnv(content, path.join(work, 'dist'), path.join(work, 'cache'));
  server = await startServer('dev', env, 0, [], (output) => {
    // While the loader reads the archive: at its first broken post, most are still to come.
    if (saved || !output.includes('left out of the preview until fixed')) return;
    saved = (async () => {
      await writeFile(path.join(posts, 'saved-while-starting.md'), post('Saved while starting'));
      await writeFile(path.join(posts, 'old-0.md'), post('Old 0, edited while starting'));
      await rm(path.join(posts, 'old-1.md'));
    })();
  });
  await saved;
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

const page = (slug: string) => fetch(`${server.url}/blog/posts/${slug}/`);
const until = (what: () => Promise<boolean>) => waitUntil(server, what, 30_000);

describe('npm run dev, with posts saved while it starts', () => {
  it('serves a post added, shows a post edited, and drops a post deleted during the start', async () => {
    expect(saved, 'the server never said it was loading the content').toBeDefined();
    await until(async () => (await page('saved-while-starting')).status === 200);
    await until(async () => (await (await page('old-0')).text()).includes('Old 0, edited while starting'));
    await until(async () => (await page('old-1')).status === 404);
    expect(server.output()).toContain('saved while the preview started: reloaded');
  });

  it('still hears each save after the start', async () => {
    await writeFile(path.join(posts, 'saved-after.md'), post('Saved after'));
    await writeFile(path.join(posts, 'old-2.md'), post('Old 2, edited after'));
    await rm(path.join(posts, 'old-3.md'));
    await until(async () => (await page('saved-after')).status === 200);
    await until(async () => (await (await page('old-2')).text()).includes('Old 2, edited after'));
    await until(async () => (await page('old-3')).status === 404);
  });
});
