import { fetch as undiciFetch } from 'undici';
import { hostOf, isPrivateByName } from './addresses.ts';
import { guardedAgent, PRIVATE_ADDRESS_CODE, type Resolver } from './lookup.ts';

/**
 * One bounded HTTP GET, the only way Frontrow talks to other sites. Bounded in time (one
 * deadline covers DNS, connecting, headers and body, so a slow resolver or a server that
 * accepts and never answers costs `timeoutMs`), in size (the body is streamed and cut at
 * `maxBytes`, counted after decompression), in redirects (followed by hand, so callers learn
 * about permanent moves), and in where it may go: never into a private network, unless the
 * writer vouched for that host (see trust.ts). Names are checked when the connection is made
 * (lookup.ts), IP literals and localhost before any request.
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
   * Hosts that may be, or resolve to, a private address: `trustedPrivateHosts(writer's URLs,
   * config allow-list)`. Empty by default: a URL is untrusted unless the caller says otherwise.
   */
  privateHosts?: readonly string[];
  /** The page this URL was found on, when a third party named it; used in messages. */
  foundOn?: string;
  /** Tests inject a fetch and a resolver; the defaults are undici's and the system's. */
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

// Errors that mean "there is no network here", not "that site is down": no DNS server, no
// route. ENOTFOUND is not one of them: it is one site's name that does not exist (NXDOMAIN).
const OFFLINE_CODES = new Set(['EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH']);

export async function boundedGet(url: string, options: GetOptions): Promise<GetResult> {
  const doFetch = (options.fetch ?? undiciFetch) as typeof fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const trusted = new Set(options.privateHosts ?? []);
  let current = url;
  let movedTo: string | undefined;
  let permanentHops = 0;
  const ledThere = () => options.foundOn ?? (current !== url ? url : undefined);
  try {
    for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
      const host = hostOf(current);
      const vouched = trusted.has(host);
      if (!vouched && isPrivateByName(host)) {
        const from = ledThere();
        return failure('blocked', `${new URL(current).host} is not a public address${from ? `, and ${new URL(from).host} led there` : ''}`, current);
      }
      const init = {
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
        // Names the writer did not vouch for are resolved and checked as the socket connects.
        ...(vouched ? {} : { dispatcher: guardedAgent(options.resolve) }),
      } as RequestInit;
      const response = await doFetch(current, init);
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
    if (code === PRIVATE_ADDRESS_CODE) {
      const from = ledThere();
      return failure('blocked', `${causeMessage(error, code)}${from ? `, and ${new URL(from).host} led there` : ''}`, current);
    }
    if (code === 'ENOTFOUND') return failure('network', `no such host ${new URL(current).hostname} (ENOTFOUND)`, current);
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
  const label = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function causeMessage(error: unknown, code: string): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if ((current as { code?: unknown }).code === code) return (current as Error).message;
    current = (current as { cause?: unknown }).cause;
  }
  return 'not a public address';
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
