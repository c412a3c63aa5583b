import { getCollection, type CollectionEntry } from 'astro:content';
import { contentDir, config } from 'virtual:frontrow/config';
import { discoveredFeedUrls, findDuplicatePeers, latestPosts, loadPeerPosts, peerRiver, toOpml, type Peer } from '../lib/blogroll/index.ts';
import { feedSeedFile, resolveFeedCacheFile } from '../lib/config/paths.ts';
import { absolute } from './site.ts';

/** Every peer in content/blogroll/, by name. Two entries for one site fail the build. */
export async function getPeers(): Promise<(Peer & { entry: CollectionEntry<'blogroll'> })[]> {
  const entries = await getCollection('blogroll');
  const peers = entries.map((entry) => ({
    entry,
    id: entry.id,
    ...(entry.filePath ? { file: entry.filePath } : {}),
    data: entry.data,
    note: (entry.body ?? '').trim(),
  }));
  const duplicates = findDuplicatePeers(peers);
  if (duplicates) throw duplicates;
  return peers.sort((a, b) => a.data.name.localeCompare(b.data.name, config.lang));
}

/** Peers' posts from the feed cache that the build step filled: no network here. */
export async function getPeerPosts(peers: readonly Peer[]) {
  return loadPeerPosts(peers, {
    cacheFile: resolveFeedCacheFile(),
    seedFile: feedSeedFile(contentDir),
    config: config.blogroll,
    userAgent: 'Frontrow',
    offline: true,
  });
}

export async function getBlogrollWithPosts() {
  const peers = await getPeers();
  const posts = await getPeerPosts(peers);
  return peers.map((peer) => ({ peer, latest: latestPosts(posts, peer, 3) }));
}

export async function getRiver() {
  const peers = await getPeers();
  return peerRiver(await getPeerPosts(peers), peers, config.blogroll.riverSize, { perPeer: config.blogroll.riverPerPeer });
}

/** The blogroll as OPML 2.0, with feeds found by discovery for entries that name none. */
export async function getBlogrollOpml(): Promise<string> {
  const peers = await getPeers();
  const discoveredFeeds = await discoveredFeedUrls(peers, {
    cacheFile: resolveFeedCacheFile(),
    seedFile: feedSeedFile(contentDir),
  });
  return toOpml(peers, { title: config.title, url: absolute('/'), ownerName: config.author.name }, { discoveredFeeds });
}
