import { z } from 'zod';
import { httpUrl } from './fields.ts';
import { oldPostAddressesSchema } from '../content/aliases.ts';
import { blogrollConfigSchema } from '../blogroll/config.ts';
import { originalityConfigSchema } from '../originality/config.ts';
import { newsletterConfigSchema } from '../follow/config.ts';
import { outreachConfigSchema } from '../outreach/config.ts';
import { moderationConfigSchema, socialConfigSchema, webmentionsConfigSchema } from '../responses/config.ts';

/**
 * The writer's site configuration (`content/site.config.ts`): every setting a writer makes,
 * validated once, typed everywhere. Each error message says what to write instead, because the
 * reader of these messages is a writer, not the engine's author.
 */

const linkSchema = z.strictObject({
  label: z.string().min(1, { error: 'a link needs a label, for example "About"' }),
  href: z.string().min(1, { error: 'a link needs an href, for example "/about/"' }),
});

export const giscusConfigSchema = z.strictObject({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { error: 'giscus.repo must look like "owner/repo"' }),
  repoId: z.string().min(1, { error: 'giscus.repoId is required: copy it from https://giscus.app' }),
  category: z.string().min(1, { error: 'giscus.category is required, for example "Announcements"' }),
  categoryId: z.string().min(1, { error: 'giscus.categoryId is required: copy it from https://giscus.app' }),
  reactions: z.boolean().default(true),
  inputPosition: z.enum(['top', 'bottom']).default('top'),
  /** giscus interface language; defaults to the site language when giscus speaks it, else English. */
  lang: z.string().optional(),
  /** giscus themes to use with the site's light and dark themes (names listed on https://giscus.app). */
  lightTheme: z.string().min(1).default('light'),
  darkTheme: z.string().min(1).default('dark'),
  /** A self-hosted giscus; the Content-Security-Policy allows frames from this origin only. */
  host: httpUrl('giscus.host').default('https://giscus.app'),
});

export const siteConfigSchema = z.strictObject({
  title: z.string().min(1, { error: 'title is required: the name of your blog' }),
  description: z.string().min(1, { error: 'description is required: one sentence about your blog' }),
  /** Where the site is deployed, without the base path: "https://you.github.io". */
  url: httpUrl('url'),
  /** Sub-path when the site is not at the domain root, e.g. "/my-blog" on GitHub Pages. */
  base: z
    .string()
    .regex(/^\/([\w.~-]+(\/[\w.~-]+)*)?\/?$/, {
      error: 'base must be a path such as "/" or "/my-blog"',
    })
    .default('/'),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
      error: 'lang must be a language tag such as "en" or "en-GB"',
    })
    .default('en'),
  author: z.strictObject({
    name: z.string().min(1, { error: 'author.name is required' }),
    url: httpUrl('author.url').optional(),
    /** Path under public/ ("/avatar.jpg") or a full URL. */
    avatar: z.string().optional(),
    bio: z.string().optional(),
  }),
  /** Your profiles elsewhere; linked with rel="me" for IndieWeb identity checks. */
  profiles: z.array(z.strictObject({ label: z.string().min(1), url: httpUrl('profiles[].url') })).default([]),
  /** Fediverse handle for <meta name="fediverse:creator">, e.g. "@you@mastodon.social". */
  fediverseCreator: z
    .string()
    .regex(/^@[\w.-]+@[\w.-]+\.[a-z]{2,}$/i, {
      error: 'fediverseCreator must look like "@you@instance.social"',
    })
    .optional(),
  nav: z.array(linkSchema).default([
    { label: 'Archive', href: '/archive/' },
    { label: 'Tags', href: '/tags/' },
    { label: 'Blogroll', href: '/blogroll/' },
    { label: 'About', href: '/about/' },
    { label: 'Follow', href: '/follow/' },
  ]),
  postsPerPage: z.number().int().min(1).max(100).default(10),
  /** Posts per tag page before paginating: a tag of a large archive lists thousands. */
  postsPerTagPage: z.number().int().min(1).max(1000).default(50),
  /** Up to this many posts, /archive/ lists them all; past it, each year has its own page. */
  archiveOnOnePage: z.number().int().min(1).max(100_000).default(1000),
  /**
   * Split the search index into parts of about this many posts (1500 suits a large archive), so
   * that a rebuild reads again only the parts holding changed posts. Off by default: a rare word
   * then also lists near-matches from the parts without it, after the real results (docs/reading.md).
   */
  searchPartSize: z
    .number({ error: 'searchPartSize must be a number of posts, for example 1500' })
    .int()
    .min(2, { error: 'searchPartSize must be at least 2 posts; leave it out to keep one search index' })
    .optional(),
  /**
   * Where the posts were before, as patterns of their old addresses (`'/:year/:month/:slug/'`):
   * the build writes a page at each post's old address that sends readers on, as `aliases` does
   * for one post (src/lib/content/aliases.ts).
   */
  oldPostAddresses: oldPostAddressesSchema,
  /** Posts with at least this many headings (h2/h3) get a table of contents. */
  tocMinHeadings: z.number().int().min(1).default(3),
  giscus: giscusConfigSchema.optional(),
  originality: originalityConfigSchema,
  blogroll: blogrollConfigSchema,
  /** How many of the latest posts the RSS and JSON feeds carry. */
  feedItems: z.number({ error: 'feedItems must be a number of posts, for example 20' }).int().min(1).max(1000).default(20),
  /** An email newsletter form on /follow/ (see docs/community.md). */
  newsletter: newsletterConfigSchema.optional(),
  /** Sending Webmentions after a deploy (`npm run webmentions -- send`). */
  outreach: outreachConfigSchema,
  webmentions: webmentionsConfigSchema,
  social: socialConfigSchema,
  moderation: moderationConfigSchema,
});

export type SiteConfigInput = z.input<typeof siteConfigSchema>;
export type SiteConfig = z.output<typeof siteConfigSchema>;
export type GiscusConfig = z.output<typeof giscusConfigSchema>;
