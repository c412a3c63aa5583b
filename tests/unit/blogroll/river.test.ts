import { describe, expect, it } from 'vitest';
import { blogrollEntrySchema, latestPosts, peerRiver, type Peer, type PeerPost } from '../../../src/lib/blogroll/index.ts';

const peer = (id: string, url: string): Peer => ({
  id,
  data: blogrollEntrySchema.parse({ name: id.toUpperCase(), url, description: 'd', since: '2024-01-01', avatar: `/peers/${id}.jpg` }),
  note: '',
});
const post = (n: number, day?: number): PeerPost => ({
  title: `Post ${n}`,
  url: `https://x.example/${n}`,
  ...(day ? { date: new Date(Date.UTC(2026, 0, day)).toISOString() } : {}),
});

const a = peer('a', 'https://a.example/');
const b = peer('b', 'https://b.example/');
const c = peer('c', 'https://c.example/');
const posts = new Map<string, PeerPost[]>([
  ['https://a.example/', [post(1, 10), post(2, 9), post(3, 8), post(4, 7)]],
  ['https://b.example/', [post(5, 5), post(6)]],
  ['https://c.example/', []],
]);

describe('peerRiver', () => {
  it('merges peers newest first, at most two posts per peer, undated left out', () => {
    const river = peerRiver(posts, [a, b, c], 10);
    expect(river.map((i) => i.post.title)).toEqual(['Post 1', 'Post 2', 'Post 5']);
    expect(river[0]!.peer).toEqual({ id: 'a', name: 'A', url: 'https://a.example/', avatar: '/peers/a.jpg' });
  });

  it('honours the limit and a custom per-peer cap', () => {
    expect(peerRiver(posts, [a, b, c], 2, { perPeer: 4 }).map((i) => i.post.title)).toEqual(['Post 1', 'Post 2']);
    expect(peerRiver(posts, [a, b, c], 10, { perPeer: 4 })).toHaveLength(5);
  });

  it('ignores posts of peers no longer in the blogroll', () => {
    expect(peerRiver(posts, [b], 10).map((i) => i.peer.id)).toEqual(['b']);
  });
});

describe('latestPosts', () => {
  it("gives a peer's three newest posts", () => {
    expect(latestPosts(posts, a).map((p) => p.title)).toEqual(['Post 1', 'Post 2', 'Post 3']);
    expect(latestPosts(posts, c)).toEqual([]);
  });
});
