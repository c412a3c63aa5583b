import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFromHtml, contextStore } from '../../../src/lib/outreach/context.ts';
import { html, stubServer, type StubServer } from './servers.ts';
import { workDir } from '../../helpers/astro.ts';

const PAGE = 'https://peer.example/2026/post/';

describe('reply context from the page answered', () => {
  it('reads the h-entry name and author (h-card with url)', () => {
    const context = contextFromHtml(
      `<title>Site title</title><article class="h-entry"><h1 class="p-name">On notes</h1><a class="p-author h-card" href="/about">Ann Peer</a><div class="e-content">x</div></article>`,
      PAGE,
    );
    expect(context).toEqual({ url: PAGE, title: 'On notes', author: 'Ann Peer', authorUrl: 'https://peer.example/about' });
  });

  it('falls back to <title> (entities decoded) when there is no h-entry name', () => {
    expect(contextFromHtml('<title>Tom &amp; Jerry &#8212; a blog</title><article class="h-entry"><div class="e-content">text</div></article>', PAGE)).toEqual({
      url: PAGE,
      title: 'Tom & Jerry — a blog',
    });
  });

  it('keeps only text and http(s) links from a hostile page', () => {
    const context = contextFromHtml(
      `<article class="h-entry"><h1 class="p-name">Hi\u202Eevil<script>alert(1)</script></h1><span class="p-author h-card"><a class="p-name u-url" href="javascript:alert(1)">Mallory</a></span></article>`,
      PAGE,
    );
    expect(context.title).not.toMatch(/\u202E|<script/);
    expect(context.author).toBe('Mallory');
    expect(context).not.toHaveProperty('authorUrl');
  });
});

describe('the context store', () => {
  let server: StubServer;
  beforeAll(async () => {
    server = await stubServer((req, res) =>
      req.path === '/post'
        ? html(res, '</head><body><article class="h-entry"><h1 class="p-name">Cached</h1></article></body></html>')
        : res.writeHead(404).end(),
    );
  });
  afterAll(() => server?.close());

  it('asks each page once, keeps it in the cache, and gives the bare link for a page it cannot read', async () => {
    const cacheFile = path.join(await workDir('ctx'), 'reply-contexts.json');
    const warnings: string[] = [];
    const net = { userAgent: 't', timeoutMs: 2000, maxBytes: 100_000 };
    const store = contextStore({ cacheFile, net, warn: (l) => warnings.push(l) });
    const [a, b] = await Promise.all([store.get(`${server.origin}/post`), store.get(`${server.origin}/post`)]);
    expect(a).toEqual({ url: `${server.origin}/post`, title: 'Cached' });
    expect(b).toEqual(a);
    expect(await store.get(`${server.origin}/missing`)).toEqual({ url: `${server.origin}/missing` });
    expect(warnings).toEqual([expect.stringMatching(/could not read .*\/missing \(HTTP 404\); showing the bare link/)]);
    expect(server.seen.filter((r) => r.path === '/post')).toHaveLength(1);

    // A later build, offline: the cache answers, nothing is fetched.
    const seen = server.seen.length;
    const offline = contextStore({ cacheFile, net, offline: true });
    expect(await offline.get(`${server.origin}/post`)).toEqual({ url: `${server.origin}/post`, title: 'Cached' });
    expect(await offline.get(`${server.origin}/other`)).toEqual({ url: `${server.origin}/other` });
    expect(server.seen.length).toBe(seen);
    expect(JSON.parse(await readFile(cacheFile, 'utf8')).version).toBe(1);
  });
});
