import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { toFeedCache } from '../../../src/lib/blogroll/cache.ts';
import { boundedGet } from '../../../src/lib/net/index.ts';
import { blogrollConfigSchema, loadPeerPosts, type LoadPeerPostsOptions, type Peer } from '../../../src/lib/blogroll/index.ts';
import { workDir } from '../../helpers/astro.ts';
import { closedPortOrigin, peer, rss, send, serveForTest, silentServer } from './servers.ts';

const UA = 'Frontrow-blogroll/1 (+https://me.example/)';
const config = (over: Record<string, unknown> = {}) => blogrollConfigSchema.parse({ timeoutMs: 5000, maxBytes: 200_000, maxAgeMinutes: 0, ...over });

async function tempCache() {
  const dir = await workDir('blogroll');
  return path.join(dir, 'cache', 'feeds.json');
}

async function load(peers: Peer[], options: Partial<LoadPeerPostsOptions> & { cacheFile: string }) {
  const lines: string[] = [];
  const warnings: string[] = [];
  const posts = await loadPeerPosts(peers, {
    config: config(),
    userAgent: UA,
    log: (l) => lines.push(l),
    warn: (l) => warnings.push(l),
    ...options,
  });
  return { posts, lines, warnings };
}

const goodFeed = rss([
  { title: 'Third', link: 'https://peer.example/3', date: '2026-01-03' },
  { title: 'Second', link: 'https://peer.example/2', date: '2026-01-02' },
  { title: 'First', link: 'https://peer.example/1', date: '2026-01-01' },
]);

describe('loadPeerPosts', () => {
  it('fetches with the site User-Agent, caches, then asks with conditional GET', async () => {
    const server = await serveForTest({
      '/feed.xml': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Mon, 05 Jan 2026 00:00:00 GMT' }).end(goodFeed);
      },
    });
    const cacheFile = await tempCache();
    const peers = [peer('p', `${server.origin}/`, `${server.origin}/feed.xml`)];

    const first = await load(peers, { cacheFile });
    expect(first.posts.get(`${server.origin}/`)?.map((p) => p.title)).toEqual(['Third', 'Second', 'First']);
    expect(server.requests[0]!.headers['user-agent']).toBe(UA);
    expect(first.lines.some((l) => /checking 1 peer feed/.test(l))).toBe(true);
    const cached = JSON.parse(await readFile(cacheFile, 'utf8'));
    expect(Object.values(cached.feeds)[0]).toMatchObject({ etag: '"v1"', lastModified: 'Mon, 05 Jan 2026 00:00:00 GMT' });

    const second = await load(peers, { cacheFile });
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1]!.headers['if-modified-since']).toBe('Mon, 05 Jan 2026 00:00:00 GMT');
    expect(second.posts.get(`${server.origin}/`)).toHaveLength(3);
    expect(second.lines.at(-1)).toMatch(/1 unchanged/);
  });

  it('does not ask again while the cached copy is younger than maxAgeMinutes', async () => {
    const server = await serveForTest({ '/feed.xml': send(goodFeed) });
    const cacheFile = await tempCache();
    const peers = [peer('p', `${server.origin}/`, `${server.origin}/feed.xml`)];
    await load(peers, { cacheFile, config: config({ maxAgeMinutes: 60 }) });
    await load(peers, { cacheFile, config: config({ maxAgeMinutes: 60 }) });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the last good copy and prints one warning line when a feed breaks', async () => {
    let mode: 'good' | 'html' | 'invalid' | 'wrong-type' | '500' = 'good';
    const server = await serveForTest({
      '/feed.xml': (_req, res) => {
        if (mode === 'good') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(goodFeed);
        if (mode === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Oops</title><p>moved');
        if (mode === 'invalid') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><item><title>x');
        if (mode === 'wrong-type') return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
        res.writeHead(500).end();
      },
    });
    const cacheFile = await tempCache();
    const peers = [peer('Broken Peer', `${server.origin}/`, `${server.origin}/feed.xml`)];
    await load(peers, { cacheFile });
    for (const next of ['html', 'invalid', 'wrong-type', '500'] as const) {
      mode = next;
      const { posts, warnings } = await load(peers, { cacheFile });
      expect(
        posts.get(`${server.origin}/`)?.map((p) => p.title),
        next,
      ).toEqual(['Third', 'Second', 'First']);
      expect(warnings, next).toHaveLength(1);
      expect(warnings[0]).toMatch(/Broken Peer .*using the copy from \d{4}-\d\d-\d\d/);
    }
  });

  // Without the timeout this test would hang until Vitest's own limit, and fail there.
  it('gives up on a server that accepts and never answers after timeoutMs', async () => {
    const silent = await silentServer();
    onTestFinished(() => silent.close());
    const cacheFile = await tempCache();
    const { posts, warnings } = await load([peer('mute', `${silent.origin}/`, `${silent.origin}/feed.xml`)], {
      cacheFile,
      config: config({ timeoutMs: 300 }),
    });
    expect(silent.connections()).toBeGreaterThanOrEqual(1); // it did connect: the wait is for an answer
    expect(posts.get(`${silent.origin}/`)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/mute .*no complete answer within 300 ms; no earlier copy/)]);
  });

  it('cuts a 50 MB body at the cap without reading it all', async () => {
    let sent = 0;
    const server = await serveForTest({
      '/huge.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const total = 50 * 1024 * 1024;
        const pump = () => {
          while (sent < total) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => res.removeAllListeners('drain'));
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
        pump();
      },
    });
    const cacheFile = await tempCache();
    const { warnings } = await load([peer('huge', `${server.origin}/`, `${server.origin}/huge.xml`)], {
      cacheFile,
      config: config({ maxBytes: 1_000_000, timeoutMs: 10_000 }),
    });
    expect(sent).toBeLessThan(20 * 1024 * 1024);
    expect(warnings).toEqual([expect.stringMatching(/huge .*over the 1000000-byte cap; no earlier copy/)]);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const server = await serveForTest({
      '/big.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(60_000_000) });
        res.write('<rss>');
      },
    });
    const result = await boundedGet(`${server.origin}/big.xml`, { userAgent: UA, timeoutMs: 2000, maxBytes: 1000, privateHosts: ['127.0.0.1'] });
    expect(result).toMatchObject({ kind: 'failure', reason: 'too-large' });
  });

  it('honours Retry-After: no request until it has passed', async () => {
    let now = new Date('2026-03-01T12:00:00Z');
    let limited = true;
    const server = await serveForTest({
      '/feed.xml': (_req, res) => {
        if (limited) return void res.writeHead(429, { 'retry-after': '120' }).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(goodFeed);
      },
    });
    const cacheFile = await tempCache();
    const peers = [peer('busy', `${server.origin}/`, `${server.origin}/feed.xml`)];
    const opts = { cacheFile, now: () => now };
    const first = await load(peers, opts);
    expect(first.warnings).toEqual([expect.stringMatching(/busy .*HTTP 429, asked to wait 120 s/)]);
    limited = false;
    now = new Date('2026-03-01T12:01:00Z');
    await load(peers, opts);
    expect(server.requests).toHaveLength(1);
    now = new Date('2026-03-01T12:02:01Z');
    const third = await load(peers, opts);
    expect(server.requests).toHaveLength(2);
    expect(third.posts.get(`${server.origin}/`)).toHaveLength(3);
  });

  it('fetches at most `concurrency` feeds at once, and one at a time per host', async () => {
    // A fake network that holds every request until the fetcher has started all it may start
    // (a few turns of the event loop, no wall-clock sleep), then answers; it records the peaks.
    let inFlight = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    let hostPeak = 0;
    const held = (async (input: string | URL | Request) => {
      const host = new URL(String(input)).host;
      inFlight++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      peak = Math.max(peak, inFlight);
      hostPeak = Math.max(hostPeak, perHost.get(host)!);
      for (let turn = 0; turn < 20; turn++) await new Promise((r) => setImmediate(r));
      inFlight--;
      perHost.set(host, perHost.get(host)! - 1);
      return new Response(goodFeed, { status: 200, headers: { 'content-type': 'application/rss+xml' } });
    }) as typeof fetch;
    // Seven peers on seven hosts: the overall limit is what holds requests back.
    const peers = Array.from({ length: 7 }, (_, i) => peer(`p${i}`, `https://p${i}.example/`, `https://p${i}.example/feed.xml`));
    const { posts } = await load(peers, { cacheFile: await tempCache(), fetch: held, config: config({ concurrency: 2 }) });
    expect(peak).toBe(2);
    expect(hostPeak).toBe(1);
    expect([...posts.values()].map((list) => list.length)).toEqual([3, 3, 3, 3, 3, 3, 3]);

    // Five blogs on one host beside two elsewhere: the shared host is asked one at a time while
    // the other hosts go ahead, whatever the overall limit.
    peak = 0;
    hostPeak = 0;
    const neighbours = [
      ...Array.from({ length: 5 }, (_, i) => peer(`n${i}`, `https://shared.example/n${i}/`, `https://shared.example/f${i}.xml`)),
      peer('a', 'https://a.example/', 'https://a.example/feed.xml'),
      peer('b', 'https://b.example/', 'https://b.example/feed.xml'),
    ];
    const second = await load(neighbours, { cacheFile: await tempCache(), fetch: held, config: config({ concurrency: 4 }) });
    expect(hostPeak).toBe(1);
    expect(peak).toBe(3);
    expect([...second.posts.values()].map((list) => list.length)).toEqual([3, 3, 3, 3, 3, 3, 3]);
  });

  it('follows a 301 and asks the new address from then on', async () => {
    const server = await serveForTest({
      '/old.xml': (_req, res) => res.writeHead(301, { location: '/new.xml' }).end(),
      '/new.xml': send(goodFeed),
    });
    const cacheFile = await tempCache();
    const peers = [peer('mover', `${server.origin}/`, `${server.origin}/old.xml`)];
    await load(peers, { cacheFile });
    await load(peers, { cacheFile });
    expect(server.requests.map((r) => r.path)).toEqual(['/old.xml', '/new.xml', '/new.xml']);
  });

  it('discovers the feed of an entry without one, once', async () => {
    const server = await serveForTest({
      '/': send('<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>', 'text/html'),
      '/atom.xml': send(
        `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id><updated>2026-01-01T00:00:00Z</updated><entry><title>Found</title><id>1</id><link href="/found"/><updated>2026-01-01T00:00:00Z</updated></entry></feed>`,
        'application/atom+xml',
      ),
    });
    const cacheFile = await tempCache();
    const peers = [peer('nofeed', `${server.origin}/`)];
    const { posts } = await load(peers, { cacheFile });
    expect(posts.get(`${server.origin}/`)).toEqual([{ title: 'Found', url: `${server.origin}/found`, date: '2026-01-01T00:00:00.000Z' }]);
    await load(peers, { cacheFile });
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/atom.xml', '/atom.xml']);
  });

  it('isolates failures: one bad peer does not affect the others', async () => {
    const refused = await closedPortOrigin();
    const server = await serveForTest({ '/feed.xml': send(goodFeed) });
    const { posts, warnings } = await load([peer('down', `${refused}/`, `${refused}/feed.xml`), peer('up', `${server.origin}/`, `${server.origin}/feed.xml`)], {
      cacheFile: await tempCache(),
    });
    expect(posts.get(`${server.origin}/`)).toHaveLength(3);
    expect(posts.get(`${refused}/`)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/down .*connection failed \(ECONNREFUSED\)/)]);
  });

  it('when the machine is offline: stops after three failures, one line in total, cached posts kept', async () => {
    const cacheFile = await tempCache();
    const seedFile = path.join(path.dirname(path.dirname(cacheFile)), 'seed.json');
    const peers = Array.from({ length: 6 }, (_, i) => peer(`p${i}`, `https://p${i}.example/`, `https://p${i}.example/feed.xml`));
    await writeFile(
      seedFile,
      JSON.stringify({
        version: 1,
        feeds: Object.fromEntries(
          peers.map((p) => [
            p.data.url.replace('https://', '').replace(/\/$/, ''),
            { feedUrl: p.data.feed, posts: [{ title: 'Seeded', url: `${p.data.url}s` }] },
          ]),
        ),
      }),
    );
    let calls = 0;
    const noDns = (async () => {
      calls++;
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }) });
    }) as typeof fetch;
    const { posts, lines, warnings } = await load(peers, { cacheFile, seedFile, fetch: noDns, config: config({ concurrency: 1 }) });
    expect(calls).toBe(3);
    expect(warnings).toEqual(['Blogroll: offline (no peer feed reachable); showing cached posts for 6 of 6 peers.']);
    expect(lines).toEqual(['Blogroll: checking 6 peer feeds (1 at a time)…']);
    expect([...posts.values()].map((list) => list[0]?.title)).toEqual(Array(6).fill('Seeded'));
  });

  it('on a machine with only loopback interfaces, tries no remote feed and says so once', async () => {
    const server = await serveForTest({ '/feed.xml': send(goodFeed) });
    let calls = 0;
    const counting = ((input: string | URL | Request, init?: RequestInit) => {
      calls++;
      return fetch(input, init);
    }) as typeof fetch;
    const loopbackOnly = () =>
      ({ lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }] }) as ReturnType<
        typeof import('node:os').networkInterfaces
      >;
    const remote = Array.from({ length: 4 }, (_, i) => peer(`r${i}`, `https://r${i}.example/`, `https://r${i}.example/feed.xml`));
    const local = peer('local', `${server.origin}/`, `${server.origin}/feed.xml`);
    const alone = await load(remote, { cacheFile: await tempCache(), fetch: counting, networkInterfaces: loopbackOnly });
    expect(calls).toBe(0);
    expect(alone.warnings).toEqual([expect.stringMatching(/offline \(no peer feed reachable\)/)]);
    // Feeds on this very machine are still fetched.
    const mixed = await load([local], { cacheFile: await tempCache(), fetch: counting, networkInterfaces: loopbackOnly });
    expect(calls).toBe(1);
    expect(mixed.posts.get(`${server.origin}/`)).toHaveLength(3);
  });

  it('offline: true never touches the network and reads the seed when there is no cache', async () => {
    const cacheFile = await tempCache();
    const seedFile = path.join(path.dirname(path.dirname(cacheFile)), 'seed.json');
    await writeFile(
      seedFile,
      JSON.stringify({ version: 1, feeds: { 'a.example': { feedUrl: 'https://a.example/f', posts: [{ title: 'S', url: 'https://a.example/s' }] } } }),
    );
    const fail = (async () => {
      throw new Error('must not fetch');
    }) as typeof fetch;
    const { posts, lines, warnings } = await load([peer('a', 'https://a.example/')], { cacheFile, seedFile, offline: true, fetch: fail });
    expect(posts.get('https://a.example/')).toEqual([{ title: 'S', url: 'https://a.example/s' }]);
    expect([...lines, ...warnings]).toEqual([]);
  });

  it('never throws: damaged cache, unwritable cache path, hostile cached posts', async () => {
    const dir = await workDir('blogroll');
    const cacheFile = path.join(dir, 'feeds.json');
    await writeFile(cacheFile, '{ not json');
    const { posts, warnings } = await load([peer('a', 'https://a.example/')], { cacheFile, offline: true });
    expect(posts.get('https://a.example/')).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/feed cache .*unreadable/)]);

    await writeFile(
      cacheFile,
      JSON.stringify({
        version: 1,
        feeds: {
          'a.example': {
            feedUrl: 'https://a.example/f',
            etag: 'x\r\nInjected: 1',
            posts: [
              { title: '<img src=x onerror=alert(1)>Hi', url: 'javascript:alert(1)' },
              { title: '<b>Ok</b>', url: 'https://a.example/ok' },
            ],
          },
        },
      }),
    );
    const hostile = await load([peer('a', 'https://a.example/')], { cacheFile, offline: true });
    // Cached titles are plain text already: markup-looking text stays text (pages escape it).
    expect(hostile.posts.get('https://a.example/')).toEqual([{ title: '<b>Ok</b>', url: 'https://a.example/ok' }]);

    await writeFile(
      cacheFile,
      '{"version":1,"feeds":{"__proto__":{"feedUrl":"https://x.example/f","posts":[{"title":"Polluted","url":"https://x.example/p"}]}}}',
    );
    const feeds = toFeedCache(JSON.parse(await readFile(cacheFile, 'utf8'))).feeds;
    expect(Object.getPrototypeOf(feeds)).toBe(Object.prototype);
    expect(Object.keys(feeds)).toEqual([]);

    const server = await serveForTest({ '/feed.xml': send(goodFeed) });
    const blocked = path.join(cacheFile, 'inside-a-file.json'); // a path under a file: cannot be written
    const unwritable = await load([peer('b', `${server.origin}/`, `${server.origin}/feed.xml`)], { cacheFile: blocked });
    expect(unwritable.posts.get(`${server.origin}/`)).toHaveLength(3);
    expect(unwritable.warnings).toContainEqual(expect.stringMatching(/could not save the feed cache/));
  });
});

describe('seed and cache together', () => {
  it('fills in seeded posts for peers the cache has never fetched', async () => {
    const cacheFile = await tempCache();
    const seedFile = path.join(path.dirname(path.dirname(cacheFile)), 'seed.json');
    await writeFile(
      seedFile,
      JSON.stringify({
        version: 1,
        feeds: {
          'a.example': { feedUrl: 'https://a.example/f', posts: [{ title: 'Seed A', url: 'https://a.example/s' }] },
          'b.example': { feedUrl: 'https://b.example/f', posts: [{ title: 'Seed B', url: 'https://b.example/s' }] },
        },
      }),
    );
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFile(
      cacheFile,
      JSON.stringify({
        version: 1,
        feeds: {
          'a.example': { feedUrl: 'https://a.example/f', posts: [{ title: 'Cached A', url: 'https://a.example/c' }] },
        },
      }),
    );
    const { posts } = await load([peer('a', 'https://a.example/'), peer('b', 'https://b.example/')], { cacheFile, seedFile, offline: true });
    expect(posts.get('https://a.example/')?.[0]?.title).toBe('Cached A');
    expect(posts.get('https://b.example/')?.[0]?.title).toBe('Seed B');
  });
});
