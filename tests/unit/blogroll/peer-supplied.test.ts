import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPeer } from '../../../src/lib/blogroll/health.ts';
import { blogrollConfigSchema, blogrollEntrySchema, loadPeerPosts, type Peer } from '../../../src/lib/blogroll/index.ts';
import { workDir } from '../../helpers/astro.ts';

// A URL the writer typed may point anywhere; a URL a peer's public page named is the peer's
// word and must stay on the public internet (SSRF). The peer's site is a public IP literal, so
// no name is ever resolved; the address the page names is private. A fake network records
// every request: the private address must never be asked.
const PEER = 'http://93.184.216.34/';
const PRIVATE_FEED = 'http://10.0.0.7/feed.xml';
const PRIVATE_BLOGROLL = 'http://169.254.169.254/blogroll.opml';

const RSS =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://10.0.0.7/</link><item><title>Internal secret</title><link>http://10.0.0.7/secret</link></item></channel></rss>';
const HOME = `<html><head>
  <link rel="alternate" type="application/rss+xml" href="${PRIVATE_FEED}">
  <link rel="blogroll" type="text/xml" href="${PRIVATE_BLOGROLL}">
</head><body>Home</body></html>`;

function fakeNetwork() {
  const asked: string[] = [];
  const fetchStub = (async (input: string | URL | Request) => {
    const url = String(input);
    asked.push(url);
    if (url === PEER) return new Response(HOME, { status: 200, headers: { 'content-type': 'text/html' } });
    if (url === PRIVATE_FEED) return new Response(RSS, { status: 200, headers: { 'content-type': 'application/rss+xml' } });
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { asked, fetch: fetchStub };
}

const peer = (feed?: string): Peer => ({
  id: 'peer',
  data: blogrollEntrySchema.parse({ name: 'Peer', url: PEER, description: 'd', since: '2024-01-01', ...(feed ? { feed } : {}) }),
  note: '',
});

const noResolver = async (host: string): Promise<string[]> => {
  throw new Error(`no name should be resolved (asked for ${host})`);
};

describe('a feed discovered on a peer’s public page', () => {
  it('is never fetched from a private address, and the build warns instead', async () => {
    const net = fakeNetwork();
    const warnings: string[] = [];
    const posts = await loadPeerPosts([peer()], {
      cacheFile: path.join(await workDir('peer-supplied'), 'feeds.json'),
      config: blogrollConfigSchema.parse({ maxAgeMinutes: 0 }),
      userAgent: 'test',
      fetch: net.fetch,
      warn: (line) => warnings.push(line),
    });
    expect(net.asked).toEqual([PEER]);
    expect(posts.get(PEER)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/10\.0\.0\.7 is not a public address, and 93\.184\.216\.34 led there/)]);
  });

  it('is fetched when the writer named the same private feed in the entry', async () => {
    const net = fakeNetwork();
    const posts = await loadPeerPosts([peer(PRIVATE_FEED)], {
      cacheFile: path.join(await workDir('peer-supplied'), 'feeds.json'),
      config: blogrollConfigSchema.parse({ maxAgeMinutes: 0 }),
      userAgent: 'test',
      fetch: net.fetch,
    });
    expect(net.asked).toEqual([PRIVATE_FEED]);
    expect(posts.get(PEER)?.map((p) => p.title)).toEqual(['Internal secret']);
  });
});

describe('blogroll check', () => {
  const options = (fetchStub: typeof fetch) => ({
    siteUrl: 'https://me.example/',
    userAgent: 'test',
    timeoutMs: 2_000,
    maxBytes: 100_000,
    concurrency: 1,
    now: new Date('2026-01-01T00:00:00Z'),
    fetch: fetchStub,
    resolve: noResolver,
  });

  it('never asks a private address that a peer’s page announced as its feed or its blogroll', async () => {
    const net = fakeNetwork();
    const health = await checkPeer(peer(), options(net.fetch));
    expect(net.asked).not.toContain(PRIVATE_FEED);
    expect(net.asked).not.toContain(PRIVATE_BLOGROLL);
    expect(net.asked).toContain(PEER);
    expect(health.feed).toMatchObject({ status: 'unreachable', feedUrl: PRIVATE_FEED, detail: expect.stringMatching(/not a public address/) });
  });

  it('does ask a private feed the writer named in the entry', async () => {
    const net = fakeNetwork();
    const health = await checkPeer(peer(PRIVATE_FEED), options(net.fetch));
    expect(net.asked).toContain(PRIVATE_FEED);
    expect(health.feed.status).not.toBe('unreachable');
  });
});
