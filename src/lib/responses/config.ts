import { z } from 'zod';
import { httpUrl, wholeNumberBetween } from '../config/fields.ts';

/**
 * The `webmentions`, `social` and `moderation` sections of the site configuration: where the
 * build hears readers' responses, and whose responses it never shows. Owned by the responses
 * module; the site schema embeds them. Every external base URL is configurable, so a
 * self-hosted receiver works and tests run against stub servers.
 */

export const webmentionsConfigSchema = z
  .strictObject({
    /**
     * Your Webmention receiver, e.g. "https://webmention.io/example.com/webmention". Every page
     * advertises it; without it the site receives nothing and the build asks nobody.
     */
    endpoint: httpUrl('webmentions.endpoint').optional(),
    /** Where the build reads received mentions (webmention.io's JF2 API, or a compatible one). */
    api: httpUrl('webmentions.api').default('https://webmention.io/api/mentions.jf2'),
    /** Mentions asked for per page when the token reads the whole domain. */
    perPage: wholeNumberBetween('webmentions.perPage', 10, 10_000).default(500),
    /** Re-read everything (not just what is new) this often, so deleted mentions disappear. */
    fullRefreshDays: z.number().int().min(1, { error: 'webmentions.fullRefreshDays must be 1 or more' }).default(7),
  })
  .prefault({});

export const socialConfigSchema = z
  .strictObject({
    /** Read replies and counts from the `syndication` links of posts during the build. */
    fetch: z.boolean({ error: 'social.fetch must be true or false' }).default(true),
    /** The Bluesky AppView that answers unauthenticated reads. */
    blueskyAppView: httpUrl('social.blueskyAppView').default('https://public.api.bsky.app'),
    /** GitHub's GraphQL API, read by `npm run inbox` for giscus comments (needs GITHUB_TOKEN). */
    githubApi: httpUrl('social.githubApi').default('https://api.github.com/graphql'),
    /** Your GitHub login, for "answered" on giscus; by default taken from a github.com profile. */
    githubLogin: z
      .string()
      .regex(/^[A-Za-z\d-]{1,39}$/, { error: 'social.githubLogin must be a GitHub user name, for example "octocat"' })
      .optional(),
    /** Ask a source again only when its copy is older than this (minutes). */
    maxAgeMinutes: z.number().int().min(0).default(60),
    /** Give up on one request after this many milliseconds. */
    timeoutMs: wholeNumberBetween('social.timeoutMs', 100, 60_000).default(10_000),
    /** Largest API answer read, in bytes. */
    maxBytes: z.number().int().min(1024).default(10_000_000),
    /** Largest avatar kept, in bytes; bigger ones are left out. */
    maxAvatarBytes: z.number().int().min(1024).max(2_000_000).default(150_000),
  })
  .prefault({});

// "spam.example", "sub.spam.example" or a profile/source URL.
const blockEntry = z.string().refine((v) => /^[a-z\d.-]+\.[a-z]{2,}$/i.test(v) || /^https?:\/\/\S+$/i.test(v), {
  error: 'moderation.block entries must be a domain ("spam.example") or a full URL ("https://social.example/@someone")',
});

export const moderationConfigSchema = z
  .strictObject({
    /** Domains, or profile and source URLs, whose responses never appear anywhere. */
    block: z.array(blockEntry, { error: 'moderation.block must be a list, for example ["spam.example"]' }).default([]),
  })
  .prefault({});

export type WebmentionsConfig = z.output<typeof webmentionsConfigSchema>;
export type SocialConfig = z.output<typeof socialConfigSchema>;
export type ModerationConfig = z.output<typeof moderationConfigSchema>;
