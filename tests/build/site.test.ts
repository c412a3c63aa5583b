import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { proseWordCount } from '../../src/lib/markdown/prose.ts';
import { buildSite, copyContent, fixtureContent, repoRoot, type BuiltSite } from '../helpers/astro.ts';

// The fixture site (tests/fixtures/site) is a GitHub Pages project site under /blog/ with three
// published posts (one MDX), one draft and one post scheduled for 2099. It is built with
// NODE_ENV=development: drafts are decided by the command (build), never by NODE_ENV.
let site: BuiltSite;
// The same site on the scheduled post's day, with a cover image, a canonical URL elsewhere and
// a fediverse handle, is built once by tests/e2e/follow.test.ts, whose site needs all of that.

beforeAll(async () => {
  site = await buildSite(fixtureContent, { NODE_ENV: 'development' });
}, 300_000);

const DRAFT_AND_FUTURE_MARKERS = [
  'The purple walrus recites forbidden sonnets at midnight.',
  'Secret Draft Title Zebra',
  'secret-draft',
  'draftonlytag',
  "Tomorrow's crocodile arrives on a silver bicycle.",
  'From The Future Quokka',
  'from-the-future',
  'futureonlytag',
];

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

describe('built pages', () => {
  it('has every page type', async () => {
    const files = await site.files();
    for (const page of [
      'index.html',
      'page/2/index.html',
      'posts/first-light/index.html',
      'posts/second-wind/index.html',
      'posts/third-post/index.html',
      'tags/index.html',
      'tags/habits/index.html',
      'tags/habits/2/index.html',
      'tags/writing-life/index.html',
      'archive/index.html',
      'about/index.html',
      '404.html',
      'rss.xml',
      'robots.txt',
      'sitemap-index.xml',
    ]) {
      expect(files, page).toContain(page);
    }
  });

  it('paginates the home page newest first', async () => {
    const home = await site.read('index.html');
    const second = await site.read('page/2/index.html');
    expect(home.indexOf('Third Post')).toBeGreaterThan(-1);
    expect(home.indexOf('Third Post')).toBeLessThan(home.indexOf('Second Wind'));
    expect(home).not.toContain('First Light</a>');
    expect(second).toContain('First Light');
    expect(home).toContain('href="/blog/page/2/"');
    expect(home).toMatch(/\d+ min read/);
  });

  it('renders a post with dates, tags, reading time, table of contents and neighbours', async () => {
    const html = await site.read('posts/first-light/index.html');
    expect(html).toContain('<h1 class="p-name"');
    expect(html).toContain('datetime="2024-01-10T00:00:00.000Z"');
    expect(html).toContain('href="/blog/tags/writing-life/"');
    expect(html).toContain('min read');
    expect(html).toMatch(/<nav class="toc"/);
    expect(html).toContain('href="/blog/posts/second-wind/" rel="next"');
    expect(html).toContain('cobalt-heron-71');
    const short = await site.read('posts/third-post/index.html');
    expect(short).not.toMatch(/<nav class="toc"/);
    expect(short).toContain('rel="prev"');
  });

  it('gives each post its prose word count in the structured data, Markdown and MDX alike', async () => {
    // Counted by the content loader (the store keeps no Markdown source): the same count as the
    // one prose reader gives the post's file.
    for (const [id, file] of [
      ['first-light', 'first-light.md'],
      ['second-wind', 'second-wind.mdx'],
    ] as const) {
      const words = proseWordCount(await readFile(path.join(fixtureContent, 'posts', file), 'utf8'));
      expect(words).toBeGreaterThan(20);
      expect(await site.read(`posts/${id}/index.html`)).toContain(`"wordCount":${words}`);
    }
  });

  it('renders MDX with its component, table and footnote', async () => {
    const html = await site.read('posts/second-wind/index.html');
    expect(html).toContain('saffron-lynx-13');
    expect(html).toContain('class="callout callout-tip"');
    expect(html).toContain('<table>');
    expect(html).toContain('data-footnotes');
    expect(html).toContain('class="dt-updated"');
    // The writer wrote a root-relative link; the site lives under /blog/.
    expect(html).toContain('href="/blog/posts/first-light/"');
  });

  it("paginates a tag's posts newest first, each page naming the whole count", async () => {
    // The fixture shows one post per tag page: "habits" has two.
    const first = await site.read('tags/habits/index.html');
    const second = await site.read('tags/habits/2/index.html');
    const lists = (html: string, title: string) => new RegExp(`class="u-url p-name"[^>]*>\\s*${title}\\s*</a>`).test(html);
    expect([lists(first, 'Third Post'), lists(first, 'First Light')]).toEqual([true, false]);
    expect([lists(second, 'Third Post'), lists(second, 'First Light')]).toEqual([false, true]);
    expect(first).toContain('<a href="/blog/tags/habits/2/" rel="next">');
    expect(second).toContain('<a href="/blog/tags/habits/" rel="prev">');
    expect(first).toContain('<p>2 posts, page 1 of 2</p>');
    expect(second).toContain('<title>Posts tagged “habits”, page 2 · Fixture Blog</title>');
    expect(await site.files()).not.toContain('tags/habits/3/index.html');
    // A tag that fits one page has no page 2 and no page numbers.
    const single = await site.read('tags/writing-life/index.html');
    expect(single).toContain('<p>1 post</p>');
    expect(single).not.toContain('class="pagination"');
    expect(await site.files()).not.toContain('tags/writing-life/2/index.html');
  });

  it('groups the archive by year and lists tags with counts', async () => {
    const archive = await site.read('archive/index.html');
    expect(archive).toContain('id="year-2024"');
    expect(archive).toMatch(/2024 <span class="muted count"[^>]*>\(3\)<\/span>/);
    // A small archive is one page: no page per year.
    expect((await site.files()).filter((file) => file.startsWith('archive/'))).toEqual(['archive/index.html']);
    const tags = await site.read('tags/index.html');
    expect(tags).toMatch(/habits <span class="count"[^>]*>\(2\)<\/span>/);
  });

  it('ships no client JavaScript on post pages beyond the inline theme script and the search box loader', async () => {
    const html = await site.read('posts/first-light/index.html');
    // Data blocks are not code: the JSON-LD and the search box's result template (inert, in a <template>).
    const data = /^ type="(application\/ld\+json|text\/pagefind-template)"$/;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attributes]) => !data.test(attributes!));
    // The theme script (in <head>), then the header search box's loader: inlined by Astro as a
    // module, identified by what it loads on first use (Pagefind's Component UI) and kept tiny.
    expect(scripts.map(([, attributes]) => attributes)).toEqual(['', ' type="module"']);
    const loader = scripts[1]![2]!;
    expect(loader).toContain('form.site-search');
    expect(loader).toContain('pagefind-component-ui.');
    expect(loader).not.toMatch(/\bimport\b/);
    expect(Buffer.byteLength(loader)).toBeLessThan(1400);
    // Allowed by its hash in the page's CSP, like Astro's other inlined scripts.
    const hash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(loader))).toString('base64');
    const csp = html.match(/<meta http-equiv="content-security-policy" content="[^"]*?(script-src [^;"]*)/)?.[1];
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});

describe('content security policy', () => {
  it('is strict on every page: hashes and self, never unsafe-inline or unsafe-eval', async () => {
    for (const file of (await site.files()).filter((f) => f.endsWith('.html'))) {
      const html = await site.read(file);
      const csp = html.match(/<meta http-equiv="content-security-policy" content="([^"]+)">/)?.[1];
      expect(csp, file).toBeDefined();
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("'unsafe-inline'");
      expect(csp).not.toContain("'unsafe-eval'");
      // Pictures only from the site itself: those of other sites are the build's copies.
      expect(csp).toContain("img-src 'self' data:;");
    }
  });

  it('highlights code with classes, not inline styles', async () => {
    const html = await site.read('posts/first-light/index.html');
    expect(html).toMatch(/<pre class="language-js"[^>]*><code class="language-js">.*<span class="token keyword">const<\/span>/s);
    expect(html).not.toMatch(/<(pre|code|span)[^>]* style="/);
  });
});

describe('feeds, sitemap and metadata', () => {
  it('publishes RSS 2.0 with the full HTML of every published post', async () => {
    const rss = xml.parse(await site.read('rss.xml'));
    const channel = rss.rss.channel;
    expect(rss.rss['@version']).toBe('2.0');
    expect(channel.link).toBe('https://fixture.example/blog/');
    const items = [channel.item].flat();
    expect(items.map((i: { title: string }) => i.title)).toEqual(['Third Post', 'Second Wind', 'First Light']);
    const mdx = items.find((i: { title: string }) => i.title === 'Second Wind');
    expect(mdx['content:encoded']).toContain('amber-otter-42');
    expect(mdx['content:encoded']).toContain('saffron-lynx-13');
    const md = items.find((i: { title: string }) => i.title === 'First Light');
    expect(md.link).toBe('https://fixture.example/blog/posts/first-light/');
    expect(md['content:encoded']).toContain('href="https://fixture.example/blog/posts/second-wind/"');
    expect(md['content:encoded']).toMatch(/src="https:\/\/fixture\.example\/blog\/_astro\/square\.[\w-]+\.svg"/);
    for (const item of items) {
      expect(item['content:encoded']).not.toMatch(/(href|src)="(\/|\.\.?\/)/);
    }
  });

  it('links the feed from every page', async () => {
    for (const page of ['index.html', 'posts/first-light/index.html', 'tags/index.html', 'archive/index.html', 'about/index.html', '404.html']) {
      expect(await site.read(page), page).toContain(
        '<link rel="alternate" type="application/rss+xml" title="Fixture Blog" href="https://fixture.example/blog/rss.xml">',
      );
    }
  });

  it('lists published pages in the sitemap, under the base path', async () => {
    const index = xml.parse(await site.read('sitemap-index.xml'));
    const sitemaps = [index.sitemapindex.sitemap].flat().map((s: { loc: string }) => s.loc);
    expect(sitemaps).toEqual(['https://fixture.example/blog/sitemap-0.xml']);
    const urls = [xml.parse(await site.read('sitemap-0.xml')).urlset.url].flat().map((u: { loc: string }) => u.loc);
    expect(urls).toContain('https://fixture.example/blog/posts/first-light/');
    expect(urls).toContain('https://fixture.example/blog/about/');
    expect(urls.every((u: string) => u.startsWith('https://fixture.example/blog/'))).toBe(true);
    expect(urls.some((u: string) => u.includes('404'))).toBe(false);
    expect(await site.read('robots.txt')).toContain('Sitemap: https://fixture.example/blog/sitemap-index.xml');
  });

  it('gives posts canonical, Open Graph, Twitter, JSON-LD, h-entry and h-card', async () => {
    const html = await site.read('posts/first-light/index.html');
    expect(html).toContain('<link rel="canonical" href="https://fixture.example/blog/posts/first-light/">');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="og:title" content="First Light">');
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    expect(html).toContain('<link rel="me" href="https://social.example/@ada">');
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]!);
    expect(ld).toMatchObject({
      '@type': 'BlogPosting',
      headline: 'First Light',
      datePublished: '2024-01-10T00:00:00.000Z',
      author: { '@type': 'Person', name: 'Ada Fixture' },
    });
    expect(html).toMatch(/<article class="h-entry post"/);
    expect(html).toContain('class="prose e-content"');
    expect(html).toMatch(/class="h-card author-card"/);
  });
});

describe('drafts and scheduled posts', () => {
  it('a scheduled post is nowhere before its date (tests/e2e/follow.test.ts builds it on that day)', async () => {
    const files = await site.files();
    expect(files).toContain('posts/third-post/index.html');
    expect(files).not.toContain('posts/from-the-future/index.html');
    expect(await site.read('rss.xml')).not.toContain('From The Future Quokka');
  });

  it('appear nowhere in the production build', async () => {
    const files = await site.files();
    const leaks: string[] = [];
    for (const file of files) {
      if (!/\.(html|xml|txt|json|js|css)$/.test(file)) continue;
      const text = await site.read(file);
      for (const marker of DRAFT_AND_FUTURE_MARKERS) if (text.includes(marker)) leaks.push(`${file}: ${marker}`);
    }
    expect(leaks).toEqual([]);
    expect(files.filter((f) => /secret-draft|from-the-future|draftonlytag|futureonlytag/.test(f))).toEqual([]);
  });

  it('leave no image of theirs in the build: cover, Markdown image or MDX import (binary files too)', async () => {
    const images = path.join(fixtureContent, 'posts/images');
    const draftImages = (await readdir(images)).filter((name) => name.startsWith('draft-'));
    expect(draftImages.length).toBe(3);
    const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const draftDigests = new Map(await Promise.all(draftImages.map(async (name) => [digest(await readFile(path.join(images, name))), name] as const)));
    const leaks: string[] = [];
    for (const file of await site.files()) {
      if (/draft-|zebra/i.test(file)) leaks.push(file);
      const same = draftDigests.get(digest(await readFile(path.join(site.dist, file))));
      if (same) leaks.push(`${file} is ${same}`);
    }
    expect(leaks).toEqual([]);
  });

  it('are not counted', async () => {
    const archive = await site.read('archive/index.html');
    expect(archive).toContain('3 posts, newest first.');
  });
});

describe('what the README promises', () => {
  it('names no fediverse creator when fediverseCreator is not set (tests/e2e/follow.test.ts sets it)', async () => {
    for (const page of ['index.html', 'posts/first-light/index.html', 'about/index.html']) {
      expect(await site.read(page), page).toContain('<meta name="description"');
      expect(await site.read(page), page).not.toContain('fediverse:creator');
    }
  });

  it('copies public/_headers to the site as it is', async () => {
    expect(await site.read('_headers')).toBe(await readFile(path.join(repoRoot, 'public/_headers'), 'utf8'));
  });
});

describe('base path', () => {
  it('prefixes every internal link and asset with /blog/', async () => {
    const bad: string[] = [];
    for (const file of (await site.files()).filter((f) => f.endsWith('.html'))) {
      const html = await site.read(file);
      for (const [, attr, value] of html.matchAll(/\s(href|src|action)="([^"]*)"/g)) {
        if (value!.startsWith('/') && !value!.startsWith('/blog/') && !value!.startsWith('//')) bad.push(`${file}: ${attr}=${value}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('a large archive', () => {
  // The fixture with one post of 2023 more, and "large" set at two posts.
  let large: BuiltSite;
  beforeAll(async () => {
    const content = await copyContent();
    const configFile = path.join(content, 'site.config.ts');
    const source = await readFile(configFile, 'utf8');
    const patched = source.replace(/\n\} satisfies SiteConfigInput;/, '\n  archiveOnOnePage: 2,\n} satisfies SiteConfigInput;');
    expect(patched).not.toBe(source);
    await writeFile(configFile, patched);
    await writeFile(
      path.join(content, 'posts', 'an-older-year.md'),
      '---\ntitle: An Older Year\ndescription: The one post of 2023.\npubDate: 2023-06-01\ntags: [habits]\n---\n\nA post from the year before.\n',
    );
    large = await buildSite(content);
  }, 300_000);

  it('lists the years on /archive/, each linking to its own page', async () => {
    const archive = await large.read('archive/index.html');
    expect(archive).toMatch(/<p[^>]*>4 posts, newest first\.<\/p>/);
    expect(archive).toMatch(/<a href="\/blog\/archive\/2024\/"[^>]*>2024<\/a> <span class="muted count"[^>]*>\(3\)<\/span>/);
    expect(archive).toMatch(/<a href="\/blog\/archive\/2023\/"[^>]*>2023<\/a> <span class="muted count"[^>]*>\(1\)<\/span>/);
    expect(archive.indexOf('/blog/archive/2024/')).toBeLessThan(archive.indexOf('/blog/archive/2023/'));
    expect(archive).not.toContain('class="u-url p-name"');
  });

  it('gives each year its posts, newest first, and links to the years beside it', async () => {
    const newer = await large.read('archive/2024/index.html');
    const older = await large.read('archive/2023/index.html');
    const titles = (html: string) => [...html.matchAll(/class="u-url p-name"[^>]*>\s*([^<]*?)\s*<\/a>/g)].map((m) => m[1]);
    expect(titles(newer)).toEqual(['Third Post', 'Second Wind', 'First Light']);
    expect(titles(older)).toEqual(['An Older Year']);
    expect(newer).toContain('<title>Archive: 2024 · Fixture Blog</title>');
    expect(newer).toContain('<a href="/blog/archive/2023/" rel="next">2023 →</a>');
    expect(newer).not.toContain('rel="prev"');
    expect(older).toContain('<a href="/blog/archive/2024/" rel="prev">← 2024</a>');
    expect(older).not.toContain('rel="next"');
    expect((await large.files()).filter((file) => file.startsWith('archive/')).sort()).toEqual([
      'archive/2023/index.html',
      'archive/2024/index.html',
      'archive/index.html',
    ]);
  });
});
