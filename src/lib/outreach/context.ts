import { readFile } from 'node:fs/promises';
import { mf2 } from 'microformats-parser';
import { cleanText, safeHttpUrl, truncate } from '../blogroll/index.ts';
import { getPage, type NetOptions } from './net.ts';
import { writeWhole } from '../write-whole.ts';

/**
 * The context shown above a reply ("In reply to <title> by <author>"), read at build time from
 * the page it answers: its h-entry's name and author, else its <title>. What a page says is
 * untrusted, so only plain text and an http(s) author link come out. Kept in a cache under
 * .cache/, so each page is asked once; a page that cannot be read leaves the bare link.
 */

export interface ReplyContext {
  url: string;
  title?: string;
  author?: string;
  authorUrl?: string;
}

interface CacheEntry extends ReplyContext {
  fetchedAt: string;
}

/** Title and author a page gives itself; only what is there. */
export function contextFromHtml(html: string, pageUrl: string, url = pageUrl): ReplyContext {
  const context: ReplyContext = { url };
  let parsed;
  try {
    parsed = mf2(html, { baseUrl: pageUrl });
  } catch {
    parsed = { items: [] };
  }
  const entry = parsed.items.find((item) => item.type?.includes('h-entry'));
  const text = (value: unknown, max: number) => (typeof value === 'string' ? truncate(cleanText(value), max) || undefined : undefined);
  // An h-entry's name defaults to its whole text when it has no explicit name: only trust a short one.
  const name = text(entry?.properties['name']?.[0], 300);
  if (name && name.length <= 200) context.title = name;
  const author = entry?.properties['author']?.[0];
  if (typeof author === 'string') {
    const authorName = text(author, 100);
    if (authorName) context.author = authorName;
  } else if (author && typeof author === 'object' && 'properties' in author) {
    const authorName = text(author.properties['name']?.[0], 100);
    if (authorName) context.author = authorName;
    const authorUrl = safeHttpUrl(author.properties['url']?.[0], pageUrl);
    if (authorUrl) context.authorUrl = authorUrl;
  }
  if (!context.title) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
    const decoded = title ? text(decodeEntities(title), 200) : undefined;
    if (decoded) context.title = decoded;
  }
  return context;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_m, code: string) => {
    const c = code.toLowerCase();
    if (c.startsWith('#x')) return String.fromCodePoint(parseInt(c.slice(2), 16) || 0x20);
    if (c.startsWith('#')) return String.fromCodePoint(Number(c.slice(1)) || 0x20);
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[c] ?? ' ';
  });
}

export interface ContextStore {
  get(url: string): Promise<ReplyContext>;
}

/**
 * Contexts for the build: from the cache, else fetched once (bounded, polite) and cached.
 * `offline`: never fetch. Never throws: a failure is the bare link and one warning line.
 */
export function contextStore(options: { cacheFile: string; net: NetOptions; offline?: boolean; warn?: (line: string) => void }): ContextStore {
  let cache: Promise<Record<string, CacheEntry>> | undefined;
  const none = (): Record<string, CacheEntry> => ({});
  const pending = new Map<string, Promise<ReplyContext>>();
  let writing = Promise.resolve();
  const load = () =>
    (cache ??= readFile(options.cacheFile, 'utf8')
      .then((text) => {
        const data = JSON.parse(text) as { version?: number; pages?: Record<string, CacheEntry> };
        return data.version === 1 && data.pages && typeof data.pages === 'object' ? data.pages : {};
      })
      .catch(none));
  const save = (pages: Record<string, CacheEntry>) => {
    writing = writing.then(async () => {
      try {
        await writeWhole(options.cacheFile, `${JSON.stringify({ version: 1, pages }, null, 1)}\n`);
      } catch (error) {
        options.warn?.(`Replies: could not save ${options.cacheFile} (${(error as Error).message}).`);
      }
    });
    return writing;
  };
  const fetchContext = async (url: string): Promise<ReplyContext> => {
    const pages = await load();
    const cached = pages[url];
    if (cached) return withoutDate(cached);
    if (options.offline) return { url };
    const page = await getPage(url, options.net);
    if (page.kind === 'failure' || page.status < 200 || page.status >= 300) {
      options.warn?.(`Replies: could not read ${url} (${page.kind === 'failure' ? page.message : `HTTP ${page.status}`}); showing the bare link.`);
      return { url };
    }
    const context = contextFromHtml(page.body, page.url, url);
    pages[url] = { ...context, fetchedAt: new Date().toISOString() };
    await save(pages);
    return context;
  };
  return {
    get(url) {
      let found = pending.get(url);
      if (!found) {
        found = fetchContext(url).catch(() => ({ url }));
        pending.set(url, found);
      }
      return found;
    },
  };
}

function withoutDate({ fetchedAt: _fetchedAt, ...context }: CacheEntry): ReplyContext {
  const url = safeHttpUrl(context.authorUrl);
  const clean: ReplyContext = { url: context.url };
  if (typeof context.title === 'string') clean.title = cleanText(context.title);
  if (typeof context.author === 'string') clean.author = cleanText(context.author);
  if (url) clean.authorUrl = url;
  return clean;
}
