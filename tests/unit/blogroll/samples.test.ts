import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBlogrollDir } from '../../../src/lib/blogroll/entries.ts';
import { blogrollConfigSchema, discoveredFeedUrls, loadPeerPosts, peerRiver, toOpml, readOpmlSubscriptions } from '../../../src/lib/blogroll/index.ts';
import { workDir } from '../../helpers/astro.ts';

// A frozen copy of the sample blogroll: the writer's content/ is theirs to change, so no test
// reads it (replacing the sample peers must never fail the engine's suite).
const dir = path.resolve(import.meta.dirname, '../../fixtures/blogroll/samples');
const seedFile = path.join(dir, '_feeds.seed.json');

describe('sample blogroll (fixture copy)', () => {
  it('has five or six valid entries, each with a note, and no duplicates', async () => {
    const { peers, problems } = await readBlogrollDir(dir);
    expect(problems).toEqual([]);
    expect(peers.length).toBeGreaterThanOrEqual(5);
    expect(peers.length).toBeLessThanOrEqual(6);
    for (const peer of peers) {
      expect(peer.note.length, peer.id).toBeGreaterThan(80);
      expect(peer.data.tags.length, peer.id).toBeGreaterThan(0);
    }
    // Sample sites use the reserved .example TLD: nobody real is fetched from a fresh clone.
    expect(peers.every((p) => new URL(p.data.url).hostname.endsWith('.example'))).toBe(true);
  });

  it('shows three latest posts per peer from the seed on a first offline build', async () => {
    const { peers } = await readBlogrollDir(dir);
    const cacheFile = path.join(await workDir('samples'), 'feeds.json');
    const lines: string[] = [];
    const posts = await loadPeerPosts(peers, {
      cacheFile,
      seedFile,
      offline: true,
      config: blogrollConfigSchema.parse({}),
      userAgent: 'test',
      log: (l) => lines.push(l),
    });
    expect(lines).toEqual([]);
    for (const peer of peers) expect(posts.get(peer.data.url), peer.id).toHaveLength(3);
    expect(peerRiver(posts, peers, 8)).toHaveLength(8);
    // Every sample has a feed in the OPML, declared or remembered in the seed.
    const feeds = await discoveredFeedUrls(peers, { cacheFile, seedFile });
    expect([...feeds]).toEqual([['https://margins.example/', 'https://margins.example/feed/']]);
    expect(
      readOpmlSubscriptions(toOpml(peers, { title: 'T', url: 'https://me.example/', ownerName: 'M' }, { discoveredFeeds: feeds })).every((s) => s.xmlUrl),
    ).toBe(true);
  });

  it('builds quickly with one line when the network is missing', async () => {
    const { peers } = await readBlogrollDir(dir);
    const cacheFile = path.join(await workDir('samples'), 'feeds.json');
    const lines: string[] = [];
    const progress: number[] = [];
    const noDns = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'EAI_AGAIN' } });
    }) as typeof fetch;
    const started = performance.now();
    const posts = await loadPeerPosts(peers, {
      cacheFile,
      seedFile,
      config: blogrollConfigSchema.parse({}),
      userAgent: 'test',
      fetch: noDns,
      log: (l) => lines.push(l),
      onProgress: (done) => progress.push(done),
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(lines).toEqual([expect.stringMatching(/checking 6 peer feeds/), expect.stringMatching(/offline .*cached posts for 6 of 6 peers/)]);
    expect(progress).toEqual(peers.map((_, i) => i + 1));
    for (const peer of peers) expect(posts.get(peer.data.url), peer.id).toHaveLength(3);
  });
});
