import { oldAddressesByPattern } from '../lib/content/aliases.ts';
import { ALIASES, takeHandOff } from '../lib/handoff.ts';
import { postPath } from '../lib/urls.ts';
import { config } from './site.ts';

/** An old address and where it sends readers (a site path without the base), as the build writes it. */
export type OldAddresses = Map<string, { to: string; title: string }>;

/**
 * Notes each published post's or page's old addresses (`aliases`) for the build, which writes a
 * page at each once the site is built (src/integrations/old-addresses.ts). Called by the routes
 * that list what is published; the dev preview keeps none.
 */
export async function keepOldAddresses(entries: readonly { aliases: readonly string[]; to: string; title: string }[]): Promise<void> {
  const kept = await takeHandOff<OldAddresses>(ALIASES);
  if (!kept) return;
  for (const { aliases, to, title } of entries) for (const alias of aliases) kept.set(alias, { to, title });
}

/**
 * The published posts' old addresses: the site's patterns (`oldPostAddresses`), then each
 * post's own `aliases`, which win where both name one address.
 */
export async function keepPostOldAddresses(
  published: readonly { id: string; data: { aliases: readonly string[]; title: string; pubDate: Date } }[],
): Promise<void> {
  const titles = new Map(published.map((post) => [post.id, post.data.title]));
  const leadsTo = oldAddressesByPattern(
    config.oldPostAddresses,
    published.map((post) => ({ id: post.id, pubDate: post.data.pubDate })),
  );
  await keepOldAddresses([
    ...[...leadsTo].map(([alias, id]) => ({ aliases: [alias], to: postPath(id), title: titles.get(id) ?? '' })),
    ...published.map((post) => ({ aliases: post.data.aliases, to: postPath(post.id), title: post.data.title })),
  ]);
}
