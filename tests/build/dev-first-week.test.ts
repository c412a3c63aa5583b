import { copyFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSiteSettings } from '../../scripts/lib/site-settings.ts';
import { copyContent, freeFixedPort, siteEnv, startServer, waitUntil, workDir } from '../helpers/astro.ts';

// `npm run dev` through a writer's usual mistakes: a broken post breaks that post only, the
// browser overlay names the file and the field, a save fixes it without a restart, and a
// settings edit takes effect.
let server: Awaited<ReturnType<typeof startServer>>;
let content: string;
const post = (front: string, body = 'Words.') => `---\n${front}\n---\n${body}\n`;
/** A 2×1 PNG. */
const KEPT_COVER = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000002000000010806000000f4227f8a0000000e49444154789c63f8cfc0f01f840111f703fde3c5f5ef0000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  content = await copyContent();
  await writeFile(path.join(content, 'posts', 'bad-date.md'), post('title: Bad date\ndescription: D.\npubDate: 2026-14-02'));
  await writeFile(
    path.join(content, 'posts', 'no-image.md'),
    post('title: No image\ndescription: D.\npubDate: 2024-01-01\nimage: ./images/gone.svg\nimageAlt: A square'),
  );
  // Two posts at one address: the preview shows one of them, the overlay names both.
  await writeFile(path.join(content, 'posts', 'twin.md'), post('title: Twin\ndescription: D.\npubDate: 2024-01-01'));
  await writeFile(path.join(content, 'posts', 'Twin.mdx'), post('title: Twin draft\ndescription: D.\npubDate: 2024-01-01\ndraft: true'));
  // No letter or digit in the name, so no address: Astro's store refused it and the preview never started.
  await writeFile(path.join(content, 'posts', '🚀.md'), post('title: Rocket\ndescription: D.\npubDate: 2024-01-01'));
  await writeFile(
    path.join(content, 'posts', 'picture-typo.md'),
    post('title: Picture typo\ndescription: D.\npubDate: 2024-01-01', '![A square](./images/sqaure.svg)'),
  );
  // A cover on another site, as a Ghost export writes it: the preview fetches nothing.
  await writeFile(
    path.join(content, 'posts', 'remote-cover.md'),
    post('title: Remote cover\ndescription: D.\npubDate: 2024-01-01\nimage: https://covers.example/x.png\nimageAlt: A cover'),
  );
  // Another, which the last build kept: the preview shows that copy.
  await writeFile(
    path.join(content, 'posts', 'kept-cover.md'),
    post('title: Kept cover\ndescription: D.\npubDate: 2024-01-01\nimage: https://covers.example/kept.png\nimageAlt: A kept cover'),
  );
  // Every post's old address by the site's pattern, as the build keeps it.
  await addSiteSettings(content, { oldPostAddresses: ['/:year/:month/:slug/'] });
  await mkdir(path.join(content, 'blogroll'));
  await writeFile(path.join(content, 'blogroll', 'bob.md'), post('name: Bob\nurl: bob.example\ndescription: A peer.\nsince: 2024-01-01', 'Why I read Bob.'));
  await writeFile(
    path.join(content, 'blogroll', 'carol.md'),
    post('name: Carol\nurl: https://carol.example/\ndescription: A peer.\nsince: 2024-01-01', 'Why I read Carol.'),
  );
  const work = await workDir('dev-week');
  // What a build left in the pictures cache: kept-cover.md's cover (a 2×1 PNG).
  await mkdir(path.join(work, 'cache', 'pictures'), { recursive: true });
  await writeFile(path.join(work, 'cache', 'pictures', 'kept.png'), KEPT_COVER);
  await writeFile(
    path.join(work, 'cache', 'pictures.json'),
    JSON.stringify({ version: 1, pictures: { 'https://covers.example/kept.png': { file: 'kept.png', checkedAt: new Date().toISOString() } } }),
  );
  // A settings edit restarts Astro, which must listen on the same port again: this one dev
  // server is given a port (picked free just before, outside the range the system hands to
  // servers asking for any port, so no other test's server takes it during the restart).
  server = await startServer('dev', siteEnv(content, path.join(work, 'dist'), path.join(work, 'cache'), { ASTRO_DEV_BACKGROUND: '0' }), await freeFixedPort(), [
    '--ignore-lock',
  ]);
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

const status = async (page: string) => (await fetch(`${server.url}/blog/${page}`)).status;
const text = async (page: string) => (await fetch(`${server.url}/blog/${page}`)).text();
/**
 * Save as many editors do: empty the file, then write it. The preview must show the words, not
 * the empty file it may read in between (the watcher tells one change for both).
 */
async function saveInTwoSteps(file: string, text: string) {
  const handle = await open(file, 'w');
  await new Promise((r) => setTimeout(r, 20));
  await handle.writeFile(text);
  await handle.close();
}
const until = (what: () => Promise<boolean>, ms = 90_000) => waitUntil(server, what, ms);

/** The errors the dev server sends a browser that connects (what Astro's overlay shows). */
async function overlayErrors(): Promise<string[]> {
  const client = await text('@vite/client');
  const token = /const wsToken = "([^"]+)"/.exec(client)?.[1];
  const errors: string[] = [];
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/?token=${token}`, 'vite-hmr');
  ws.addEventListener('message', (event) => {
    const payload = JSON.parse(String(event.data));
    if (payload.type === 'error') errors.push(`${payload.err.message}\n${payload.err.hint ?? ''}`);
  });
  await new Promise((r) => setTimeout(r, 1500));
  ws.close();
  return errors;
}

describe('npm run dev in a writer’s first week', () => {
  it('a bad date, a missing image or a broken peer entry breaks that file only', async () => {
    expect(await status('')).toBe(200);
    expect(await text('blogroll/')).toContain('Carol');
    expect(await status('posts/first-light/')).toBe(200);
    expect(await status('posts/bad-date/')).toBe(404);
    expect(await status('posts/no-image/')).toBe(404);
    expect(await status('posts/picture-typo/')).toBe(404);
  });

  it('the browser overlay names the file, the field and the fix', async () => {
    const errors = (await overlayErrors()).join('\n');
    expect(errors).toMatch(/bad-date\.md\npubDate must be a real date such as 2026-03-14 \(YYYY-MM-DD\), not (&quot;|&#34;|")2026-14-02/);
    expect(errors).toMatch(/no-image\.md\nimage \.\/images\/gone\.svg is not there: put the picture next to the post, or fix the path/);
    expect(errors).toMatch(/picture-typo\.md\nline 6: the picture \.\/images\/sqaure\.svg is not there: put it next to the post, or fix the path/);
    expect(errors).toMatch(/🚀\.md\naddress: the file name has no letter or digit to make one from: rename the file, or give it a slug/);
    expect(errors).toMatch(/twin\.md\nhas the same address, \/posts\/twin\/, as \S*Twin\.mdx: only one would be published; rename a file, or give one a slug/);
    expect(errors).toMatch(/Twin\.mdx\nhas the same address, \/posts\/twin\/, as \S*twin\.md:/);
    expect(errors).toMatch(/bob\.md\nurl must be a full http\(s\) URL/);
    expect(errors).toContain('the preview updates by itself');
    expect(errors).not.toContain('**');
  });

  it('recovers on save, without a restart', async () => {
    await saveInTwoSteps(path.join(content, 'posts', 'bad-date.md'), post('title: Bad date\ndescription: D.\npubDate: 2024-02-14'));
    await copyFile(path.join(content, 'posts', 'images', 'square.svg'), path.join(content, 'posts', 'images', 'gone.svg'));
    await writeFile(
      path.join(content, 'posts', 'no-image.md'),
      post('title: No image\ndescription: D.\npubDate: 2024-01-01\nimage: ./images/gone.svg\nimageAlt: A square'),
    );
    await rm(path.join(content, 'posts', '🚀.md'));
    await rm(path.join(content, 'posts', 'Twin.mdx'));
    await saveInTwoSteps(
      path.join(content, 'posts', 'picture-typo.md'),
      post('title: Picture typo\ndescription: D.\npubDate: 2024-01-01', '![A square](./images/square.svg)'),
    );
    await saveInTwoSteps(
      path.join(content, 'blogroll', 'bob.md'),
      post('name: Bob\nurl: https://bob.example/\ndescription: A peer.\nsince: 2024-01-01', 'Why I read Bob.'),
    );
    await until(
      async () => (await status('posts/bad-date/')) === 200 && (await status('posts/no-image/')) === 200 && (await status('posts/picture-typo/')) === 200,
    );
    await until(async () => (await text('blogroll/')).includes('https://bob.example/'));
    expect(await text('posts/bad-date/')).toContain('February 14, 2024');
    expect(await overlayErrors()).toEqual([]);
  });

  it("serves a post whose cover is on another site with the last build's copy, or without one, and says so in one line", async () => {
    expect(await status('posts/remote-cover/')).toBe(200);
    expect(await text('posts/remote-cover/')).not.toContain('covers.example');
    expect(server.output()).toContain('a cover from another site (remote-cover.md): the preview shows none, the build fetches it');
    const page = await text('posts/kept-cover/');
    expect(page).not.toContain('covers.example');
    const src = /<img[^>]*src="([^"]+)"[^>]*alt="A kept cover"|<img[^>]*alt="A kept cover"[^>]*src="([^"]+)"/.exec(page);
    expect(src).not.toBeNull();
    const picture = await fetch(new URL((src![1] ?? src![2]!).replaceAll('&#38;', '&').replaceAll('&amp;', '&'), server.url));
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\//);
  });

  it('serves a new post and drops a deleted one', async () => {
    await writeFile(path.join(content, 'posts', 'brand-new.md'), post('title: Brand new\ndescription: D.\npubDate: 2024-03-01'));
    await rm(path.join(content, 'posts', 'third-post.md'));
    await until(async () => (await status('posts/brand-new/')) === 200 && (await status('posts/third-post/')) === 404);
  });

  it('says in the terminal, as a post is saved, what the published site would not show', async () => {
    const file = path.join(content, 'posts', 'embed.md');
    await writeFile(file, post('title: Embed\ndescription: D.\npubDate: 2024-03-03', 'A video.'));
    await until(async () => (await status('posts/embed/')) === 200);
    expect(server.output()).not.toContain('embed.md line');
    await writeFile(file, post('title: Embed\ndescription: D.\npubDate: 2024-03-03', '<iframe src="https://video.example/1"></iframe>'));
    await until(async () => server.output().includes('embed.md line 6: this <iframe> shows in the preview but not on the published site'));
    // Said once: saving again without a change to it says nothing more.
    await writeFile(file, post('title: Embed\ndescription: D.\npubDate: 2024-03-03', '<iframe src="https://video.example/1"></iframe>\n\nMore.'));
    await until(async () => (await text('posts/embed/')).includes('More.'));
    expect(server.output().split('this <iframe> shows in the preview').length).toBe(2);
  });

  it("sends a post's old address on to it, as the built site does, and follows a save", async () => {
    const file = path.join(content, 'posts', 'moved.md');
    await writeFile(file, post('title: Moved\ndescription: D.\npubDate: 2024-03-04\naliases: [/2019/05/moved.html, /old/moved]'));
    const redirect = async (page: string) => {
      const response = await fetch(`${server.url}/blog/${page}`, { redirect: 'manual' });
      return `${response.status} ${response.headers.get('location')}`;
    };
    await until(async () => (await redirect('2019/05/moved.html')) === '302 /blog/posts/moved/');
    expect(await redirect('old/moved/')).toBe('302 /blog/posts/moved/');
    expect(await redirect('old/moved')).toBe('302 /blog/posts/moved/');
    expect(await redirect('2024/03/moved/')).toBe('302 /blog/posts/moved/');
    await writeFile(file, post('title: Moved\ndescription: D.\npubDate: 2024-03-04\nslug: moved-again\naliases: [/old/moved]'));
    await until(async () => (await redirect('old/moved/')) === '302 /blog/posts/moved-again/');
    expect(await redirect('2024/03/moved-again/')).toBe('302 /blog/posts/moved-again/');
    expect(await status('2024/03/moved/')).toBe(404);
    expect(await status('2019/05/moved.html')).toBe(404);
    // Where it leads is served too (and the preview is done with the save before the next test).
    await until(async () => (await status('posts/moved-again/')) === 200);
  });

  it('applies a settings edit, and still serves new and deleted posts after it', async () => {
    const config = path.join(content, 'site.config.ts');
    await writeFile(config, (await readFile(config, 'utf8')).replace("title: 'Fixture Blog'", "title: 'My Renamed Blog'"));
    await until(async () => (await text('')).includes('<title>My Renamed Blog</title>'), 90_000);
    await writeFile(path.join(content, 'posts', 'after-restart.md'), post('title: After restart\ndescription: D.\npubDate: 2024-03-02'));
    await rm(path.join(content, 'posts', 'brand-new.md'));
    await until(async () => (await status('posts/after-restart/')) === 200 && (await status('posts/brand-new/')) === 404);
  }, 300_000);

  it('names a misspelt setting with "did you mean …?" and keeps the preview running', async () => {
    const config = path.join(content, 'site.config.ts');
    await saveInTwoSteps(config, (await readFile(config, 'utf8')).replace('postsPerPage: 2', 'postPerPage: 2'));
    await until(async () => server.output().includes('did you mean "postsPerPage"?'));
    expect(server.output()).toContain('The preview keeps your previous settings');
    expect(await status('')).toBe(200);
    // The browser is told too, in the overlay.
    await until(async () => (await overlayErrors()).join('\n').includes('postsPerPage'));
    expect((await overlayErrors()).join('\n')).toMatch(
      /site\.config\.ts has a problem:\n {2}- \(top level\): unknown setting .*postPerPage.*: did you mean .*postsPerPage.*\?/,
    );
  });
});
