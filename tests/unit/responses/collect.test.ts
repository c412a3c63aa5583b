import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moderationConfigSchema, socialConfigSchema, webmentionsConfigSchema } from '../../../src/lib/responses/config.ts';
import {
  allItems,
  assignToPosts,
  collectResponses,
  threadOf,
  type CollectOptions,
  type PostRef,
  type ResponsesStore,
} from '../../../src/lib/responses/index.ts';
import { silentServer } from '../blogroll/servers.ts';
import { communityServer, PAYLOAD_MARKERS, TOKEN, type Community } from './stubs.ts';
import { workDir } from '../../helpers/astro.ts';

// The whole receiving path against stub servers on 127.0.0.1: a JF2 API with friendly and
// hostile mentions and 10,000 likes, a Mastodon server, a Bluesky AppView, a server that never
// answers and one that answers broken JSON.
const SITE = 'https://fixture.example/blog/';
const POST = 'https://fixture.example/blog/posts/first-light/';

let community: Community;
let silent: Awaited<ReturnType<typeof silentServer>>;
let work: string;
let options: CollectOptions;
let store: ResponsesStore;
const warnings: string[] = [];
let post: PostRef;

beforeAll(async () => {
  community = await communityServer({ postUrl: POST, siteUrl: SITE, likes: 10_000, hostile: true });
  silent = await silentServer();
  work = await workDir('responses');
  post = {
    id: 'first-light',
    url: POST,
    syndication: [community.mastodonUrl, community.blueskyUrl, `${silent.origin}/@ada/999`, community.brokenUrl],
    published: true,
  };
  options = {
    siteUrl: SITE,
    posts: [post, { id: 'second-wind', url: 'https://fixture.example/blog/posts/second-wind/', syndication: [], published: true }],
    webmentions: webmentionsConfigSchema.parse({ endpoint: 'https://webmention.io/fixture.example/webmention', api: `${community.origin}/api/mentions.jf2` }),
    social: socialConfigSchema.parse({ blueskyAppView: community.origin, timeoutMs: 4000 }),
    moderation: moderationConfigSchema.parse({ block: ['spam.example'] }),
    cacheFile: path.join(work, 'responses.json'),
    avatarDir: path.join(work, 'responses-avatars'),
    token: TOKEN,
    // The stub's avatars sit on 127.0.0.1, which a writer may allow by name in the config.
    privateHosts: ['127.0.0.1'],
    userAgent: 'Frontrow-test',
    warn: (line) => warnings.push(line),
    fetch: giveUpSoonOnSilent,
  };
  store = await collectResponses(options);
}, 60_000);

afterAll(async () => {
  await community?.server.close();
  await silent?.close();
});

/**
 * The real fetch, except that the server that never answers is given up on after 50 ms, not
 * the configured 4 s (the collector's own deadline, meant for the stubs that do answer on a
 * busy machine): the collector sees a source that failed, with no real wait.
 */
const giveUpSoonOnSilent: typeof fetch = (input, init) => {
  const realFetch = undiciFetch as unknown as typeof fetch;
  if (!String(input).startsWith(`${silent.origin}/`)) return realFetch(input, init);
  const soon = AbortSignal.timeout(50);
  return realFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, soon]) : soon });
};

const responsesOf = (s: ResponsesStore) =>
  threadOf(assignToPosts(allItems(s), options.posts, options.moderation.block).filter((r) => r.post === 'first-light'));

describe('hearing responses', () => {
  it('reads the whole domain in pages, with the token', () => {
    const api = community.server.requests.filter((r) => r.path === '/api/mentions.jf2');
    expect(api.length).toBeGreaterThanOrEqual(21); // 10,000 likes at 500 a page
    expect(store.webmention.sinceId).toBe(19_999);
  });

  it('asks one host one request at a time, though it serves every channel', () => {
    expect(community.server.requests.length).toBeGreaterThan(30);
    expect(community.maxInFlight()).toBe(1);
  });

  it('groups by post whatever the scheme, www. or trailing slash of the target', () => {
    const { thread } = responsesOf(store);
    expect(thread.map((r) => r.author.name)).toContain('Cal Mentions');
  });

  it('shows a reply read from Mastodon once, though Bridgy delivered it too', () => {
    const { thread } = responsesOf(store);
    const bea = thread.filter((r) => r.author.name === 'Bea Fedi');
    expect(bea).toHaveLength(1);
    expect(bea[0]!.channel).toBe('mastodon');
    expect(bea[0]!.links).toEqual(['https://bea.example/notes']);
    // The writer's answer sits under it.
    const ada = thread.find((r) => r.author.name === 'Ada Fixture');
    expect(ada).toMatchObject({ depth: 1, parent: bea[0]!.id });
  });

  it('reads Bluesky replies, leaving out hidden, deleted and blocked posts', () => {
    const { thread } = responsesOf(store);
    const sky = thread.filter((r) => r.channel === 'bluesky');
    expect(sky.map((r) => r.author.name)).toEqual(['Sky Reader']);
    expect(sky[0]!.url).toBe('https://bsky.app/profile/sky.example/post/3kreply');
    expect(store.social[community.blueskyUrl]!.counts).toEqual({ likes: 4, reposts: 1, replies: 3 });
  });

  it('keeps 10,000 likes as 10,000 people, and fetches only the avatars the page shows', async () => {
    const { reactions } = responsesOf(store);
    expect(reactions.like).toHaveLength(10_001);
    const likerRequests = community.server.requests.filter((r) => r.path === '/avatars/liker.png');
    expect(likerRequests.length).toBeLessThanOrEqual(48);
  });

  it('turns hostile fields into text and http(s) links only', () => {
    const all = JSON.stringify(responsesOf(store)).toLowerCase();
    expect(PAYLOAD_MARKERS.filter((marker) => all.includes(marker))).toEqual([]);
    const { thread } = responsesOf(store);
    const mallory = thread.find((r) => r.text.includes('Hostile but readable'))!;
    expect(mallory.url).toBe('https://hostile.example/reply');
    expect(mallory.author.url).toBeUndefined();
    expect(mallory.author.photo).toBeUndefined();
    const huge = thread.find((r) => r.author.name === 'Huge Sender')!;
    expect(huge.text.length).toBeLessThanOrEqual(2000);
  });

  it('keeps only verified raster images as avatars, within the size cap', async () => {
    const saved = await readdir(options.avatarDir);
    for (const file of saved) {
      const bytes = await readFile(path.join(options.avatarDir, file));
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    expect(store.avatars[`${community.origin}/avatars/ann.png`]?.file).toMatch(/\.png$/);
    expect(store.avatars[`${community.origin}/avatars/evil.png`]?.file).toBeUndefined();
    expect(store.avatars[`${community.origin}/avatars/huge.png`]?.file).toBeUndefined();
    expect(Object.keys(store.avatars).some((u) => u.includes('spam'))).toBe(false);
  });

  it('leaves out blocked senders and private mentions', () => {
    const { thread } = responsesOf(store);
    expect(thread.some((r) => r.author.name === 'Spammer' || r.author.name === 'Private Person')).toBe(false);
  });

  it('warns once per failing source and keeps going', () => {
    expect(warnings.filter((w) => w.includes(`${silent.origin}/@ada/999`))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes(community.brokenUrl))).toHaveLength(1);
    expect(warnings.find((w) => w.includes(community.brokenUrl))).toContain('not valid JSON');
    expect(warnings.join('\n')).not.toContain(TOKEN);
  });

  it('asks only for what is new next time, and keeps the last good copy when a source fails', async () => {
    const before = community.server.requests.length;
    const next = await collectResponses({ ...options, social: { ...options.social, maxAgeMinutes: 0 }, webmentions: { ...options.webmentions } });
    const asked = community.server.requests.slice(before).filter((r) => r.path === '/api/mentions.jf2');
    expect(asked).toHaveLength(1);
    expect(responsesOf(next).reactions.like).toHaveLength(10_001);
    // The API now refuses: the cached mentions stay.
    const refused = await collectResponses({ ...options, token: 'wrong', warn: () => {} });
    expect(responsesOf(refused).thread.length).toBe(responsesOf(store).thread.length);
  });

  it('works offline from the cache alone', async () => {
    const before = community.server.requests.length;
    const offline = await collectResponses({ ...options, offline: true });
    expect(community.server.requests.length).toBe(before);
    expect(responsesOf(offline).thread.map((r) => r.id)).toEqual(responsesOf(store).thread.map((r) => r.id));
  });
});

describe('without a token', () => {
  it('asks once per published post, matching http and https targets', async () => {
    const dir = await workDir('responses-target');
    const before = community.server.requests.length;
    const perPost = await collectResponses({
      ...options,
      token: undefined,
      social: { ...options.social, fetch: false },
      cacheFile: path.join(dir, 'r.json'),
      avatarDir: path.join(dir, 'a'),
    });
    const asked = community.server.requests.slice(before).filter((r) => r.path === '/api/mentions.jf2');
    // first-light: 10,000 likes at 500 a page, then second-wind: one page.
    expect(asked).toHaveLength(22);
    expect(asked.every((r) => !JSON.stringify(r).includes('token'))).toBe(true);
    const names = responsesOf(perPost).thread.map((r) => r.author.name);
    expect(names).toContain('Ann Example');
    expect(names).toContain('Cal Mentions');
  });
});

describe('deleted mentions', () => {
  it('disappear at the periodic full re-read, which asks without since_id', async () => {
    const { readStore, writeStore } = await import('../../../src/lib/responses/store.ts');
    const { store: cached } = await readStore(options.cacheFile);
    cached.webmention.items.push({ ...cached.webmention.items[0]!, id: 'webmention:999999', text: 'Deleted at the source' });
    cached.webmention.fullAt = new Date(Date.now() - 8 * 86_400_000).toISOString();
    await writeStore(options.cacheFile, cached);
    const before = community.server.requests.length;
    const next = await collectResponses({ ...options, warn: () => {} });
    const first = community.server.requests.slice(before).find((r) => r.path === '/api/mentions.jf2');
    expect(first).toBeDefined();
    expect(next.webmention.items.some((i) => i.id === 'webmention:999999')).toBe(false);
    expect(next.webmention.items.some((i) => i.id === 'webmention:1001')).toBe(true);
    expect(Date.parse(next.webmention.fullAt!)).toBeGreaterThan(Date.now() - 60_000);
  });
});
