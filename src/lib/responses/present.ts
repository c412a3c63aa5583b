import { hostOf, siteKey } from './clean.ts';
import { isBlocked } from './moderation.ts';
import { parseBlueskyUrl } from './bluesky.ts';
import { parseMastodonUrl } from './mastodon.ts';
import { recommendingSite } from './webmention.ts';
import type { ResponseItem } from './types.ts';

/** A silo's name for a syndication link: "Mastodon", "Bluesky", or the host. */
export function siloLabel(url: string): string {
  if (parseBlueskyUrl(url)) return 'Bluesky';
  if (parseMastodonUrl(url)) return 'Mastodon';
  return hostOf(url) || url;
}

export function syndicationLinks(urls: readonly string[]): { url: string; label: string }[] {
  return urls.map((url) => ({ url, label: siloLabel(url) }));
}

/**
 * Sites that recommend this one (Ghost sends a Webmention from its recommendations.json), one
 * per site, blocked ones left out.
 */
export function recommenders(items: readonly ResponseItem[], block: readonly string[]): { url: string; name: string; since?: string }[] {
  const sites = new Map<string, { url: string; name: string; since?: string }>();
  for (const item of items) {
    const url = recommendingSite(item);
    if (!url || isBlocked(item, block)) continue;
    const key = siteKey(url);
    if (sites.has(key)) continue;
    const name = item.author.name && item.author.name !== hostOf(item.source ?? '') ? item.author.name : hostOf(url);
    sites.set(key, { url, name, ...(item.published ? { since: item.published } : {}) });
  }
  return [...sites.values()].sort((a, b) => a.name.localeCompare(b.name));
}
