import { z } from 'zod';
import { DATE_RULE, parseDay } from '../dates.ts';
import { aliasSchema } from './aliases.ts';
import { responseTitle, RESPONSE_FIELDS } from './responses.ts';
import { normalizeTag } from './slug.ts';

const responseUrl = (field: string) => z.url({ protocol: /^https?$/, error: `${field} must be the full http(s) URL of the page you answer` }).optional();

/**
 * A tags field that is not a list. Jekyll reads `tags: jekyll update` as two tags, split at
 * spaces (at commas, when the writer used them): such a text is named with the list to write.
 */
function tagsError(input: unknown): string {
  const tags = typeof input === 'string' ? input.split(input.includes(',') ? ',' : /\s+/).flatMap((tag) => tag.trim() || []) : [];
  return tags.length ? `tags must be a list, not one text: write tags: [${tags.join(', ')}]` : 'tags must be a list, for example [writing, community]';
}

/** A frontmatter date under the one date rule (see dates.ts), as a UTC day. */
const day = (field: string) =>
  z.unknown().transform((value, ctx) => {
    const date = parseDay(value);
    if (date) return date;
    const message =
      value === undefined || value === null
        ? `${field} is required: ${DATE_RULE}`
        : `${field} must be ${DATE_RULE}${typeof value === 'string' ? `, not "${value}"` : ''}`;
    ctx.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  });

/** Every field of a post, the cover image as the path written: what the content check validates (synchronously). */
export const postFields = z
  .object({
    // Both may be left out of a note (a short reply, like or bookmark): see the refinement.
    title: z.string({ error: 'title must be text, such as title: "Your title"' }).trim().optional(),
    description: z
      .string({ error: 'description must be text: one sentence that sums the post up' })
      .trim()
      .max(300, { error: 'description should be one sentence (300 characters at most)' })
      .optional(),
    pubDate: day('pubDate'),
    updatedDate: day('updatedDate').optional(),
    tags: z
      .array(z.string().min(1), { error: (issue) => tagsError(issue.input) })
      .default([])
      // The label the writer wrote is what readers see; its slug is only the URL (tagPath).
      .transform((tags) => uniqueTagLabels(tags)),
    draft: z.boolean({ error: 'draft must be true or false' }).default(false),
    image: z.string({ error: 'image must be the path of a picture, such as image: ./cover.jpg' }).optional(),
    imageAlt: z.string().trim().min(1).optional(),
    canonicalUrl: z.url({ protocol: /^https?$/, error: 'canonicalUrl must be a full http(s) URL' }).optional(),
    /** Where the post was also published (Mastodon, Bluesky…): replies there show under the post. */
    syndication: z
      .array(
        z.url({ protocol: /^https?$/, error: 'syndication entries must be full http(s) URLs of the copies, for example "https://mastodon.social/@you/123"' }),
        {
          error: 'syndication must be a list of URLs, for example [https://mastodon.social/@you/123]',
        },
      )
      .default([]),
    /** Turn comments off for this post. */
    comments: z.boolean().default(true),
    /** Its old addresses (another engine's, an earlier slug): each sends readers here. */
    aliases: aliasSchema,
    /** This post answers that page (a reply): shown with its context, and the page is notified. */
    inReplyTo: responseUrl('inReplyTo'),
    /** This post bookmarks that page. */
    bookmarkOf: responseUrl('bookmarkOf'),
    /** This post likes that page. */
    likeOf: responseUrl('likeOf'),
  })
  .superRefine(
    (data, ctx) => {
      // A response may be a note without title or description; any other post needs both.
      const response = RESPONSE_FIELDS.some((field) => data[field] !== undefined);
      if (!data.title && !response) {
        ctx.addIssue({
          code: 'custom',
          path: ['title'],
          message: 'title is required: add a line such as title: "Your title" (only replies, likes and bookmarks may go without)',
        });
      }
      if (!data.description && !response) {
        ctx.addIssue({ code: 'custom', path: ['description'], message: 'description is required: one sentence that sums the post up' });
      }
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
      // Checked even when another field is wrong, so one run names every missing field.
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform(({ title, description, ...data }) => {
    // A note gets a title made from what it answers, for lists, feeds and the browser tab.
    const generated = responseTitle(data);
    return { ...data, title: title || generated, description: description || generated, note: !title };
  });

/**
 * Frontmatter of a post in `content/posts/`. Pure Zod so unit tests and scripts use the very
 * schema the site is built with; Astro passes its `image()` helper for the cover image.
 *
 * Astro asks for a post's schema for every post it reads (its helper knows the post's folder).
 * A new object schema per post cost 0.05-0.15 ms to build and Zod compiles each one's parser on
 * its first use (0.2-0.45 s at 5,000 posts), so the fields are built once and only a post that
 * has a cover image meets the helper.
 */
export function postSchema<Image extends z.ZodType>(image: () => Image) {
  return postFields.transform(async (data, ctx) => {
    const { image: path, ...rest } = data;
    if (path === undefined) return rest as typeof rest & { image?: z.output<Image> };
    const cover = await image().safeParseAsync(path);
    if (!cover.success) {
      for (const issue of cover.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['image', ...issue.path], input: path });
      return z.NEVER;
    }
    return { ...rest, image: cover.data as z.output<Image> };
  });
}

/** Tags as written (trimmed), the first label of each slug kept: "Writing Life" and "writing-life" are one tag. */
export function uniqueTagLabels(tags: readonly string[]): string[] {
  const bySlug = new Map<string, string>();
  for (const tag of tags) {
    const label = tag.trim().replace(/\s+/g, ' ');
    const slug = normalizeTag(label);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, label);
  }
  return [...bySlug.values()];
}

/** Frontmatter of a standalone page in `content/pages/` (about, now, uses…). */
export const pageSchema = z.object({
  title: z.string().trim().min(1, { error: 'title is required' }),
  description: z.string().trim().min(1, { error: 'description is required: one sentence' }),
  updatedDate: day('updatedDate').optional(),
  /** As a post's: shown only in the dev preview (a page's `draft: true` was published as if absent). */
  draft: z.boolean({ error: 'draft must be true or false' }).default(false),
  aliases: aliasSchema,
});
