import { sameUrl, siteKey } from './clean.ts';
import type { CollectOptions } from './collect.ts';
import type { JsonGetter } from './net.ts';
import type { Fail, State } from './polite.ts';
import type { ResponsesStore } from './store.ts';
import type { ResponseItem } from './types.ts';
import { domainQuery, parseJf2Feed, targetQuery } from './webmention.ts';

/**
 * Reads the receiver's JF2 API into the cache. With the token: the whole domain, page by page,
 * then only what is new (`since_id`), and everything again every `fullRefreshDays` so deleted
 * mentions go. Without it: each published post's mentions, skipping posts asked recently.
 */

const MAX_PAGES = 100;

export async function refreshWebmentions(store: ResponsesStore, options: CollectOptions, get: JsonGetter, now: Date, fail: Fail, state: State) {
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
