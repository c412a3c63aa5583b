import os from 'node:os';
import { readBluesky } from './bluesky.ts';
import type { ModerationConfig, SocialConfig, WebmentionsConfig } from './config.ts';
import { readGiscus } from './giscus.ts';
import { hasExternalInterface } from './http.ts';
import { readMastodon } from './mastodon.ts';
import type { JsonGetter } from './net.ts';
import type { PostRef } from './group.ts';
import { politeGetter, type Fail, type State } from './polite.ts';
import { refreshAvatars } from './refresh-avatars.ts';
import { refreshWebmentions } from './refresh-webmentions.ts';
import { allItems, readStore, writeStore, type ResponsesStore } from './store.ts';

export { allItems };

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
  /** Private hosts the writer allowed by name in the config (blogroll.privateHosts). */
  privateHosts?: readonly string[] | undefined;
  userAgent: string;
  log?: (line: string) => void;
  warn?: (line: string) => void;
  now?: () => Date;
  fetch?: typeof fetch;
  networkInterfaces?: typeof os.networkInterfaces;
}

const PREFIX = 'Responses:';

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
