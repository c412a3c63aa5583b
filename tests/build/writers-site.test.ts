import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addSiteSettings } from '../../scripts/lib/site-settings.ts';
import { copyContent, repoRoot, runAstro, siteEnv, workDir, type RunResult } from '../helpers/astro.ts';
import { closedPortOrigin, entryText, routeServer, rss, type TestServer } from '../unit/blogroll/servers.ts';

// A writer's first week, as the deploy workflow runs it (`npm run check`, then `npm run build`):
// the sample posts deleted, their own posts and seven peers of their own, one of them down.
// Nothing a writer does in content/ may fail it.
let server: TestServer;
let dist: string;
let check: RunResult;
let build: RunResult;
/** The build's folder and settings, for a build after it. */
let work: string;
let env: NodeJS.ProcessEnv;

const post = (front: string, body: string) => `---\n${front}\n---\n\n${body}\n`;
/** The smallest PNG: a real picture by its first bytes. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005ff02fe8b1f4f9e0000000049454e44ae426082',
  'hex',
);
/** Another picture (2×1, red): a cover no other post shows. */
const COVER = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000002000000010806000000f4227f8a0000000e49444154789c63f8cfc0f01f840111f703fde3c5f5ef0000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  const now = new Date().toUTCString();
  const routes = Object.fromEntries(
    [1, 2, 3, 4, 5, 6].map((n) => [
      `/peer-${n}.xml`,
      (_req: unknown, res: import('node:http').ServerResponse) => {
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rss([{ title: `Peer ${n} latest`, link: `https://peer-${n}.example/latest`, date: now }]));
      },
    ]),
  );
  // A picture a post shows from another site, and one that site no longer has.
  routes['/chart.png'] = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
  };
  // A cover that no other post or peer shows (another picture, another kept file).
  routes['/cover.png'] = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'image/png' }).end(COVER);
  };
  server = await routeServer(routes);
  const down = await closedPortOrigin();

  const content = await copyContent();
  for (const file of ['third-post.md', 'second-wind.mdx', 'from-the-future.md']) await rm(path.join(content, 'posts', file));
  await writeFile(
    path.join(content, 'posts', 'my-first-week.md'),
    post(
      'title: My first week\ndescription: What I learned.\npubDate: 2024-05-02\ntags: [Writing Life, "C++ & Rust"]\naliases: [/2024/05/02/my-first-week.html]',
      // An Obsidian block id, which the diary links to, and a comment only the writer sees.
      'A week of writing in public. ^lesson\n\nSeen by all. %%private-note-to-self%%',
    ),
  );
  // A page in a folder of its own: /projects/frontrow/.
  await mkdir(path.join(content, 'pages', 'projects'), { recursive: true });
  await writeFile(path.join(content, 'pages', 'projects', 'frontrow.md'), post('title: Frontrow, a project\ndescription: What I built.', 'A blog engine.'));
  // Hidden as a post is: the page schema knew no `draft`, so this was published.
  await writeFile(path.join(content, 'pages', 'now.md'), post('title: Now\ndescription: What I do now.\ndraft: true', 'Not ready.'));
  // A diary entry titled by its day: text to the writer, a date to a YAML 1.1 reader.
  await writeFile(
    path.join(content, 'posts', 'diary.md'),
    post('title: 2024-05-04\ndescription: 2024-05-04, a Saturday.\npubDate: 2024-05-04', 'Rain all day, as [[my-first-week#^lesson|that week]] taught me.'),
  );
  // Kept out: a drafts folder (Astro's glob read it: published unchecked), and a Windows editor's
  // upper-case ending (the glob's match is case-sensitive: never published, and said so).
  await mkdir(path.join(content, 'posts', '_drafts'), { recursive: true });
  await writeFile(path.join(content, 'posts', '_drafts', 'half-done.md'), post('title: Half done\ndescription: Not yet.\npubDate: 2024-05-01', 'Notes.'));
  await writeFile(path.join(content, 'posts', 'Shouting.MD'), post('title: Shouting\ndescription: Saved as .MD.\npubDate: 2024-05-01', 'Loud.'));
  await writeFile(
    path.join(content, 'posts', 'borrowed-chart.md'),
    post(
      'title: A borrowed chart\ndescription: Pictures from other sites.\npubDate: 2024-05-05',
      [
        `The trend: ![A rising line](${server.origin}/chart.png). The map: ![A map of the coast](${server.origin}/moved.png).`,
        '',
        // As older Markdown and exports from other engines write them.
        `By reference: ![The same line][chart]. As HTML: <img src="${server.origin}/chart.png" alt="A line in HTML" width="320">`,
        '',
        `[chart]: ${server.origin}/chart.png`,
      ].join('\n'),
    ),
  );
  // Covers from another site, as Ghost and WordPress exports write them: one there, one gone.
  await writeFile(
    path.join(content, 'posts', 'borrowed-cover.md'),
    post(`title: A borrowed cover\ndescription: From Ghost.\npubDate: 2024-05-07\nimage: ${server.origin}/cover.png\nimageAlt: A rising line`, 'Words.'),
  );
  await writeFile(
    path.join(content, 'posts', 'lost-cover.md'),
    post(`title: A lost cover\ndescription: From Ghost.\npubDate: 2024-05-07\nimage: ${server.origin}/gone-cover.png\nimageAlt: A map`, 'Words.'),
  );
  // Brought from Hugo with its TOML frontmatter, which Astro reads and the check did not.
  await writeFile(
    path.join(content, 'posts', 'from-hugo.md'),
    '+++\ntitle = "Brought from Hugo"\ndescription = "TOML frontmatter."\npubDate = 2024-05-06\ntags = ["Hugo"]\n+++\nKept as it was written.\n',
  );
  await writeFile(
    path.join(content, 'posts', 'borrowed-in-mdx.mdx'),
    post(
      'title: Borrowed in MDX\ndescription: A picture tag.\npubDate: 2024-05-05',
      `<img src="${server.origin}/chart.png" alt="A line in JSX" />\n\nA note in MDX. ^mdx-note`,
    ),
  );
  await writeFile(
    path.join(content, 'posts', 'forgot-the-template.md'),
    post('title: Forgot\ndescription: Published too soon.\npubDate: 2024-05-03', 'Start writing here.'),
  );
  const config = path.join(content, 'site.config.ts');
  await writeFile(
    config,
    (await readFile(config, 'utf8')).replace('blogroll: { river: false, fetch: false }', 'blogroll: { river: true, fetch: true, timeoutMs: 1500 }'),
  );
  // The whole archive came from an engine whose addresses held the month.
  await addSiteSettings(content, { oldPostAddresses: ['/:year/:month/:slug/'] });
  await mkdir(path.join(content, 'blogroll'), { recursive: true });
  for (const n of [1, 2, 3, 4, 5, 6, 7]) {
    const feed = n === 7 ? `${down}/feed.xml` : `${server.origin}/peer-${n}.xml`;
    await writeFile(
      path.join(content, 'blogroll', `peer-${n}.md`),
      entryText(
        {
          name: `Peer ${n}`,
          url: `https://peer-${n}.example/`,
          feed,
          description: `Peer number ${n}.`,
          since: '2024-01-01',
          // Peer 1's avatar is on their site; peer 2's is gone from it.
          ...(n <= 2 ? { avatar: `${server.origin}/${n === 1 ? 'chart' : 'gone-avatar'}.png` } : {}),
        },
        `Why I read peer ${n}.`,
      ),
    );
  }
  work = await workDir('writer');
  dist = path.join(work, 'dist');
  env = siteEnv(content, dist, path.join(work, 'cache'), { FRONTROW_FEED_CACHE: path.join(work, 'feeds.json') });
  // The suite's one `astro check` (strict TypeScript over the engine, plus this content): it
  // runs from the repository (it type-checks the engine), `build` from a scratch root
  // (tests/helpers/astro.ts), each with its own Astro cache, so the two run side by side.
  [check, build] = await Promise.all([runAstro(['check'], { ...env, FRONTROW_CACHE_DIR: path.join(work, 'check-cache') }), runAstro(['build'], env)]);
}, 400_000);

afterAll(async () => {
  await server?.close();
});

const read = (file: string) => readFile(path.join(dist, file), 'utf8');

describe("a writer's own site deploys", () => {
  it('passes npm run check (no type error in the engine) and npm run build, with the down peer costing a warning only', () => {
    expect(check.output).toMatch(/- 0 errors/);
    expect(check.code, check.output).toBe(0);
    expect(build.code, build.output).toBe(0);
  });

  it('publishes their posts and their seven peers, not the deleted samples', async () => {
    await expect(read('posts/my-first-week/index.html')).resolves.toContain('My first week');
    await expect(read('posts/diary/index.html')).resolves.toMatch(/<h1[^>]*>2024-05-04<\/h1>/);
    await expect(read('projects/frontrow/index.html')).resolves.toContain('Frontrow, a project');
    await expect(read('posts/third-post/index.html')).rejects.toThrow();
    await expect(read('now/index.html')).rejects.toThrow();
    await expect(read('posts/_drafts/half-done/index.html')).rejects.toThrow();
    await expect(read('posts/shouting/index.html')).rejects.toThrow();
    expect(await read('sitemap-0.xml')).not.toContain('/now/');
    const blogroll = await read('blogroll/index.html');
    for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(blogroll).toContain(`Peer ${n}`);
    expect(blogroll).toContain('Peer 1 latest');
  });

  it('warns, naming the file, about a published post that still holds the template text, and about a post never read', () => {
    expect(build.output).toMatch(/warning: \S*forgot-the-template\.md is published but still says "Start writing here\."/);
    expect(build.output).toMatch(/warning: \S*Shouting\.MD is not published: .* Rename it to Shouting\.md\./);
    expect(build.output).not.toContain('half-done');
  });

  it("shows a picture from another site from the site's own copy, and one it could not fetch as a link, with a warning", async () => {
    const page = await read('posts/borrowed-chart/index.html');
    // Under the site's base path, /blog/.
    const file = /<img src="\/blog\/(pictures\/[0-9a-f]{32}\.png)" alt="A rising line">/.exec(page)?.[1];
    expect(file).toBeDefined();
    expect(await readFile(path.join(dist, file!))).toEqual(PNG);
    expect(page).toContain(`<a href="${server.origin}/moved.png">A map of the coast</a>`);
    expect(page).toContain(`<img src="/blog/${file}" alt="The same line">`);
    expect(page).toContain(`<img src="/blog/${file}" alt="A line in HTML" width="320">`);
    expect(await read('posts/borrowed-in-mdx/index.html')).toContain(`<img src="/blog/${file}" alt="A line in JSX"/>`);
    expect(page).not.toMatch(/<img[^>]*src="http/);
    expect(build.output).toMatch(/the picture \S+\/moved\.png in \S*borrowed-chart\.md could not be fetched \(HTTP 404\)/);
    // Kept however it is written: no warning that the published site would not show it.
    expect(build.output).not.toMatch(/borrowed-(chart|in-mdx)\.mdx? line/);
  });

  it("shows a cover from another site from the build's copy, resized and shared as the page's image; one it could not fetch is left out", async () => {
    const page = await read('posts/borrowed-cover/index.html');
    const cover = /<img[^>]*class="cover u-photo"[^>]*>/.exec(page)?.[0] ?? '';
    expect(cover).toContain('alt="A rising line"');
    const src = /src="\/blog\/(_astro\/[^"]+\.webp)"/.exec(cover)?.[1];
    expect((await readFile(path.join(dist, src!))).subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(page).toMatch(/<meta property="og:image" content="https:\/\/fixture\.example\/blog\/_astro\/[^"]+">/);
    expect(page).not.toContain(server.origin);
    const lost = await read('posts/lost-cover/index.html');
    expect(lost).not.toContain('class="cover');
    expect(lost).not.toContain('og:image"');
    expect(build.output).toMatch(/the picture \S+\/gone-cover\.png in \S*lost-cover\.md could not be fetched \(HTTP 404\): the post shows no cover until then/);
  });

  it('publishes a post whose frontmatter is TOML, as Hugo writes it', async () => {
    const page = await read('posts/from-hugo/index.html');
    expect(page).toMatch(/<h1[^>]*>Brought from Hugo<\/h1>/);
    expect(page).toContain('<p>Kept as it was written.</p>');
    expect(page).not.toContain('+++');
    expect(await read('tags/hugo/index.html')).toContain('Brought from Hugo');
  });

  it('gives an Obsidian block id to its paragraph, in Markdown and MDX, and a wiki link to the block leads there', async () => {
    const week = await read('posts/my-first-week/index.html');
    expect(week).toContain('<p id="^lesson">A week of writing in public.</p>');
    expect(week).not.toContain('^lesson<');
    expect(await read('posts/diary/index.html')).toContain('<a href="/blog/posts/my-first-week/#%5Elesson">that week</a>');
    expect(await read('posts/borrowed-in-mdx/index.html')).toContain('<p id="^mdx-note">A note in MDX.</p>');
  });

  it('publishes no Obsidian comment: not in the page, the feeds or the search index', async () => {
    expect(await read('posts/my-first-week/index.html')).toContain('Seen by all.');
    const files = (await readdir(dist, { recursive: true })).filter((f) => /\.(html|xml|json|pf_fragment)$/.test(f));
    expect(files.filter((f) => f.endsWith('.pf_fragment')).length).toBeGreaterThan(3);
    for (const file of files) {
      const bytes = await readFile(path.join(dist, file));
      // Pagefind's fragments (each page's text for search) are gzipped.
      const text = (file.endsWith('.pf_fragment') ? gunzipSync(bytes) : bytes).toString('utf8');
      expect(text, file).not.toContain('private-note-to-self');
    }
    expect(await read('feed.json')).toContain('Seen by all.');
  });

  it("shows a peer's avatar from the site's own copy, and none while it has no copy", async () => {
    const blogroll = await read('blogroll/index.html');
    const peer = (n: number) => blogroll.slice(blogroll.indexOf(`id="peer-${n}"`), blogroll.indexOf(`id="peer-${n + 1}"`));
    expect(peer(1)).toMatch(/<img class="u-photo" src="\/blog\/pictures\/[0-9a-f]{32}\.png"/);
    expect(peer(2)).not.toContain('<img');
    expect(blogroll).not.toMatch(/<img[^>]*src="http/);
    expect(build.output).toMatch(/the picture \S+\/gone-avatar\.png in \S*peer-2\.md could not be fetched \(HTTP 404\): it is left out until then/);
  });

  it("keeps a post's old address from another engine, as the file it was there, sending readers on", async () => {
    const old = await read('2024/05/02/my-first-week.html');
    expect(old).toContain('<meta http-equiv="refresh" content="0;url=/blog/posts/my-first-week/">');
    expect(await read('sitemap-0.xml')).not.toContain('my-first-week.html');
  });

  it("keeps every post's old address by the site's pattern (oldPostAddresses), sending readers on", async () => {
    const old = await read('2024/05/my-first-week/index.html');
    expect(old).toContain('<meta http-equiv="refresh" content="0;url=/blog/posts/my-first-week/">');
    expect(old).toMatch(/<link rel="canonical" href="https:\/\/[^"]+\/blog\/posts\/my-first-week\/">/);
    expect(await read('2024/05/from-hugo/index.html')).toContain('url=/blog/posts/from-hugo/');
    expect(await read('sitemap-0.xml')).not.toContain('2024/05/my-first-week');
    expect(build.output).toMatch(/Old addresses: \d+ sending readers on/);
  });

  it('shows tags as written and uses their slugs only in URLs', async () => {
    const page = await read('posts/my-first-week/index.html');
    expect(page).toMatch(/href="\/blog\/tags\/writing-life\/"[^>]*>Writing Life<\/a>/);
    expect(page).toMatch(/href="\/blog\/tags\/c-rust\/"[^>]*>C\+\+ &amp; Rust<\/a>/);
    expect(await read('tags/c-rust/index.html')).toContain('Tagged “C++ &amp; Rust”');
    expect(await read('tags/index.html')).toContain('Writing Life');
  });

  it("shows the author's initials when author.avatar is not set", async () => {
    expect(await read('index.html')).toContain('src="/blog/author-initials.svg"');
    expect(await read('author-initials.svg')).toContain('>AF</text>');
  });

  it('puts /.well-known/ in the Pages artifact, archived as upload-pages-artifact does', async () => {
    const deploy = parse(await readFile(path.join(repoRoot, '.github/workflows/deploy.yml'), 'utf8'));
    const upload = deploy.jobs.build.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-pages-artifact'));
    // The action's tar call: hidden files (".well-known") are left out unless include-hidden-files.
    const archive = (includeHidden: boolean) =>
      execFileSync(
        'tar',
        [
          '--dereference',
          '-cf',
          '-',
          '--exclude=.git',
          '--exclude=.github',
          ...(includeHidden ? [] : ['--exclude=.[^/]*']),
          '-C',
          path.resolve(repoRoot, dist),
          '.',
        ],
        { maxBuffer: 1 << 28 },
      );
    const list = (tarball: Buffer) =>
      execFileSync('tar', ['-tf', '-'], { input: tarball, maxBuffer: 1 << 26 })
        .toString()
        .split('\n');
    const published = list(archive(upload.with['include-hidden-files'] === true));
    expect(published).toContain('./.well-known/recommendations.opml');
    expect(published).toContain('./.well-known/recommendations.json');
    expect(list(archive(false))).not.toContain('./.well-known/recommendations.opml');
    expect(await read('.well-known/recommendations.opml')).toContain('Peer 7');
  });
  // Last: it builds into the same output folder.
  it('builds again after losing the kept pictures, the content store kept: the cover is fetched again', async () => {
    // A CI cache can vanish in part: the store still names the cover's kept file.
    await rm(path.join(work, 'cache', 'pictures'), { recursive: true });
    await rm(path.join(work, 'cache', 'pictures.json'));
    // The same settings (another output folder would be another config, and Astro would drop its store).
    const rebuild = await runAstro(['build'], env);
    expect(rebuild.code, rebuild.output).toBe(0);
    expect(await read('posts/borrowed-cover/index.html')).toMatch(/<img[^>]*alt="A rising line"[^>]*class="cover u-photo"/);
  }, 300_000);
});
