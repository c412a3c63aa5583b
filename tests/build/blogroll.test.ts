import { parseOpml, parseRssFeed } from 'feedsmith';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, copyContent, workDir, type BuiltSite } from '../helpers/astro.ts';
import { entryText, routeServer, rss, silentServer, type TestServer } from '../unit/blogroll/servers.ts';

// A blogroll of hostile peers on 127.0.0.1, built into a real site: the build must finish,
// the good peer's posts must show, and nothing any other peer sent may reach dist/.
// An expanded entity bomb would show as runs of "lol"; the external entities (XXE) point at a
// local file and at a route of the test server, each holding a marker that nothing else has.
// Each sits in an item title, which the blogroll page shows (excerpts are not shown anywhere),
// so a parser that expanded them would put every marker into dist/.
const EXPANDED_BOMB = 'lol'.repeat(10);
const XXE_FILE_MARKER = 'xxe-file-marker-3f9a1c';
const XXE_HTTP_MARKER = 'xxe-http-marker-b72e04';
const PAYLOAD_MARKERS = ['pwned', 'onerror', 'onload', 'javascript:', 'data:text/html', '<script>alert', EXPANDED_BOMB, XXE_FILE_MARKER, XXE_HTTP_MARKER];

let server: TestServer;
let silent: Awaited<ReturnType<typeof silentServer>>;
let site: BuiltSite;
let offlineSite: BuiltSite;
let feedCache: string;

const bomb = (secretFile: string, secretUrl: string) => `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file://${secretFile}">
 <!ENTITY xxehttp SYSTEM "${secretUrl}">
]>
<rss version="2.0"><channel><title>Bomb</title><link>https://bomb.example/</link>
<item><title>&lol9;</title><link>https://bomb.example/1</link><description>&xxe;</description></item>
<item><title>&xxehttp;</title><link>https://bomb.example/2</link><description>&xxe;&xxehttp;</description></item>
<item><title>&xxe;</title><link>https://bomb.example/3</link></item></channel></rss>`;

beforeAll(async () => {
  const now = new Date().toUTCString();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toUTCString();
  const secretFile = path.join(await workDir('xxe'), 'secret.txt');
  await writeFile(secretFile, XXE_FILE_MARKER);
  server = await routeServer({
    '/xxe-secret': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(XXE_HTTP_MARKER),
    '/good.xml': (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(
        rss([
          { title: 'Good Peer Post Title', link: 'https://good.example/post', date: now, description: 'A fine excerpt.' },
          { title: 'Older good post', link: 'https://good.example/older', date: hoursAgo(2) },
        ]),
      ),
    '/script.xml': (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><link>https://s.example/</link>
        <item><title>&lt;script&gt;alert("pwned-script")&lt;/script&gt;Scripted title</title><link>javascript:alert('pwned-js')</link><pubDate>${now}</pubDate>
        <description>&lt;img src=x onerror="alert('pwned-onerror')"&gt;</description></item>
        <item><title>Data link</title><link>data:text/html;base64,PHNjcmlwdD5wd25lZDwvc2NyaXB0Pg==</link><pubDate>${now}</pubDate></item>
        <item><title><![CDATA[<svg onload="alert('pwned-svg')"><script>pwned()</script></svg>Vector title]]></title><link>https://s.example/svg</link><pubDate>${hoursAgo(24)}</pubDate></item>
        </channel></rss>`,
      ),
    '/bomb.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(bomb(secretFile, `${server.origin}/xxe-secret`)),
    '/huge.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 50 && res.write(chunk)) sent++;
        if (sent < 50) res.once('drain', pump);
        else res.end();
      };
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
      pump();
    },
    '/invalid.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><item><title>pwned-broken'),
    '/wrong-type.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3])),
  });
  silent = await silentServer();

  const content = await copyContent();
  const config = path.join(content, 'site.config.ts');
  await writeFile(
    config,
    (await readFile(config, 'utf8')).replace(
      'blogroll: { river: false, fetch: false }',
      // riverSize 2, riverPerPeer 1: with the defaults (8, 2) the river would also show the good
      // peer's older post.
      'blogroll: { river: true, fetch: true, timeoutMs: 5000, maxBytes: 200000, riverSize: 2, riverPerPeer: 1 }',
    ),
  );
  const peers: [string, string][] = [
    ['good', `${server.origin}/good.xml`],
    ['script', `${server.origin}/script.xml`],
    ['bomb', `${server.origin}/bomb.xml`],
    ['huge', `${server.origin}/huge.xml`],
    ['invalid', `${server.origin}/invalid.xml`],
    ['wrong-type', `${server.origin}/wrong-type.png`],
    ['silent', `${silent.origin}/feed.xml`],
  ];
  // The fixture site starts with an empty blogroll (git keeps no empty folder).
  await mkdir(path.join(content, 'blogroll'), { recursive: true });
  for (const [name, feed] of peers) {
    await writeFile(
      path.join(content, 'blogroll', `${name}.md`),
      entryText(
        {
          name: `Peer ${name}`,
          url: `https://${name}.example/`,
          feed,
          description: `The ${name} peer.`,
          tags: '[test]',
          since: '2024-01-01',
          rel: 'friend',
        },
        `Why I read the ${name} peer.`,
      ),
    );
  }
  feedCache = path.join(await workDir('feeds'), 'feeds.json');
  site = await buildSite(content, { FRONTROW_FEED_CACHE: feedCache });
  // The same site with no network at all: everything comes from the cache just written.
  offlineSite = await buildSite(content, { FRONTROW_FEED_CACHE: feedCache, FRONTROW_OFFLINE: '1' });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await silent?.close();
});

describe('building with hostile peers', () => {
  it('shows the good peer on the blogroll page and in the river', async () => {
    expect(await site.read('blogroll/index.html')).toContain('Good Peer Post Title');
    expect(await site.read('index.html')).toContain('From my peers');
    expect(await site.read('index.html')).toContain('Good Peer Post Title');
  });

  it('shows riverSize posts in the river, at most riverPerPeer from one peer, newest first', async () => {
    const river = (await site.read('index.html')).match(/<section class="river"[\s\S]*?<\/section>/)?.[0] ?? '';
    const titles = [...river.matchAll(/<a class="u-url p-name"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Good Peer Post Title', 'Vector title']);
    // The blogroll page lists each peer's latest posts, whatever the river shows.
    expect(await site.read('blogroll/index.html')).toContain('Older good post');
  });

  it('keeps the text of hostile titles and drops their markup and links', async () => {
    const page = await site.read('blogroll/index.html');
    // A post whose only link is javascript: or data: has nowhere safe to point: it is dropped.
    expect(page).not.toContain('Scripted title');
    expect(page).not.toContain('Data link');
    // The SVG-wrapped title keeps its words, as text.
    expect(page).toContain('>Vector title</a>');
  });

  it('lets no payload reach any file of the site', async () => {
    const leaks: string[] = [];
    for (const file of await site.files()) {
      // Pagefind's own UI scripts legitimately contain words like "onload".
      if (!/\.(html|xml|opml|json|txt|js)$/.test(file) || file.startsWith('pagefind/')) continue;
      const text = (await site.read(file)).toLowerCase();
      for (const marker of PAYLOAD_MARKERS) if (text.includes(marker)) leaks.push(`${file}: ${marker}`);
    }
    expect(leaks).toEqual([]);
    // An external entity is never fetched.
    expect(server.requests.map((r) => r.path)).not.toContain('/xxe-secret');
  });

  it('warns once per failing feed, and the never-answering server is cut off', () => {
    const warnings = site.output.split('\n').filter((line) => /WARN.*Blogroll: Peer \S+ \(/.test(line));
    for (const name of ['bomb', 'huge', 'invalid', 'wrong-type', 'silent']) {
      expect(
        warnings.filter((w) => w.includes(`Peer ${name} `)),
        name,
      ).toHaveLength(1);
    }
    expect(warnings.filter((w) => w.includes('Peer good '))).toEqual([]);
  });

  it('builds offline from the cache, keeping the last good posts', async () => {
    expect(await offlineSite.read('blogroll/index.html')).toContain('Good Peer Post Title');
    expect(offlineSite.output).not.toMatch(/Blogroll: Peer \S+ \(/);
  });
});

describe('blogroll formats', () => {
  it('publishes OPML 2.0 at /blogroll.opml and /.well-known/recommendations.opml', async () => {
    for (const file of ['blogroll.opml', '.well-known/recommendations.opml']) {
      const opml = parseOpml(await site.read(file));
      const outlines = opml.body?.outlines ?? [];
      expect(outlines).toHaveLength(7);
      const good = outlines.find((o) => o.text === 'Peer good');
      expect(good).toMatchObject({
        title: 'Peer good',
        type: 'rss',
        xmlUrl: `${server.origin}/good.xml`,
        htmlUrl: 'https://good.example/',
        description: 'The good peer.',
      });
    }
  });

  it('publishes Ghost-style recommendations.json', async () => {
    const json = JSON.parse(await site.read('.well-known/recommendations.json')) as { url: string }[];
    expect(json.map((r) => r.url).sort()).toContain('https://good.example/');
    expect(json).toHaveLength(7);
  });

  it('announces the blogroll in every page head and in the RSS channel', async () => {
    for (const page of ['index.html', 'blogroll/index.html', 'posts/first-light/index.html', 'archive/index.html']) {
      expect(await site.read(page), page).toContain('<link rel="blogroll" type="text/xml"');
    }
    const feed = parseRssFeed(await site.read('rss.xml'));
    expect(JSON.stringify(feed)).toContain('https://fixture.example/blog/blogroll.opml');
    expect(await site.read('rss.xml')).toContain('<source:blogroll>https://fixture.example/blog/blogroll.opml</source:blogroll>');
  });

  it('links each peer with its XFN rel and shows the writer’s note', async () => {
    const page = await site.read('blogroll/index.html');
    expect(page).toContain('href="https://good.example/" rel="friend"');
    expect(page).toContain('Why I read the good peer.');
  });
});
