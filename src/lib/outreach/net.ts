import { isNonPublicHost, type Resolver } from '../blogroll/addresses.ts';
import { boundedGet, HTML_ACCEPT, type GetResult } from '../blogroll/http.ts';
import { safeHttpUrl } from '../blogroll/text.ts';

/**
 * The outreach feature's only door to the network: the engine's one bounded fetcher for GETs
 * (time, size, redirect and address rules), a form POST with the same bounds, and a lock that
 * keeps to one request at a time per host. Every other file of the feature calls these.
 */

export interface NetOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  /** Tests inject a fetch and a resolver; the defaults are Node's. */
  fetch?: typeof fetch;
  resolve?: Resolver;
}

export type { GetResult };

/** GET a page (HTML preferred). `foundOn`: the public page that named this URL, if any. */
export function getPage(url: string, options: NetOptions, foundOn?: string): Promise<GetResult> {
  return boundedGet(url, {
    userAgent: options.userAgent,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    accept: HTML_ACCEPT,
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
  if (target.origin !== new URL(options.foundOn).origin) {
    const fromPublic = (await isNonPublicHost(options.foundOn, options.resolve)) === false;
    if (fromPublic && (await isNonPublicHost(url, options.resolve)) === true) {
      return { kind: 'failure', reason: 'blocked', message: `${target.host} is not a public address, and ${new URL(options.foundOn).host} led there` };
    }
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await (options.fetch ?? fetch)(url, {
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
    return { kind: 'failure', reason: 'network', message: `request failed (${(error as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}

/** One request at a time per host; callers on other hosts go ahead meanwhile. */
export class HostLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    const previous = this.tails.get(host) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(host, tail);
    void tail.then(() => {
      if (this.tails.get(host) === tail) this.tails.delete(host);
    });
    return result;
  }
}
