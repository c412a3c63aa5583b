import { savePicture } from '../pictures/index.ts';
import type { CollectOptions } from './collect.ts';
import { assignToPosts, threadOf } from './group.ts';
import { isBlocked } from './moderation.ts';
import { politeGetter, type State } from './polite.ts';
import { allItems, type ResponsesStore } from './store.ts';
import type { ResponseItem } from './types.ts';

/**
 * Fetches the avatars the pages will show into the avatar folder, a bounded number per build;
 * one that failed or was refused is asked again after a week. They are kept as every picture
 * from another site is (pictures/: real raster pictures only, named by their bytes' hash).
 */

const MAX_NEW_AVATARS = 200;
const FACES_SHOWN = 48;
const AVATAR_RETRY_DAYS = 7;

/** Photos the pages will show: every reply's, and the first faces of each reaction list. */
export function shownPhotos(store: ResponsesStore, options: Pick<CollectOptions, 'posts' | 'moderation'>): Map<string, ResponseItem> {
  const all = allItems(store);
  const assigned = assignToPosts(all, options.posts, options.moderation.block);
  const byPost = new Map<string, typeof assigned>();
  for (const r of assigned) {
    const list = byPost.get(r.post);
    if (list) list.push(r);
    else byPost.set(r.post, [r]);
  }
  const photos = new Map<string, ResponseItem>();
  for (const responses of byPost.values()) {
    const { thread, reactions } = threadOf(responses);
    for (const r of [...thread, ...Object.values(reactions).flatMap((list) => list.slice(0, FACES_SHOWN))]) {
      if (r.author.photo && !photos.has(r.author.photo)) photos.set(r.author.photo, r);
    }
  }
  return photos;
}

export async function refreshAvatars(store: ResponsesStore, options: CollectOptions, now: Date, state: State) {
  // Offline, every attempt would fail and be remembered as a refusal for a week.
  if (state.offline && !state.reached) return;
  const get = politeGetter(options, state);
  let fetched = 0;
  const tasks: Promise<void>[] = [];
  for (const [photo, item] of shownPhotos(store, options)) {
    const known = store.avatars[photo];
    if (known?.file || (known && now.getTime() - Date.parse(known.checkedAt) < AVATAR_RETRY_DAYS * 86_400_000)) continue;
    if (isBlocked(item, options.moderation.block)) continue;
    if (fetched++ >= MAX_NEW_AVATARS) break;
    // Where the photo URL came from decides where it may lead: see http.ts.
    const foundOn = { webmention: options.webmentions.api, bluesky: options.social.blueskyAppView, giscus: options.social.githubApi, mastodon: item.target }[
      item.channel
    ];
    tasks.push(
      get.bytes(photo, foundOn).then(async (result) => {
        if (!result.ok && result.offline) return;
        const file = result.ok ? await savePicture(options.avatarDir, result.bytes).catch(() => undefined) : undefined;
        store.avatars[photo] = { checkedAt: now.toISOString(), foundOn, ...(file ? { file } : {}) };
        state.changed = true;
      }),
    );
  }
  await Promise.all(tasks);
}
