import { fetch as undiciFetch } from 'undici';
import { boundedGet, type GetOptions } from './http.ts';

/**
 * The bytes of an image. boundedGet decodes bodies as text, so the answer is relabelled
 * `x-user-defined`, the one text encoding that maps every byte to its own character, and
 * mapped back here. The real Content-Type travels in `x-frontrow-type`.
 */
export async function getBytes(
  url: string,
  options: GetOptions,
): Promise<{ ok: true; bytes: Uint8Array; type: string } | { ok: false; message: string; offline: boolean }> {
  const baseFetch = options.fetch ?? (undiciFetch as unknown as typeof fetch);
  const doFetch: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (response.status !== 200) return response;
    const headers = new Headers(response.headers);
    headers.set('x-frontrow-type', response.headers.get('content-type') ?? '');
    headers.set('content-type', 'application/octet-stream; charset=x-user-defined');
    return new Response(response.body, { status: response.status, headers });
  };
  const result = await boundedGet(url, { ...options, fetch: doFetch });
  if (result.kind === 'failure') return { ok: false, message: result.message, offline: result.reason === 'offline' };
  if (result.status !== 200) return { ok: false, message: `HTTP ${result.status}`, offline: false };
  const text = result.body;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i] = code < 0x80 ? code : code - 0xf780 + 0x80;
  }
  return { ok: true, bytes, type: result.headers.get('x-frontrow-type') ?? '' };
}
