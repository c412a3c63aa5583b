/**
 * The responses feature's only door to the network: the engine's one bounded fetcher (timeouts,
 * size caps, redirects by hand, private-network rules) and its bytes reader re-exported, plus a
 * thin wrapper it lacks: JSON answers and GraphQL POSTs.
 */
import { fetch as undiciFetch } from 'undici';
import { boundedGet, getBytes, type GetOptions } from '../net/index.ts';

export { boundedGet, getBytes, type GetOptions };
export { hasExternalInterface, HostLock, trustedPrivateHosts } from '../net/index.ts';

export type JsonResult = { ok: true; data: unknown; url: string; status: number } | { ok: false; message: string; offline: boolean; status?: number };

/** GET (or POST, with `body`) a JSON document, capped like every other request. */
export async function getJson(url: string, options: GetOptions & { body?: string }): Promise<JsonResult> {
  const { body, ...rest } = options;
  const baseFetch = options.fetch ?? (undiciFetch as unknown as typeof fetch);
  // boundedGet only GETs; a POST (GitHub GraphQL) goes through it with the method swapped, so
  // the same deadline, cap and address rules apply.
  const doFetch: typeof fetch =
    body === undefined
      ? baseFetch
      : (input, init) =>
          baseFetch(input, { ...init, method: 'POST', body, headers: { ...(init?.headers as Record<string, string>), 'content-type': 'application/json' } });
  const result = await boundedGet(url, { accept: 'application/json', ...rest, fetch: doFetch });
  if (result.kind === 'failure') return { ok: false, message: result.message, offline: result.reason === 'offline' };
  if (result.status < 200 || result.status >= 300) return { ok: false, message: `HTTP ${result.status}`, offline: false, status: result.status };
  try {
    return { ok: true, data: JSON.parse(result.body), url: result.url, status: result.status };
  } catch {
    return { ok: false, message: 'the answer is not valid JSON', offline: false };
  }
}
