import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { config, contentDir, showDrafts } from 'virtual:frontrow/config';
import {
  allItems,
  assignToPosts,
  AVATAR_PATH,
  buildInbox,
  readDoneMarks,
  readStore,
  recommenders,
  responsesCachePaths,
  syndicationLinks,
  threadOf,
  DONE_FILE,
  type PostRef,
  type PostResponse,
  type ResponsesStore,
} from '../lib/responses/index.ts';
import { pictureType } from '../lib/pictures/index.ts';
import { postPath } from '../lib/urls.ts';
import { getVisiblePosts } from './posts.ts';
import { absolute, link } from './site.ts';

/**
 * What pages show of readers' responses, from the cache the build hook filled: no network here.
 * Avatars are served by the site itself (see pages/responses/avatars), or left out.
 */

let loaded: Promise<{ store: ResponsesStore; byPost: Map<string, PostResponse[]>; posts: PostRef[] }> | undefined;

function load() {
  // A build reads the cache once; the dev server re-reads it so new responses show on reload.
  if (!showDrafts && loaded) return loaded;
  loaded = (async () => {
    const { store } = await readStore(responsesCachePaths().file);
    const posts: PostRef[] = (await getVisiblePosts()).map(({ post, state }) => ({
      id: post.id,
      url: absolute(postPath(post.id)),
      syndication: post.data.syndication,
      oldUrls: post.data.aliases.map(absolute),
      inReplyTo: post.data.inReplyTo,
      published: state === 'published',
    }));
    const byPost = new Map<string, PostResponse[]>();
    for (const r of assignToPosts(allItems(store), posts, config.moderation.block)) {
      const list = byPost.get(r.post);
      if (list) list.push(r);
      else byPost.set(r.post, [r]);
    }
    return { store, byPost, posts };
  })();
  return loaded;
}

/** The site path of a fetched avatar, or undefined to leave the picture out. */
function avatarSrc(store: ResponsesStore, photo: string | undefined): string | undefined {
  const file = photo ? store.avatars[photo]?.file : undefined;
  return file ? link(`${AVATAR_PATH}${file}`) : undefined;
}

export async function getPostResponses(postId: string, syndication: readonly string[]) {
  const { store, byPost } = await load();
  const own = byPost.get(postId) ?? [];
  const { thread, reactions } = threadOf(own);
  const withAvatar = <T extends PostResponse>(r: T) => ({ ...r, avatar: avatarSrc(store, r.author.photo) });
  return {
    thread: thread.map(withAvatar),
    reactions: (['like', 'repost', 'bookmark'] as const).map((kind) => ({ kind, people: reactions[kind].map(withAvatar) })),
    copies: syndicationLinks(syndication).map((copy) => ({ ...copy, counts: store.social[copy.url]?.counts })),
  };
}

/** What a post page shows of its responses (read by the page, part of its cache key). */
export type PostResponses = Awaited<ReturnType<typeof getPostResponses>>;

/** Sites that recommend this blog, from the Webmentions their recommendations.json sent. */
export async function getRecommenders() {
  const { store } = await load();
  return recommenders(store.webmention.items, config.moderation.block);
}

/** Avatar files the pages use, for the avatar route. */
export async function getAvatarFiles(): Promise<{ file: string; type: string; path: string }[]> {
  const { store, byPost } = await load();
  const files = new Set<string>();
  for (const list of byPost.values()) {
    for (const r of list) {
      const file = r.author.photo ? store.avatars[r.author.photo]?.file : undefined;
      if (file) files.add(file);
    }
  }
  const { avatarDir } = responsesCachePaths();
  return [...files].map((file) => ({ file, type: pictureType(file), path: path.join(avatarDir, file) }));
}

export const readAvatar = (file: string): Promise<Buffer> => readFile(file);

/** The inbox, for the dev-only front-row page. */
export async function getInbox() {
  const { byPost, posts } = await load();
  return buildInbox([...byPost.values()].flat(), {
    siteUrl: absolute('/'),
    profiles: config.profiles.map((p) => p.url),
    githubLogin: config.social.githubLogin,
    posts,
    done: await readDoneMarks(path.join(contentDir, DONE_FILE)),
  });
}
