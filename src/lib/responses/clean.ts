import { cleanText, htmlToText, safeHttpUrl, siteKey } from '../blogroll/index.ts';
import { CHANNELS, KINDS, type Channel, type Kind, type Person, type ResponseItem } from './types.ts';

/**
 * Everything a sender supplies passes through here: names and text become capped plain text,
 * URLs become absolute http(s) URLs or nothing. The same function re-checks a cached copy, so
 * a tampered cache is no way in either.
 */

export { htmlToText, safeHttpUrl, siteKey };

export const MAX_TEXT = 2000;
const MAX_NAME = 80;
const MAX_ID = 600;
const MAX_LINKS = 5;

/** Plain text from a sender's string (HTML or not), capped. */
export function plainText(raw: unknown, max = MAX_TEXT): string {
  if (typeof raw !== 'string') return '';
  // Far longer than any real reply: cut before parsing, so 5 MB costs nothing.
  return htmlToText(raw.slice(0, max * 8), max);
}

/** A display name: plain text, even when a sender wrapped it in markup. */
export function plainName(raw: unknown): string {
  return typeof raw === 'string' ? htmlToText(raw.slice(0, 1000), MAX_NAME) : '';
}

export function toPerson(raw: unknown, fallbackName = ''): Person {
  const data = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const url = safeHttpUrl(data['url']);
  const photo = safeHttpUrl(data['photo']);
  const name = plainName(data['name']) || (url ? hostOf(url) : '') || fallbackName || 'Someone';
  return { name, ...(url ? { url } : {}), ...(photo ? { photo } : {}) };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export function isoDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const time = new Date(raw).getTime();
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

function shortString(raw: unknown, max = MAX_ID): string | undefined {
  return typeof raw === 'string' && raw.length > 0 && raw.length <= max ? cleanText(raw) : undefined;
}

/** A response item from untrusted data (a parser's draft or the cache), or undefined. */
export function toResponse(raw: unknown): ResponseItem | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const data = raw as Record<string, unknown>;
  const id = shortString(data['id']);
  const channel = data['channel'] as Channel;
  const kind = data['kind'] as Kind;
  const url = safeHttpUrl(data['url']);
  const target = shortString(data['target'], 2048);
  if (!id || !CHANNELS.includes(channel) || !KINDS.includes(kind) || !url || !target) return undefined;
  const item: ResponseItem = { id, channel, kind, target, url, author: toPerson(data['author']), text: plainText(data['text']) };
  const published = isoDate(data['published']);
  if (published) item.published = published;
  if (Array.isArray(data['links'])) {
    const links = data['links']
      .map((l) => safeHttpUrl(l))
      .filter((l): l is string => !!l)
      .slice(0, MAX_LINKS);
    if (links.length) item.links = links;
  }
  const parent = shortString(data['parent']);
  if (parent) item.parent = parent;
  if (Array.isArray(data['aliases'])) {
    const aliases = data['aliases']
      .map((a) => shortString(a))
      .filter((a): a is string => !!a)
      .slice(0, 5);
    if (aliases.length) item.aliases = aliases;
  }
  const source = safeHttpUrl(data['source']);
  if (source) item.source = source;
  return item;
}

/** Same page, whatever the scheme, `www.`, trailing slash, query or fragment. */
export function sameUrl(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && siteKey(a) === siteKey(b);
}
