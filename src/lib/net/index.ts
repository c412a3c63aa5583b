/**
 * The one fetcher: every request Frontrow makes to another site goes through here (blogroll
 * feeds and checks today; Webmention receiving and sending next). Pure TypeScript, no Astro.
 *
 *   boundedGet(url, options) → GetResult     one GET, never throws
 *   getBytes(url, options)                   the same, for an image's bytes: { ok, bytes, type }
 *     options: userAgent, timeoutMs (DNS + connect + headers + body), maxBytes (after
 *     decompression), accept, headers, maxRedirects (default 5), privateHosts, foundOn,
 *     fetch/resolve (tests only)
 *     result: { kind: 'response', status, url, movedTo?, headers, body }
 *           | { kind: 'failure', reason: 'timeout' | 'too-large' | 'offline' | 'network' |
 *               'redirects' | 'blocked', message, url }
 *
 * Trust (see trust.ts): a URL is untrusted unless the caller passes `privateHosts`, built by
 * `trustedPrivateHosts(urlsTheWriterWrote, configAllowList)` from the writer's literal text
 * (an IP literal, `localhost`, or the config's allow-list), never from DNS. Untrusted URLs can
 * never reach a private address: IP literals and localhost are refused before the request,
 * names when the socket connects (`guardedLookup` on the agent, which also defeats DNS
 * rebinding); a failed lookup fails the request. A URL a third party supplied (found on a
 * page, a redirect, a cached discovery, a webmention source) must never be passed with its own
 * host in `privateHosts`; `foundOn` names where it came from in the failure message.
 *
 * Politeness: `mapPolitely(items, limit, hostOf, task)` runs at most `limit` tasks at once
 * and one at a time per host; `new HostLock().run(url, task)` keeps requests made one by one
 * to one at a time per host. `retryAfterMs` reads Retry-After. Caching is the caller's job
 * (conditional GET through `headers`, the last good copy on failure).
 */
export { boundedGet, retryAfterMs, FEED_ACCEPT, HTML_ACCEPT, OPML_ACCEPT, type GetOptions, type GetResult } from './http.ts';
export { getBytes } from './bytes.ts';
export { isNonPublicAddress, hostOf, isPrivateByName } from './addresses.ts';
export { trustedPrivateHosts, isUnvouchedLocalUrl } from './trust.ts';
export { guardedLookup, guardedAgent, PRIVATE_ADDRESS_CODE, type Resolver } from './lookup.ts';
export { mapPolitely, hasExternalInterface, HostLock } from './polite.ts';
