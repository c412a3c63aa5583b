import LinkHeader from 'http-link-header';
import { Parser } from 'htmlparser2';
import { getPage, type NetOptions } from './net.ts';

/**
 * Webmention endpoint discovery, W3C Webmention §3.1.2: fetch the target once, following
 * redirects; the first HTTP `Link` header with rel `webmention` wins, then the first `<link>` or
 * `<a>` with that rel token in document order. Relative endpoints resolve against the final URL
 * (webmention.rocks test 23), an empty href is the page itself, the query string is kept.
 */

export type Discovery =
  | { kind: 'endpoint'; endpoint: string; page: string }
  | { kind: 'none'; page: string; status: number }
  | { kind: 'failure'; message: string; temporary: boolean };

export async function discoverEndpoint(target: string, options: NetOptions): Promise<Discovery> {
  const page = await getPage(target, options);
  if (page.kind === 'failure') {
    return { kind: 'failure', message: page.message, temporary: page.reason !== 'blocked' && page.reason !== 'too-large' };
  }
  if (page.status >= 500 || page.status === 429) {
    return { kind: 'failure', message: `HTTP ${page.status}`, temporary: true };
  }
  const endpoint = endpointIn(page.headers, page.body, page.url);
  return endpoint ? { kind: 'endpoint', endpoint, page: page.url } : { kind: 'none', page: page.url, status: page.status };
}

/** The endpoint a response announces, absolute; undefined when it announces none. */
export function endpointIn(headers: Headers, body: string, pageUrl: string): string | undefined {
  // Headers.get joins repeated Link headers with ", " and matches the name in any case.
  const fromHeader = linkHeaderEndpoint(headers.get('link'));
  if (fromHeader !== undefined) return resolve(fromHeader, pageUrl);
  const type = headers.get('content-type') ?? '';
  if (type && !/html/i.test(type)) return undefined;
  const fromHtml = htmlEndpoint(body);
  return fromHtml === undefined ? undefined : resolve(fromHtml, pageUrl);
}

/** The URI of the first Link value whose rel tokens include "webmention" (case-insensitive). */
export function linkHeaderEndpoint(value: string | null): string | undefined {
  if (!value) return undefined;
  let parsed: LinkHeader;
  try {
    parsed = LinkHeader.parse(value);
  } catch {
    return undefined;
  }
  return parsed.refs.find((ref) => ref.rel.toLowerCase().split(/\s+/).includes('webmention'))?.uri;
}

/**
 * The href of the first `<link>` or `<a>` with a `webmention` rel token, parsed as HTML, so
 * markup inside comments, escaped text, scripts or attribute values never counts. An element
 * without an href is skipped; an empty href is kept (it means the page itself).
 */
export function htmlEndpoint(html: string): string | undefined {
  let found: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (found !== undefined || (name !== 'link' && name !== 'a')) return;
        if (!('href' in attributes)) return;
        const rels = (attributes['rel'] ?? '').toLowerCase().split(/[\t\n\f\r ]+/);
        if (rels.includes('webmention')) {
          found = attributes['href'] ?? '';
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

function resolve(href: string, pageUrl: string): string | undefined {
  try {
    const url = new URL(href.trim(), pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
