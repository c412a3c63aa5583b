import { z } from 'zod';

/**
 * The `outreach` section of the site configuration: sending Webmentions after a deploy
 * (`npm run webmentions -- send`). Timeouts, size caps and concurrency are the blogroll's.
 * Named apart from `webmentions`, which configures receiving.
 */
export const outreachConfigSchema = z
  .strictObject({
    /** Send Webmentions at all. Off: `send` reports what it would do and sends nothing. */
    send: z.boolean().default(true),
    /**
     * When the record of what was sent is missing (first run, lost CI cache), posts and peers
     * older than this many days count as already notified, so nobody hears twice.
     */
    baselineDays: z.number().int().min(0).max(3650).default(7),
    /** A target that keeps failing is given up after this many runs (until the post changes). */
    maxAttempts: z.number().int().min(1).max(50).default(5),
  })
  .prefault({});
