import type { PeerPost } from './parse.ts';
import type { Peer } from './schema.ts';

/** One post in the "From my peers" river, with who wrote it. */
export interface RiverItem {
  peer: { id: string; name: string; url: string; avatar?: string };
  post: PeerPost & { date: string };
}

export interface RiverOptions {
  /**
   * Posts one peer may have in the river, so that a prolific peer does not push everyone
   * else out. Default 2.
   */
  perPeer?: number;
}

/**
 * The latest posts across all peers, newest first. Undated posts are left out: the river is
 * ordered by time and cannot place them.
 */
export function peerRiver(posts: ReadonlyMap<string, readonly PeerPost[]>, peers: readonly Peer[], limit: number, options: RiverOptions = {}): RiverItem[] {
  const perPeer = options.perPeer ?? 2;
  const items: RiverItem[] = [];
  for (const peer of peers) {
    const dated = (posts.get(peer.data.url) ?? []).filter((p): p is PeerPost & { date: string } => Boolean(p.date));
    dated.sort((a, b) => b.date.localeCompare(a.date));
    const who: RiverItem['peer'] = { id: peer.id, name: peer.data.name, url: peer.data.url };
    if (peer.data.avatar) who.avatar = peer.data.avatar;
    for (const post of dated.slice(0, perPeer)) items.push({ peer: who, post });
  }
  items.sort((a, b) => b.post.date.localeCompare(a.post.date) || a.peer.name.localeCompare(b.peer.name));
  return items.slice(0, Math.max(0, limit));
}

/** A peer's latest `count` posts for the blogroll page (dated ones first, newest first). */
export function latestPosts(posts: ReadonlyMap<string, readonly PeerPost[]>, peer: Peer, count = 3): PeerPost[] {
  const list = [...(posts.get(peer.data.url) ?? [])];
  list.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return list.slice(0, count);
}
