import { ALIASES, takeHandOff } from '../lib/handoff.ts';

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
