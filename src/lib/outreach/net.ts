import { fetch as undiciFetch } from 'undici';
import { safeHttpUrl } from '../blogroll/index.ts';
import {
  boundedGet,
  guardedAgent,
  hostOf,
  HostLock,
  HTML_ACCEPT,
  isPrivateByName,
  PRIVATE_ADDRESS_CODE,
  trustedPrivateHosts,
  type GetResult,
  type Resolver,
} from '../net/index.ts';

/**
 * The outreach feature's only door to the network: the engine's one bounded fetcher for GETs
 * (time, size, redirect and address rules), a form POST with the same bounds, and a lock that
 * keeps to one request at a time per host. Every other file of the feature calls these.
 */

export interface NetOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  /** Private hosts the writer allowed by name in the config (blogroll.privateHosts). */
  privateHosts?: readonly string[];
  /** Tests inject a fetch and a resolver; the defaults are undici's and the system's. */
  fetch?: typeof fetch;
  resolve?: Resolver;
}

export { HostLock };
export type { GetResult };

/**
 * GET a page the writer linked to or answers (HTML preferred). The writer wrote that URL, so an
 * IP literal or localhost in it is theirs to reach; a redirect elsewhere private is refused.
 */
export function getPage(url: string, options: NetOptions, foundOn?: string): Promise<GetResult> {
  return boundedGet(url, {
    userAgent: options.userAgent,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    accept: HTML_ACCEPT,
    privateHosts: trustedPrivateHosts(foundOn ? [] : [url], options.privateHosts),
    ...(foundOn ? { foundOn } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
}

export type PostResult =
  | { kind: 'response'; status: number; location?: string }
  | { kind: 'failure'; reason: 'timeout' | 'network' | 'blocked'; message: string };

/**
 * POST a form, bounded like `boundedGet`: one deadline for the whole exchange, no redirects
 * followed (a redirected POST would turn into a GET), the answer's body left unread, and the
 * address rule: an endpoint announced on a public page must itself be public.
 */
export async function postForm(url: string, fields: Record<string, string>, options: NetOptions & { foundOn: string }): Promise<PostResult> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { kind: 'failure', reason: 'blocked', message: `endpoint is a ${target.protocol} URL` };
  }
  // The endpoint was announced by the page the writer linked to: it may be private only on a
  // host the writer wrote themselves (that page's IP literal or localhost) or allowed by name.
  const vouched = trustedPrivateHosts([options.foundOn], options.privateHosts).includes(hostOf(url));
  const host = hostOf(url);
  if (!vouched && isPrivateByName(host)) {
    return { kind: 'failure', reason: 'blocked', message: `${target.host} is not a public address, and ${new URL(options.foundOn).host} led there` };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const doFetch = options.fetch ?? (undiciFetch as unknown as typeof fetch);
    const response = await doFetch(url, {
      // Names the writer did not vouch for are resolved and checked as the socket connects.
      ...(vouched ? {} : { dispatcher: guardedAgent(options.resolve) }),
      method: 'POST',
      redirect: 'manual',
      signal: controller.signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      headers: { 'user-agent': options.userAgent, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    await response.body?.cancel().catch(() => {});
    const location = safeHttpUrl(response.headers.get('location') ?? undefined, url);
    return { kind: 'response', status: response.status, ...(location ? { location } : {}) };
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'failure', reason: 'timeout', message: `no answer within ${options.timeoutMs} ms` };
    if (privateAddressRefused(error)) {
      return { kind: 'failure', reason: 'blocked', message: `${target.host} is not a public address, and ${new URL(options.foundOn).host} led there` };
    }
    return { kind: 'failure', reason: 'network', message: `request failed (${(error as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the connection-time guard refused a private address (the code sits on the cause). */
function privateAddressRefused(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === PRIVATE_ADDRESS_CODE) return true;
  }
  return false;
}
