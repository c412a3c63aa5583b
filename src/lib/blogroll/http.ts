import { isNonPublicHost, type Resolver } from './addresses.ts';

/**
 * One bounded HTTP GET, the only way this module talks to other sites. Bounded in time (one
 * deadline covers connecting, headers and body, so a server that accepts and never answers
 * costs `timeoutMs`), in size (the body is streamed and cut at `maxBytes`, counted after
 * decompression), in redirects (followed by hand, so callers learn about permanent moves), and
 * in where it may go: from a public address, never into a private network (see addresses.ts).
 */

export interface GetOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  accept?: string;
  /** Extra request headers, e.g. conditional GET validators. */
  headers?: Record<string, string>;
  maxRedirects?: number;
  /**
   * The page this URL was found on, when a peer's site named it (a feed link, a blogroll link)
   * rather than the writer. A URL the writer wrote may point anywhere, localhost included; one
   * reached from a public page, directly or by redirect, must be public too.
   */
  foundOn?: string;
  /** Tests inject a fetch and a resolver; the defaults are Node's. */
  fetch?: typeof fetch;
  resolve?: Resolver;
}

export type GetResult =
  | {
      kind: 'response';
      /** Final status after redirects (2xx, 304, 4xx, 5xx). */
      status: number;
      /** URL of the final response. */
      url: string;
      /** Set when the first hop was a 301 or 308 and the chain ended somewhere else. */
      movedTo?: string;
      headers: Headers;
      /** Decoded body; empty for 304 and error statuses. */
      body: string;
    }
  | {
      kind: 'failure';
      reason: 'timeout' | 'too-large' | 'offline' | 'network' | 'redirects' | 'blocked';
      message: string;
      url: string;
    };

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
export const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
export const OPML_ACCEPT = 'text/x-opml, text/xml, application/xml, application/json;q=0.9, */*;q=0.5';

// Errors that mean "there is no network here", not "that site is down": no DNS, no route.
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH']);

export async function boundedGet(url: string, options: GetOptions): Promise<GetResult> {
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let current = url;
  let movedTo: string | undefined;
  let permanentHops = 0;
  // Decided on first need, so a request that is not redirected costs no extra lookup.
  const origin = options.foundOn ?? url;
  let originIsPublic: boolean | undefined;
  const mayReach = async (target: string): Promise<boolean> => {
    if (target === origin) return true;
    originIsPublic ??= (await isNonPublicHost(origin, options.resolve)) === false;
    return !originIsPublic || (await isNonPublicHost(target, options.resolve)) !== true;
  };
  try {
    for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
      if (!(await mayReach(current))) {
        return failure('blocked', `${new URL(current).host} is not a public address, and ${new URL(origin).host} led there`, current);
      }
      const response = await doFetch(current, {
        method: 'GET',
        redirect: 'manual',
        signal: controller.signal,
        // No cookies, no referrer: a feed reader has no business identifying readers.
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        headers: {
          'user-agent': options.userAgent,
          accept: options.accept ?? FEED_ACCEPT,
          ...options.headers,
        },
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
        await response.body?.cancel();
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return failure('network', `redirected to an invalid URL "${location.slice(0, 200)}"`, current);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          return failure('blocked', `redirected to a ${next.protocol} URL`, current);
        }
        // Only an unbroken chain of 301/308 from the start is a move to remember; a 302/307
        // anywhere means "ask the old address again next time".
        const permanent = response.status === 301 || response.status === 308;
        if (permanent && hop === (movedTo === undefined ? 0 : permanentHops)) {
          movedTo = next.href;
          permanentHops = hop + 1;
        }
        current = next.href;
        continue;
      }
      const ok = response.status >= 200 && response.status < 300;
      const body = ok ? await readCapped(response, options.maxBytes) : '';
      if (!ok) await response.body?.cancel().catch(() => {});
      const result: GetResult = { kind: 'response', status: response.status, url: current, headers: response.headers, body };
      if (movedTo !== undefined && movedTo !== url) result.movedTo = movedTo;
      return result;
    }
    return failure('redirects', 'too many redirects', current);
  } catch (error) {
    if (controller.signal.aborted) return failure('timeout', `no complete answer within ${options.timeoutMs} ms`, current);
    if (error instanceof TooLargeError) return failure('too-large', error.message, current);
    const code = errorCode(error);
    if (code && OFFLINE_CODES.has(code)) return failure('offline', `cannot reach ${new URL(current).host} (${code})`, current);
    return failure('network', code ? `connection failed (${code})` : `request failed (${(error as Error).message})`, current);
  } finally {
    clearTimeout(timer);
  }
}

function failure(reason: Extract<GetResult, { kind: 'failure' }>['reason'], message: string, url: string): GetResult {
  return { kind: 'failure', reason, message, url };
}

class TooLargeError extends Error {}

/** Read the body as text, giving up as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new TooLargeError(`body of ${declared} bytes is over the ${maxBytes}-byte cap`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new TooLargeError(`body is over the ${maxBytes}-byte cap`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decode(bytes, response.headers.get('content-type'));
}

/** Decode with the charset from Content-Type or the XML declaration; UTF-8 otherwise. */
export function decode(bytes: Uint8Array, contentType: string | null): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Seconds or an HTTP date, as milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
