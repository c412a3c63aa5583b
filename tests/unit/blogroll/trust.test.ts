import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPeer, DEFAULT_CONFIG, importOpml, type CommandContext } from '../../../src/lib/blogroll/commands.ts';
import { checkPeer, MAX_ANNOUNCED_BLOGROLLS } from '../../../src/lib/blogroll/health.ts';
import { blogrollConfigSchema, loadPeerPosts } from '../../../src/lib/blogroll/index.ts';
import { peer, rss, send, serveForTest } from './servers.ts';
import { workDir } from '../../helpers/astro.ts';

/**
 * Issue 11, findings 2, 3, 7 and 8: a URL a peer supplied stays the peer's through the entry
 * file and the cache; a missing domain is not "offline"; `check` follows few blogroll links.
 */

const feed = rss([{ title: 'Post', link: 'https://peer.example/1', date: '2026-01-01' }]);
const tempDir = () => workDir('trust');

/** A stub of the public web: a peer page whose feed link points at the metadata service. */
const hostilePeerWeb = (async (input: string | URL | Request) => {
  const url = String(input);
  if (url === 'https://peer.example/') {
    return new Response(
      '<html><head><title>Peer</title><link rel="alternate" type="application/rss+xml" href="http://127.0.0.1:9/latest/meta-data/"></head></html>',
      {
        status: 200,
        headers: { 'content-type': 'text/html' },
      },
    );
  }
  throw new Error(`unexpected request to ${url}`);
}) as typeof fetch;

describe('blogroll add and import', () => {
  it('do not write a private feed URL a peer announced into the entry (where it would count as the writer’s)', async () => {
    const dir = await tempDir();
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CommandContext = { dir, config: DEFAULT_CONFIG, userAgent: 't', out: (l) => out.push(l), err: (l) => err.push(l), fetch: hostilePeerWeb };
    expect(await addPeer('https://peer.example/', {}, ctx)).toBe(0);
    const [file] = await readdir(dir);
    const text = await readFile(path.join(dir, file!), 'utf8');
    expect(text).not.toMatch(/127\.0\.0\.1/);
    expect(err.join('\n')).toMatch(/announces its feed at http:\/\/127\.0\.0\.1:9\/latest\/meta-data\/, a private address; it was not written/);
  });

  it('import skips OPML subscriptions that name private addresses', async () => {
    const dir = await tempDir();
    const opml = path.join(dir, 'theirs.opml');
    await writeFile(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline type="rss" text="Meta" xmlUrl="http://169.254.169.254/latest/meta-data/" htmlUrl="https://meta.example/"/>
      <outline type="rss" text="Fine" xmlUrl="https://fine.example/feed.xml" htmlUrl="https://fine.example/"/></body></opml>`,
    );
    const out: string[] = [];
    const ctx: CommandContext = { dir: path.join(dir, 'blogroll'), config: DEFAULT_CONFIG, userAgent: 't', out: (l) => out.push(l), err: () => {} };
    expect(await importOpml(opml, ctx)).toBe(0);
    expect(out.join('\n')).toMatch(/Added 1, skipped 1[\s\S]*Meta \(http:\/\/169\.254\.169\.254\/latest\/meta-data\/ is a private address/);
  });
});

describe('the feed cache keeps a discovered URL untrusted', () => {
  it('a discovered private feed URL in the cache is never fetched on a later build', async () => {
    const internal = await serveForTest({ '/latest/meta-data/': send(feed) });
    const dir = await tempDir();
    const cacheFile = path.join(dir, 'feeds.json');
    // What a build stored before the fix: a feed URL discovered on the peer's public page.
    await writeFile(cacheFile, JSON.stringify({ version: 1, feeds: { 'peer.example': { feedUrl: `${internal.origin}/latest/meta-data/`, posts: [] } } }));
    const warnings: string[] = [];
    await loadPeerPosts([peer('p', 'https://peer.example/')], {
      cacheFile,
      config: blogrollConfigSchema.parse({ maxAgeMinutes: 0, timeoutMs: 1000 }),
      userAgent: 't',
      warn: (l) => warnings.push(l),
    });
    expect(internal.requests).toEqual([]);
    expect(warnings.join('\n')).toMatch(/127\.0\.0\.1:\d+ is not a public address, and peer\.example led there/);
  });

  it('marks a discovered feed as the peer’s in the cache; a feed the entry names as the writer’s', async () => {
    const site = await serveForTest({ '/': send('<link rel="alternate" type="application/rss+xml" href="/feed.xml">', 'text/html'), '/feed.xml': send(feed) });
    const cacheFile = path.join(await tempDir(), 'feeds.json');
    const options = { cacheFile, config: blogrollConfigSchema.parse({ maxAgeMinutes: 0, timeoutMs: 1000 }), userAgent: 't' };
    await loadPeerPosts([peer('a', `${site.origin}/`), peer('b', `${site.origin}/b/`, `${site.origin}/feed.xml`)], options);
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    expect(cache.feeds[`127.0.0.1:${new URL(site.origin).port}`].suppliedBy).toBe('peer');
    expect(cache.feeds[`127.0.0.1:${new URL(site.origin).port}/b`].suppliedBy).toBe('writer');
  });
});

describe('offline is about the machine, not one peer', () => {
  it('three expired peer domains (NXDOMAIN) early in the list do not skip the others', async () => {
    const live = await serveForTest({ '/feed.xml': send(feed) });
    const nxdomain = ((input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes('.invalid/')) {
        return Promise.reject(
          Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) }),
        );
      }
      return fetch(input, init);
    }) as typeof fetch;
    const peers = [
      ...[1, 2, 3].map((i) => peer(`gone${i}`, `https://gone${i}.invalid/`, `https://gone${i}.invalid/feed.xml`)),
      peer('live', `${live.origin}/`, `${live.origin}/feed.xml`),
    ];
    const warnings: string[] = [];
    const posts = await loadPeerPosts(peers, {
      cacheFile: path.join(await tempDir(), 'feeds.json'),
      config: blogrollConfigSchema.parse({ concurrency: 1, maxAgeMinutes: 0, timeoutMs: 1000 }),
      userAgent: 't',
      fetch: nxdomain,
      warn: (l) => warnings.push(l),
    });
    expect(posts.get(`${live.origin}/`)).toHaveLength(1);
    expect(warnings.filter((w) => /offline/.test(w))).toEqual([]);
    expect(warnings).toHaveLength(3);
  });
});

describe('blogroll check', () => {
  it(`follows at most ${MAX_ANNOUNCED_BLOGROLLS} blogroll links a peer announces`, async () => {
    const links = Array.from({ length: 200 }, (_, i) => `<link rel="blogroll" type="text/xml" href="/roll-${i}.opml">`).join('');
    const site = await serveForTest({ '/': send(`<html><head>${links}</head></html>`, 'text/html'), '/feed.xml': send(feed) });
    await checkPeer(peer('p', `${site.origin}/`, `${site.origin}/feed.xml`), {
      siteUrl: 'https://me.example/',
      userAgent: 't',
      timeoutMs: 1000,
      maxBytes: 100_000,
      concurrency: 1,
    });
    const rolls = site.requests.filter((r) => r.path.startsWith('/roll-'));
    expect(rolls.length).toBe(MAX_ANNOUNCED_BLOGROLLS);
    expect(site.requests.length).toBeLessThan(12);
  });
});
