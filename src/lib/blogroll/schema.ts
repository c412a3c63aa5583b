import { z } from 'zod';
import { normalizeTag } from '../content/slug.ts';
import { siteKey } from './text.ts';

/**
 * Frontmatter of one peer in `content/blogroll/<slug>.md`. The body of the file is the
 * writer's own note on why they read this person. Pure Zod, so the CLI and tests validate
 * with the very schema Astro's content collection uses.
 */

// XFN 1.1 relationship words (gmpg.org/xfn/11), minus "me": a peer is somebody else.
export const XFN_WORDS = [
  'contact',
  'acquaintance',
  'friend',
  'met',
  'co-worker',
  'colleague',
  'co-resident',
  'neighbor',
  'child',
  'parent',
  'sibling',
  'spouse',
  'kin',
  'muse',
  'crush',
  'date',
  'sweetheart',
] as const;

const XFN = new Set<string>(XFN_WORDS);

const httpUrl = (field: string, example: string) =>
  z.url({
    protocol: /^https?$/,
    error: `${field} must be a full http(s) URL, for example "${example}"`,
  });

export const blogrollEntrySchema = z.strictObject({
  /** The person or the blog, as you would introduce them. */
  name: z.string().trim().min(1, { error: 'name is required: the person or blog, e.g. "Alice Example"' }),
  /** Their site's home page. Two entries may not share it. */
  url: httpUrl('url', 'https://alice.example/'),
  /** Their feed (RSS, Atom, RDF or JSON Feed). Found from the home page when left out. */
  feed: httpUrl('feed', 'https://alice.example/feed.xml').optional(),
  /** One line about what they write. */
  description: z
    .string({ error: 'description is required: one line about what they write' })
    .trim()
    .min(1, { error: 'description is required: one line about what they write' })
    .max(300, { error: 'description should be one line (300 characters at most)' }),
  tags: z
    .array(z.string().min(1), { error: 'tags must be a list, for example [writing, indieweb]' })
    .default([])
    .transform((tags) => [...new Set(tags.map(normalizeTag).filter(Boolean))]),
  /** Since when you read them. */
  since: z.coerce.date({ error: 'since must be a date such as 2024-05-01 (YYYY-MM-DD)' }),
  /** Path under public/ ("/peers/alice.jpg") or a full http(s) URL. */
  avatar: z
    .string()
    .trim()
    .refine((value) => value.startsWith('/') || /^https?:\/\/[^\s]+$/.test(value), {
      error: 'avatar must be a path such as "/peers/alice.jpg" or a full http(s) URL',
    })
    .optional(),
  /** XFN words for the link, e.g. "friend met". */
  rel: z
    .string()
    .trim()
    .transform((value, ctx) => {
      const words = [...new Set(value.toLowerCase().split(/\s+/).filter(Boolean))];
      const unknown = words.filter((word) => !XFN.has(word));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `rel has ${unknown.map((w) => `"${w}"`).join(', ')}, not an XFN word; use words such as: friend met colleague muse (see gmpg.org/xfn)`,
        });
        return z.NEVER;
      }
      return words.join(' ');
    })
    .optional(),
});

export type BlogrollEntryInput = z.input<typeof blogrollEntrySchema>;
export type BlogrollEntry = z.output<typeof blogrollEntrySchema>;

/** One peer as the site sees it: the validated frontmatter plus the writer's note. */
export interface Peer {
  /** The entry's slug (file name without extension). */
  id: string;
  /** The entry's file, for error messages. */
  file?: string;
  data: BlogrollEntry;
  /** The body of the entry: why the writer reads this person. */
  note: string;
}

export class DuplicatePeerError extends Error {
  override name = 'DuplicatePeerError';
  readonly duplicates: readonly { url: string; files: readonly string[] }[];

  constructor(duplicates: readonly { url: string; files: readonly string[] }[]) {
    super(
      [`The blogroll lists the same site more than once:`, ...duplicates.map((d) => `  - ${d.url} is in ${d.files.join(' and ')}: keep one of them.`)].join(
        '\n',
      ),
    );
    this.duplicates = duplicates;
  }
}

/**
 * Entries that point at the same site (compared without scheme, `www.` and trailing slash),
 * as an error naming every file involved; undefined when there is none.
 */
export function findDuplicatePeers(peers: readonly Pick<Peer, 'id' | 'file' | 'data'>[]): DuplicatePeerError | undefined {
  const byKey = new Map<string, { url: string; files: string[] }>();
  for (const peer of peers) {
    const key = siteKey(peer.data.url);
    const where = peer.file ?? peer.id;
    const seen = byKey.get(key);
    if (seen) seen.files.push(where);
    else byKey.set(key, { url: peer.data.url, files: [where] });
  }
  const duplicates = [...byKey.values()].filter((d) => d.files.length > 1);
  return duplicates.length > 0 ? new DuplicatePeerError(duplicates) : undefined;
}
