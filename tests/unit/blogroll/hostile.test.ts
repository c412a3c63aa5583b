import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedGet } from '../../../src/lib/net/index.ts';
import { blogrollConfigSchema, blogrollEntrySchema, loadPeerPosts, peerRiver, type Peer } from '../../../src/lib/blogroll/index.ts';
import { workDir } from '../../helpers/astro.ts';
import { routeServer, send, type TestServer } from './servers.ts';

/**
 * A hostile feed server on 127.0.0.1: every trick a peer's feed (or whoever took over the
 * peer's domain) could play. What comes out of loadPeerPosts, and what lands in the cache,
 * must carry none of it.
 */

const PAYLOAD = /<script|<\/script|onerror|onload|javascript:|data:|vbscript:|<svg|<iframe|<img|alert\(|root:x:/i;

const rssPayload = `<?xml version="1.0"?><rss version="2.0"><channel><title>&lt;script&gt;alert(1)&lt;/script&gt;</title>
  <item><title>&lt;img src=x onerror=alert(1)&gt;RSS ok</title><link>https://peer.example/rss-ok</link><pubDate>Mon, 02 Feb 2026 00:00:00 GMT</pubDate>
    <description><![CDATA[<p onclick="alert(1)">Hi</p><script>alert(2)</script><svg><script>alert(3)</script></svg><a href="javascript:alert(4)">x</a>]]></description></item>
  <item><title>JS</title><link>javascript:alert(document.domain)</link></item>
  <item><title>Tab JS</title><link>java&#x09;script:alert(1)</link></item>
  <item><title>Data</title><link>data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;</link></item>
</channel></rss>`;

const atomPayload = `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id><updated>2026-02-01T00:00:00Z</updated>
  <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><svg onload="alert(1)"/>Atom ok</div></title><id>1</id>
    <link href="https://peer.example/atom-ok"/><updated>2026-02-01T00:00:00Z</updated>
    <content type="html">&lt;iframe src="javascript:alert(1)"&gt;&lt;/iframe&gt;&lt;img src=x onerror=alert(1)&gt;Body</content></entry>
  <entry><title>Svg link</title><id>2</id><link href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/><updated>2026-02-01T00:00:00Z</updated></entry>
</feed>`;

const jsonPayload = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'J',
  items: [
    {
      id: '1',
      url: 'https://peer.example/json-ok',
      title: 'JSON ok',
      content_html: '<script>alert(1)</script><img src=x onerror=alert(2)>Text',
      date_published: '2026-02-03T00:00:00Z',
    },
    { id: '2', url: ' javascript:alert(1)', title: 'bad' },
    { id: '3', url: 'https://peer.example/proto', title: 'Proto' },
  ],
}).replace('"title":"Proto"', '"title":"Proto","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}');

const rdfPayload = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://peer.example/"><title>R</title><link>https://peer.example/</link></channel>
  <item rdf:about="https://peer.example/rdf-ok"><title>&lt;svg/onload=alert(1)&gt;&lt;/svg&gt;RDF ok</title><link>https://peer.example/rdf-ok</link></item>
  <item rdf:about="x"><title>vb</title><link>vbscript:msgbox(1)</link></item></rdf:RDF>`;

const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'A'.repeat(9000)}">${Array.from({ length: 8 }, (_, i) => `<!ENTITY b${i} "${(i === 0 ? '&a;' : `&b${i - 1};`).repeat(10)}">`).join('')}]>
<rss version="2.0"><channel><title>&b7;</title><item><title>Bomb ok &b7;</title><link>https://peer.example/bomb-ok</link></item></channel></rss>`;

const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>x</title>
  <item><title>XXE ok &xxe;</title><link>https://peer.example/xxe-ok</link></item></channel></rss>`;

let server: TestServer;
const peers: Peer[] = [];
beforeAll(async () => {
  const routes = {
    '/rss': send(rssPayload),
    '/atom': send(atomPayload, 'application/atom+xml'),
    '/json': send(jsonPayload, 'application/feed+json'),
    '/rdf': send(rdfPayload, 'application/rdf+xml'),
    '/bomb': send(bomb),
    '/xxe': send(xxe),
    '/wrong-type': send(rssPayload.replace('RSS ok', 'Wrong type ok'), 'image/svg+xml'),
    '/svg': send('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'),
    '/html': send('<!doctype html><html><body><script>alert(1)</script></body></html>', 'text/html'),
    '/invalid': send('<rss version="2.0"><channel><item><title>x</title><link>https://peer.example/', 'application/rss+xml'),
    '/gzip-bomb': (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)));
    },
    '/redirect-js': (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(302, { location: 'javascript:alert(1)' }).end(),
    '/loop': (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(302, { location: '/loop' }).end(),
    '/trickle': (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    },
  };
  server = await routeServer(routes);
  for (const route of Object.keys(routes)) {
    peers.push({
      id: route.slice(1),
      data: blogrollEntrySchema.parse({
        name: route.slice(1),
        url: `${server.origin}/site${route}/`,
        feed: `${server.origin}${route}`,
        description: 'd',
        since: '2024-01-01',
      }),
      note: '',
    });
  }
});
afterAll(() => server.close());

describe('a hostile feed server', () => {
  it('gets nothing dangerous through, stays within its byte and time bounds, and keeps every other peer working', async () => {
    const cacheFile = path.join(await workDir('hostile'), 'feeds.json');
    const lines: string[] = [];
    const warnings: string[] = [];
    const posts = await loadPeerPosts(peers, {
      cacheFile,
      config: blogrollConfigSchema.parse({ timeoutMs: 5000, maxBytes: 1_000_000, maxAgeMinutes: 0 }),
      userAgent: 'test',
      log: (l) => lines.push(l),
      warn: (l) => warnings.push(l),
    });

    const titles = (route: string) => posts.get(`${server.origin}/site/${route}/`)?.map((p) => p.title);
    expect(titles('rss')).toEqual(['RSS ok']);
    expect(titles('atom')).toEqual(['Atom ok']);
    // feedsmith drops the item that carries __proto__/constructor keys.
    expect(titles('json')).toEqual(['JSON ok']);
    expect(titles('rdf')).toEqual(['RDF ok']);
    expect(titles('bomb')?.[0]).toMatch(/^Bomb ok/);
    // A feed is read for what it is, whatever its Content-Type says.
    expect(titles('wrong-type')).toEqual(['Wrong type ok']);
    // External entities make the parser refuse the whole feed: nothing is read from disk.
    for (const failing of ['xxe', 'svg', 'html', 'invalid', 'gzip-bomb', 'redirect-js', 'loop', 'trickle']) {
      expect(titles(failing), failing).toEqual([]);
    }
    expect(warnings).toHaveLength(8);
    expect(warnings.join('\n')).toMatch(/gzip-bomb.*over the 1000000-byte cap/);
    expect(warnings.join('\n')).toMatch(/trickle.*no complete answer within 5000 ms/);
    expect(lines.at(-1)).toMatch(/14 feeds in [\d.]+ s: 6 updated, 8 failed\./);

    const everything = JSON.stringify([...posts]) + (await readFile(cacheFile, 'utf8'));
    expect(everything).not.toMatch(PAYLOAD);
    expect(everything.length).toBeLessThan(20_000);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(JSON.stringify(peerRiver(posts, peers, 50))).not.toMatch(PAYLOAD);
  });
});

describe('boundedGet', () => {
  it('refuses redirects to other schemes and gives up on loops', async () => {
    expect(await boundedGet(`${server.origin}/redirect-js`, { userAgent: 't', timeoutMs: 1000, maxBytes: 1000, privateHosts: ['127.0.0.1'] })).toMatchObject({
      kind: 'failure',
      reason: 'blocked',
    });
    expect(await boundedGet(`${server.origin}/loop`, { userAgent: 't', timeoutMs: 1000, maxBytes: 1000, privateHosts: ['127.0.0.1'] })).toMatchObject({
      kind: 'failure',
      reason: 'redirects',
    });
  });

  it('decodes the charset the feed declares', async () => {
    const latin1 = await routeServer({
      '/f': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Caf\xe9</title></channel></rss>', 'latin1'));
      },
    });
    try {
      const result = await boundedGet(`${latin1.origin}/f`, { userAgent: 't', timeoutMs: 1000, maxBytes: 10_000, privateHosts: ['127.0.0.1'] });
      expect(result.kind === 'response' && result.body).toContain('<title>Café</title>');
    } finally {
      await latin1.close();
    }
  });
});
