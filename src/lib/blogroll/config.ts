import { z } from 'zod';

/**
 * The `blogroll` section of the site configuration: how peers' feeds are fetched during the
 * build and where their latest posts show. Owned by the blogroll module; the site schema embeds it.
 */
export const blogrollConfigSchema = z
  .strictObject({
    /** Show the "From my peers" river on the home page. */
    river: z.boolean().default(true),
    /** How many posts the river shows. */
    riverSize: z.number().int().min(1).max(50).default(8),
    /** Fetch peers' feeds during `npm run build`. Off: use the cache only. */
    fetch: z.boolean().default(true),
    /** Feeds fetched at once. */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** Give up on one feed after this many milliseconds. */
    timeoutMs: z.number().int().min(100).max(60_000).default(8_000),
    /** Largest feed body read, in bytes. */
    maxBytes: z.number().int().min(1024).default(2_000_000),
    /** Re-use a cached feed without asking the server when it is younger than this. */
    maxAgeMinutes: z.number().int().min(0).default(60),
    /** Posts one peer may have in the river, so a prolific peer does not crowd out the rest. */
    riverPerPeer: z.number().int().min(1).max(10).default(2),
    /** `npm run blogroll -- check` calls a feed silent after this many days without a post. */
    silentDays: z.number().int().min(1).default(90),
    /**
     * Host names on a private network you trust, e.g. ["wiki.home.arpa"]. A peer's URL may
     * point at a private address only through an IP literal or `localhost` you wrote in its
     * entry, or a host listed here; nothing a peer's site says can add to this list.
     */
    privateHosts: z.array(z.string().trim().min(1)).default([]),
  })
  .prefault({});

export type BlogrollConfig = z.output<typeof blogrollConfigSchema>;
