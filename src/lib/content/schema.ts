import { z } from 'zod';
import { normalizeTag } from './slug.ts';

/**
 * Frontmatter of a post in `content/posts/`. Pure Zod so unit tests and scripts use the very
 * schema the site is built with; Astro passes its `image()` helper for the cover image.
 */
export function postSchema<Image extends z.ZodType>(image: Image) {
  return z
    .object({
      title: z.string().trim().min(1, { error: 'title is required: add `title: "Your title"`' }),
      description: z
        .string()
        .trim()
        .min(1, { error: 'description is required: one sentence that sums the post up' })
        .max(300, { error: 'description should be one sentence (300 characters at most)' }),
      pubDate: z.coerce.date({
        error: 'pubDate must be a date such as 2026-03-14 (YYYY-MM-DD)',
      }),
      updatedDate: z.coerce
        .date({ error: 'updatedDate must be a date such as 2026-03-14 (YYYY-MM-DD)' })
        .optional(),
      tags: z
        .array(z.string().min(1), { error: 'tags must be a list, for example [writing, community]' })
        .default([])
        .transform((tags) => [...new Set(tags.map(normalizeTag).filter(Boolean))]),
      draft: z.boolean({ error: 'draft must be true or false' }).default(false),
      image: image.optional(),
      imageAlt: z.string().trim().min(1).optional(),
      canonicalUrl: z
        .url({ protocol: /^https?$/, error: 'canonicalUrl must be a full http(s) URL' })
        .optional(),
      /** Where the post was also published (Mastodon, Bluesky…): replies there show under the post. */
      syndication: z
        .array(z.url({ protocol: /^https?$/, error: 'syndication entries must be full http(s) URLs of the copies, for example "https://mastodon.social/@you/123"' }), {
          error: 'syndication must be a list of URLs, for example [https://mastodon.social/@you/123]',
        })
        .default([]),
      /** The URL this post replies to. */
      inReplyTo: z.url({ protocol: /^https?$/, error: 'inReplyTo must be a full http(s) URL' }).optional(),
      /** Turn comments off for this post. */
      comments: z.boolean().default(true),
    })
    .superRefine((data, ctx) => {
      if (data.image !== undefined && !data.imageAlt) {
        ctx.addIssue({
          code: 'custom',
          path: ['imageAlt'],
          message: 'imageAlt is required with image: describe the picture for readers who cannot see it',
        });
      }
      if (data.updatedDate && data.updatedDate < data.pubDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['updatedDate'],
          message: 'updatedDate is before pubDate: swap them or fix the date',
        });
      }
    });
}

/** Frontmatter of a standalone page in `content/pages/` (about, now, uses…). */
export const pageSchema = z.object({
  title: z.string().trim().min(1, { error: 'title is required' }),
  description: z.string().trim().min(1, { error: 'description is required: one sentence' }),
  updatedDate: z.coerce.date().optional(),
});

export type PostData = z.output<ReturnType<typeof postSchema<z.ZodString>>>;
