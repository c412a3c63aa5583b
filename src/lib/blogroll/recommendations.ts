import type { Peer } from './schema.ts';
import { safeHttpUrl } from './text.ts';

/**
 * `/.well-known/recommendations.json` in the shape Ghost publishes and Micro.blog copied:
 * an array of `{ url, created_at, updated_at }`, newest recommendation first.
 */
export interface Recommendation {
  url: string;
  created_at: string;
  updated_at: string;
}

export function toRecommendations(peers: readonly Peer[]): Recommendation[] {
  return [...peers]
    .sort((a, b) => b.data.since.getTime() - a.data.since.getTime() || a.data.url.localeCompare(b.data.url))
    .map((peer) => ({
      url: peer.data.url,
      created_at: peer.data.since.toISOString(),
      // The entry has no edit date of its own; `since` is stable, so builds stay reproducible.
      updated_at: peer.data.since.toISOString(),
    }));
}

export function toRecommendationsJson(peers: readonly Peer[]): string {
  return `${JSON.stringify(toRecommendations(peers), null, 2)}\n`;
}

/** The site URLs of somebody else's recommendations.json; [] for anything not in that shape. */
export function readRecommendationsJson(text: string): { htmlUrl: string }[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const out: { htmlUrl: string }[] = [];
  for (const item of data) {
    const url = safeHttpUrl((item as { url?: unknown } | null)?.url);
    if (url) out.push({ htmlUrl: url });
  }
  return out;
}
