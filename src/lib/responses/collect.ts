import os from 'node:os';
import { sameUrl, siteKey } from './clean.ts';
import { readBluesky } from './bluesky.ts';
import type { ModerationConfig, SocialConfig, WebmentionsConfig } from './config.ts';
import { readGiscus } from './giscus.ts';
import { getBytes, getJson, hasExternalInterface, type GetOptions } from './http.ts';
import { readMastodon } from './mastodon.ts';
import { isBlocked } from './moderation.ts';
import type { JsonGetter } from './net.ts';
import { assignToPosts, threadOf, type PostRef } from './group.ts';
import { saveAvatar } from './avatars.ts';
import { readStore, writeStore, type ResponsesStore } from './store.ts';
import { domainQuery, parseJf2Feed, targetQuery } from './webmention.ts';
import type { ResponseItem } from './types.ts';

/**
 * Hears every channel once per build (and per `npm run inbox`): webmention.io, the posts'
 * Mastodon and Bluesky copies, giscus when asked. Polite (one request at a time per host),
 * bounded, cached; a failing source keeps its last good data and costs one warning line.
 * Never throws.
 */

export interface CollectOptions {
  siteUrl: string;
  posts: readonly PostRef[];
  webmentions: WebmentionsConfig;
  social: SocialConfig;
  moderation: ModerationConfig;
  cacheFile: string;
  avatarDir: string;
  /** WEBMENTION_IO_TOKEN: read the whole domain at once. */
  token?: string | undefined;
  /** giscus for the inbox, with GITHUB_TOKEN. */
  giscus?: { repo: string; categoryId: string; token: string } | undefined;
  offline?: boolean;
  userAgent: string;
  log?: (line: string) => void;
  warn?: (line: string) => void;
  now?: () => Date;
  fetch?: typeof fetch;
  networkInterfaces?: typeof os.networkInterfaces;
}

const PREFIX = 'Responses:';
const MAX_PAGES = 100;
const MAX_NEW_AVATARS = 200;
const FACES_SHOWN = 48;
const AVATAR_RETRY_DAYS = 7;

export async function collectResponses(options: CollectOptions): Promise<ResponsesStore> {
  const info = options.log ?? (() => {});
  const warn = options.warn ?? info;
  const { store, problem } = await readStore(options.cacheFile);
  if (problem) warn(`${PREFIX} cache ${options.cacheFile} ${problem}`);
  if (options.offline) return store;
  const now = (options.now ?? (() => new Date()))();
  const state = { offline: !hasExternalInterface(options.networkInterfaces ?? os.networkInterfaces), reached: false, changed: false };
  const failures: string[] = [];
  const get = politeGetter(options, state);
  const fail = (what: string, message: string, offline: boolean) => {
    if (!offline || state.reached) failures.push(`${PREFIX} ${what}: ${message}; showing the last good copy.`);
    else failures.push('offline');
  };
  try {
    await Promise.all([
      refreshWebmentions(store, options, get, now, fail, state),
      refreshSocial(store, options, get, now, fail, state),
      refreshGiscus(store, options, get, now, fail, state),
    ]);
    await refreshAvatars(store, options, now, state);
  } catch (error) {
    warn(`${PREFIX} fetching stopped early (${(error as Error).message}); using cached responses.`);
  }
  const real = failures.filter((f) => f !== 'offline');
  for (const line of real) warn(line);
  if (real.length < failures.length) warn(`${PREFIX} offline; showing the responses heard before.`);
  if (state.changed) {
    try {
      await writeStore(options.cacheFile, store);
    } catch (error) {
      warn(`${PREFIX} could not save the cache to ${options.cacheFile} (${(error as Error).message}).`);
    }
  }
  const total = store.webmention.items.length + Object.values(store.social).reduce((n, s) => n + s.items.length, 0) + store.giscus.items.length;
  info(`${PREFIX} ${total} heard so far.`);
  return store;
}

type Fail = (what: string, message: string, offline: boolean) => void;
type State = { offline: boolean; reached: boolean; changed: boolean };

/** JSON requests, one at a time per host; after an "offline" failure, nothing more is tried. */
function politeGetter(options: CollectOptions, state: State): JsonGetter & { bytes: (url: string, foundOn?: string) => ReturnType<typeof getBytes> } {
  const queues = new Map<string, Promise<unknown>>();
  const base: Omit<GetOptions, 'maxBytes'> = {
    userAgent: options.userAgent,
    timeoutMs: options.social.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const serial = <T>(url: string, task: () => Promise<T>): Promise<T> => {
    const host = new URL(url).host;
    const run = (queues.get(host) ?? Promise.resolve()).then(task, task);
    queues.set(host, run.catch(() => {}));
    return run;
  };
  const loopback = (url: string) => /^(127\.|localhost$|\[::1\]$)/.test(new URL(url).hostname);
  const json: JsonGetter = (url, extra = {}) =>
    serial(url, async () => {
      if (state.offline && !state.reached && !loopback(url)) return { ok: false, message: 'offline', offline: true };
      const result = await getJson(url, { ...base, maxBytes: options.social.maxBytes, ...extra });
      if (result.ok || !result.offline) state.reached = true;
      else if (!state.reached) state.offline = true;
      return result;
    });
  return Object.assign(json, {
    bytes: (url: string, foundOn?: string) =>
      serial(url, () => getBytes(url, { ...base, maxBytes: options.social.maxAvatarBytes, accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif', ...(foundOn ? { foundOn } : {}) })),
  });
}

async function refreshWebmentions(store: ResponsesStore, options: CollectOptions, get: JsonGetter, now: Date, fail: Fail, state: State) {
  const { webmentions } = options;
  if (!webmentions.endpoint) return;
  const wm = store.webmention;
  const apiShown = webmentions.api.split('?')[0];
  if (options.token) {
    const domain = new URL(options.siteUrl).hostname;
    const key = `domain ${webmentions.api} ${domain}`;
    const full = wm.key !== key || !wm.sinceId || !wm.fullAt || now.getTime() - Date.parse(wm.fullAt) > webmentions.fullRefreshDays * 86_400_000;
    const since = full ? undefined : wm.sinceId;
    const fresh: ResponseItem[] = [];
    const freshIds = new Set<string>();
    let maxId = since ?? 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await get(domainQuery(webmentions.api, domain, options.token, webmentions.perPage, page, since));
      if (!result.ok) return fail(`Webmentions (${apiShown})`, result.message, result.offline);
      const feed = parseJf2Feed(result.data);
      const before = fresh.length;
      for (const item of feed.items) if (!freshIds.has(item.id)) freshIds.add(item.id) && fresh.push(item);
      maxId = Math.max(maxId, feed.maxId);
      if (feed.count < webmentions.perPage || fresh.length === before) break;
    }
    const keep = full ? [] : wm.items.filter((i) => !freshIds.has(i.id));
    wm.items = [...keep, ...fresh];
    wm.key = key;
    if (maxId) wm.sinceId = maxId;
    if (full) wm.fullAt = now.toISOString();
    wm.checkedAt = now.toISOString();
    state.changed = true;
    return;
  }
  // No token: ask per published post, skipping those asked recently.
  const key = `target ${webmentions.api}`;
  if (wm.key !== key) Object.assign(wm, { key, targets: {}, items: [] });
  for (const post of options.posts) {
    if (post.published === false) continue;
    const asked = wm.targets[siteKey(post.url)];
    if (asked && now.getTime() - Date.parse(asked) < options.social.maxAgeMinutes * 60_000) continue;
    const fresh: ResponseItem[] = [];
    let failed = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await get(targetQuery(webmentions.api, post.url, webmentions.perPage, page));
      if (!result.ok) {
        fail(`Webmentions (${apiShown})`, result.message, result.offline);
        failed = true;
        break;
      }
      const feed = parseJf2Feed(result.data);
      const before = fresh.length;
      for (const item of feed.items) if (!fresh.some((f) => f.id === item.id)) fresh.push(item);
      if (feed.count < webmentions.perPage || fresh.length === before) break;
    }
    // One line for a failing API, not one per post: the other posts wait for the next build.
    if (failed) return;
    wm.items = [...wm.items.filter((i) => !sameUrl(i.target, post.url)), ...fresh];
    wm.targets[siteKey(post.url)] = now.toISOString();
    state.changed = true;
  }
}

async function refreshSocial(store: ResponsesStore, options: CollectOptions, get: JsonGetter, now: Date, fail: Fail, state: State) {
  if (!options.social.fetch) return;
  const copies = [...new Set(options.posts.filter((p) => p.published !== false).flatMap((p) => p.syndication))];
  await Promise.all(
    copies.map(async (url) => {
      const entry = store.social[url];
      if (entry?.checkedAt && now.getTime() - Date.parse(entry.checkedAt) < options.social.maxAgeMinutes * 60_000) return;
      const isBluesky = /^https:\/\/(staging\.)?bsky\.app\//.test(url);
      const reader = isBluesky ? readBluesky(url, options.social.blueskyAppView, get) : readMastodon(url, get);
      const result = await reader;
      if (!result.ok) {
        // A link to a page that is neither (a forum, a newsletter) is simply not read.
        if (/^not a /.test(result.message)) return;
        return fail(`${isBluesky ? 'Bluesky' : 'Mastodon'} ${url}`, result.message, result.offline);
      }
      store.social[url] = { checkedAt: now.toISOString(), fetchedAt: now.toISOString(), counts: result.value.counts, items: result.value.items };
      state.changed = true;
    }),
  );
}

async function refreshGiscus(store: ResponsesStore, options: CollectOptions, get: JsonGetter, now: Date, fail: Fail, state: State) {
  if (!options.giscus) return;
  const result = await readGiscus(options.giscus, options.social.githubApi, options.giscus.token, get);
  if (!result.ok) return fail('giscus (GitHub)', result.message, result.offline);
  store.giscus = { checkedAt: now.toISOString(), items: result.value };
  state.changed = true;
}

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

export function allItems(store: ResponsesStore): ResponseItem[] {
  return [...Object.values(store.social).flatMap((s) => s.items), ...store.webmention.items, ...store.giscus.items];
}

async function refreshAvatars(store: ResponsesStore, options: CollectOptions, now: Date, state: State) {
  const get = politeGetter(options, state);
  let fetched = 0;
  const tasks: Promise<void>[] = [];
  for (const [photo, item] of shownPhotos(store, options)) {
    const known = store.avatars[photo];
    if (known?.file || (known && now.getTime() - Date.parse(known.checkedAt) < AVATAR_RETRY_DAYS * 86_400_000)) continue;
    if (fetched++ >= MAX_NEW_AVATARS || isBlocked(item, options.moderation.block)) break;
    // Where the photo URL came from decides where it may lead: see http.ts.
    const foundOn = item.channel === 'webmention' ? options.webmentions.api : item.channel === 'bluesky' ? options.social.blueskyAppView : item.target;
    tasks.push(
      get.bytes(photo, foundOn).then(async (result) => {
        const file = result.ok ? await saveAvatar(options.avatarDir, photo, result.bytes).catch(() => undefined) : undefined;
        store.avatars[photo] = { checkedAt: now.toISOString(), foundOn, ...(file ? { file } : {}) };
        state.changed = true;
      }),
    );
  }
  await Promise.all(tasks);
}
