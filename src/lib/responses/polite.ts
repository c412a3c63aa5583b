import type { CollectOptions } from './collect.ts';
import { getBytes, getJson, HostLock, trustedPrivateHosts, type GetOptions } from './http.ts';
import type { JsonGetter } from './net.ts';

/** What one collection run has learnt so far: offline, reached something, changed the cache. */
export type State = { offline: boolean; reached: boolean; changed: boolean };
/** Reports a failing source: one warning line each, or one "offline" line in all. */
export type Fail = (what: string, message: string, offline: boolean) => void;

export type PoliteGetter = JsonGetter & { bytes: (url: string, foundOn?: string) => ReturnType<typeof getBytes> };

/** JSON requests, one at a time per host; after an "offline" failure, nothing more is tried. */
export function politeGetter(options: CollectOptions, state: State): PoliteGetter {
  const base: Omit<GetOptions, 'maxBytes'> = {
    userAgent: options.userAgent,
    timeoutMs: options.social.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const hosts = new HostLock();
  const serial = <T>(url: string, task: () => Promise<T>): Promise<T> => hosts.run(url, task);
  const loopback = (url: string) => /^(127\.|localhost$|\[::1\]$)/.test(new URL(url).hostname);
  const json: JsonGetter = (url, extra = {}) =>
    serial(url, async () => {
      if (state.offline && !state.reached && !loopback(url)) return { ok: false, message: 'offline', offline: true };
      // API addresses come from the writer (config, their own syndication links): one written
      // as an IP literal or localhost is theirs to reach; any other private address is refused.
      const privateHosts = trustedPrivateHosts([url], options.privateHosts);
      const result = await getJson(url, { ...base, maxBytes: options.social.maxBytes, privateHosts, ...extra });
      if (result.ok || !result.offline) state.reached = true;
      else if (!state.reached) state.offline = true;
      return result;
    });
  return Object.assign(json, {
    bytes: (url: string, foundOn?: string) =>
      // An avatar URL is a third party's: only the writer's allow-list may lead it somewhere private.
      serial(url, () =>
        getBytes(url, {
          ...base,
          maxBytes: options.social.maxAvatarBytes,
          accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif',
          privateHosts: options.privateHosts ?? [],
          ...(foundOn ? { foundOn } : {}),
        }),
      ),
  });
}
