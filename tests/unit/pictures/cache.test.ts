import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { siteLinksPlugin } from '../../../src/lib/markdown/site-links.ts';
import { openPictureCache, type PictureCache, type PictureCacheOptions } from '../../../src/lib/pictures/index.ts';
import { workDir } from '../../helpers/astro.ts';
import { serveForTest, silentServer, type Handler } from '../blogroll/servers.ts';

/** The smallest PNG (1×1): a real picture by its first bytes. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005ff02fe8b1f4f9e0000000049454e44ae426082',
  'hex',
);
const picture =
  (bytes: Buffer | string, type = 'image/png'): Handler =>
  (_req, res) =>
    res.writeHead(200, { 'content-type': type }).end(bytes);

async function cacheOf(extra: Partial<PictureCacheOptions> = {}, cacheFile?: string) {
  const warnings: string[] = [];
  const file = cacheFile ?? path.join(await workDir('pictures'), 'pictures.json');
  const cache = openPictureCache({ cacheFile: file, userAgent: 'Frontrow-test', offline: false, warn: (line) => warnings.push(line), ...extra });
  return { cache, warnings, cacheFile: file };
}

describe('pictures from other sites, kept by the build', () => {
  it('are fetched once, kept under the hash of their bytes, and taken from the kept copy by the next build without a request', async () => {
    const server = await serveForTest({ '/chart.png': picture(PNG), '/same-bytes.png': picture(PNG) });
    const first = await cacheOf();
    const url = `${server.origin}/chart.png`;
    const [a, b] = await Promise.all([first.cache.fileFor(url, 'posts/a.md'), first.cache.fileFor(url, 'posts/b.md')]);
    expect(a).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(b).toBe(a);
    expect(await first.cache.fileFor(`${server.origin}/same-bytes.png`, 'posts/c.md')).toBe(a);
    expect(first.cache.used()).toEqual([a]);
    expect(await readFile(path.join(first.cache.dir, a!))).toEqual(PNG);
    expect(server.requests.map((r) => r.path)).toEqual(['/chart.png', '/same-bytes.png']);
    expect(server.requests[0]!.headers['user-agent']).toBe('Frontrow-test');
    await first.cache.save();

    const next = await cacheOf({}, first.cacheFile);
    expect(await next.cache.fileFor(url, 'posts/a.md')).toBe(a);
    expect(server.requests).toHaveLength(2);
    expect(next.warnings).toEqual([]);
  });

  it('keeps only real pictures: a page sent as a PNG, a 404, one too large or too slow are a warning each, and asked again after a week', async () => {
    const slow = await silentServer();
    const server = await serveForTest({
      '/page.png': picture('<html><script>alert(1)</script></html>'),
      '/vector.svg': picture('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'),
      '/huge.png': picture(Buffer.concat([PNG, Buffer.alloc(4096)])),
    });
    let now = new Date('2026-12-01T00:00:00Z');
    const options = { maxBytes: 1024, timeoutMs: 300, now: () => now };
    const { cache, warnings, cacheFile } = await cacheOf(options);
    const urls = ['/page.png', '/vector.svg', '/huge.png', '/gone.png'].map((p) => `${server.origin}${p}`);
    for (const url of [...urls, `${slow.origin}/never.png`]) expect(await cache.fileFor(url, 'posts/x.md'), url).toBeUndefined();
    await slow.close();
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toBe(
      `the picture ${urls[0]} in posts/x.md could not be fetched (it is not a PNG, JPEG, GIF or WebP picture): the post links to it instead; asked again in 7 days`,
    );
    expect(warnings[3]).toContain('(HTTP 404)');
    expect(await readdir(cache.dir).catch(() => [])).toEqual([]);
    expect(cache.used()).toEqual([]);
    await cache.save();

    const asked = server.requests.length;
    now = new Date('2026-12-07T00:00:00Z');
    const withinTheWeek = await cacheOf(options, cacheFile);
    for (const url of urls) expect(await withinTheWeek.cache.fileFor(url, 'posts/x.md')).toBeUndefined();
    expect(server.requests).toHaveLength(asked);
    now = new Date('2026-12-09T00:00:00Z');
    const aWeekOn = await cacheOf(options, cacheFile);
    await aWeekOn.cache.fileFor(urls[3]!, 'posts/x.md');
    expect(server.requests).toHaveLength(asked + 1);
  });

  it('never follows a redirect into a private network, though the writer may name a private host', async () => {
    const target = await serveForTest({ '/inside.png': picture(PNG) });
    const port = new URL(target.origin).port;
    const server = await serveForTest({
      '/out.png': (_req, res) => res.writeHead(302, { location: `http://localhost:${port}/inside.png` }).end(),
    });
    const { cache, warnings } = await cacheOf();
    // The writer wrote 127.0.0.1 (an IP literal is theirs to reach); the redirect to localhost was not theirs.
    expect(await cache.fileFor(`${server.origin}/out.png`, 'posts/x.md')).toBeUndefined();
    expect(target.requests).toEqual([]);
    expect(warnings[0]).toMatch(/could not be fetched \(.*(private|local).*\)/i);
    expect(await cache.fileFor(`${target.origin}/inside.png`, 'posts/x.md')).toMatch(/\.png$/);
  });

  it('asks one host one request at a time, and at most maxNew new pictures in a build', async () => {
    let open = 0;
    let most = 0;
    const slowPicture: Handler = async (_req, res) => {
      most = Math.max(most, ++open);
      await new Promise((resolve) => setTimeout(resolve, 50));
      open--;
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    };
    const server = await serveForTest({ '/1.png': slowPicture, '/2.png': slowPicture, '/3.png': slowPicture });
    const { cache, warnings } = await cacheOf({ maxNew: 2 });
    const files = await Promise.all(['/1.png', '/2.png', '/3.png'].map((p) => cache.fileFor(`${server.origin}${p}`, 'posts/x.md')));
    expect(most).toBe(1);
    expect(files.filter(Boolean)).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
    // The one left waiting is said once, with why, when the build saves the cache.
    expect(warnings).toEqual([]);
    await cache.save();
    expect(warnings).toEqual([
      '1 picture from another site waits for the next build: a build fetches at most 2 new ones, to spare their sites; until then posts link to them (a cover is left out)',
    ]);
  });

  it('offline, asks nothing and remembers no failure: the next build fetches it', async () => {
    const server = await serveForTest({ '/chart.png': picture(PNG) });
    const offline = await cacheOf({ offline: true });
    expect(await offline.cache.fileFor(`${server.origin}/chart.png`, 'posts/x.md')).toBeUndefined();
    await offline.cache.save();
    expect(server.requests).toEqual([]);
    expect(offline.warnings).toEqual([]);
    const online = await cacheOf({}, offline.cacheFile);
    expect(await online.cache.fileFor(`${server.origin}/chart.png`, 'posts/x.md')).toMatch(/\.png$/);
  });
});

describe('a picture from another site in a post', () => {
  const render = async (source: string, cache: PictureCache | undefined) => {
    const dir = await workDir('pictures-render');
    const { html } = await markdownToHtml(source, {
      mdastPlugins: [siteLinksPlugin('/blog', dir, () => cache)],
      fileURL: pathToFileURL(path.join(dir, 'posts/x.md')),
    });
    return html;
  };
  const kept: PictureCache = {
    dir: '/nowhere',
    used: () => [],
    save: async () => undefined,
    fileFor: async (url) => (url.endsWith('/kept.png') ? 'abc.png' : undefined),
  };
  const source =
    '![A chart](https://example.org/kept.png) ![The map](https://example.org/gone.png) [![A badge](https://example.org/gone.svg)](https://example.org/) ![Mine](./mine.png)';

  it("is shown from the site's copy, or while there is none, as a link to it with its description", async () => {
    const html = await render(source, kept);
    expect(html).toContain('<img src="/blog/pictures/abc.png" alt="A chart">');
    expect(html).toContain('<a href="https://example.org/gone.png">The map</a>');
    // Inside a link, the description alone: links do not nest.
    expect(html).toContain('<a href="https://example.org/">A badge</a>');
    expect(html).toContain('<img src="./mine.png" alt="Mine">');
    expect(html).not.toMatch(/<img[^>]*src="https:/);
  });

  it('is kept however the text writes it: by reference, in an <img> tag of HTML or MDX', async () => {
    const byReference = await render(
      [
        'A ![chart][kept] and a ![map][gone], a [link to it][kept], ![mine][mine] and ![Shortcut].',
        '',
        '[kept]: https://example.org/kept.png "The chart"',
        '[gone]: <https://example.org/gone.png>',
        '[mine]: ./mine.png',
        '[shortcut]: https://example.org/kept.png',
      ].join('\n'),
      kept,
    );
    expect(byReference).toContain('<img src="/blog/pictures/abc.png" alt="chart" title="The chart">');
    expect(byReference).toContain('<a href="https://example.org/gone.png">map</a>');
    // A link by the same reference still goes where it said; a picture of this site stays one.
    expect(byReference).toContain('<a href="https://example.org/kept.png" title="The chart">link to it</a>');
    expect(byReference).toContain('<img src="./mine.png" alt="mine">');
    expect(byReference).toContain('<img src="/blog/pictures/abc.png" alt="Shortcut">');

    const tags = await render(
      '<p><img src="https://example.org/kept.png" alt="A &quot;chart&quot;" width="300"> <IMG SRC=https://example.org/gone.png alt="<Gone>"> <img src="/x.png"></p>',
      kept,
    );
    expect(tags.trim()).toBe(
      '<p><img src="/blog/pictures/abc.png" alt="A &quot;chart&quot;" width="300"> <a href="https://example.org/gone.png">&lt;Gone&gt;</a> <img src="/blog/x.png"></p>',
    );

    const dir = await workDir('pictures-render');
    const { code } = await mdxToJs('<img src="https://example.org/kept.png" alt="A chart" />\n\nText <img src="https://example.org/gone.png" alt="Gone" />', {
      mdastPlugins: [siteLinksPlugin('/blog', dir, () => kept)],
      fileURL: pathToFileURL(path.join(dir, 'posts/x.mdx')),
    });
    expect(code).toContain('"/blog/pictures/abc.png"');
    expect(code).toContain('"https://example.org/gone.png"');
    expect(code).not.toMatch(/src: "https:/);
  });

  it('is shown as written in the dev preview, which fetches nothing', async () => {
    expect(await render(source, undefined)).toContain('<img src="https://example.org/kept.png" alt="A chart">');
  });
});
