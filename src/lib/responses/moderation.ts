import { hostOf, sameUrl, siteKey } from './clean.ts';
import type { ResponseItem } from './types.ts';

/**
 * `moderation.block`: a domain blocks every address on it and its subdomains; a URL blocks
 * that profile or source and everything under it. Checked wherever responses are read (pages,
 * inbox, avatars), so blocking someone later also hides what the cache already holds.
 */
export function isBlocked(item: Pick<ResponseItem, 'url' | 'author' | 'source'>, block: readonly string[]): boolean {
  if (block.length === 0) return false;
  const urls = [item.url, item.author.url, item.source].filter((u): u is string => !!u);
  return block.some((entry) => {
    if (!/^https?:/i.test(entry)) {
      const domain = entry.toLowerCase().replace(/^www\./, '');
      return urls.some((u) => {
        const host = hostOf(u);
        return host === domain || host.endsWith(`.${domain}`);
      });
    }
    const key = siteKey(entry);
    return urls.some((u) => sameUrl(u, entry) || siteKey(u).startsWith(`${key}/`));
  });
}
