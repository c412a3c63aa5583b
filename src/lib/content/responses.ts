/**
 * Response posts: a post whose frontmatter says it answers another page. The three kinds the
 * IndieWeb names (microformats h-entry `u-in-reply-to`, `u-bookmark-of`, `u-like-of`).
 */
export const RESPONSE_FIELDS = ['inReplyTo', 'bookmarkOf', 'likeOf'] as const;
export type ResponseField = (typeof RESPONSE_FIELDS)[number];

export const RESPONSE_KINDS: Record<ResponseField, { mf2: string; label: string; verb: string }> = {
  inReplyTo: { mf2: 'u-in-reply-to', label: 'In reply to', verb: 'Reply to' },
  bookmarkOf: { mf2: 'u-bookmark-of', label: 'Bookmarked', verb: 'Bookmarked' },
  likeOf: { mf2: 'u-like-of', label: 'Liked', verb: 'Liked' },
};

/** The responses a post makes, in a fixed order. */
export function responsesOf(data: Partial<Record<ResponseField, string | undefined>>): { field: ResponseField; url: string }[] {
  return RESPONSE_FIELDS.flatMap((field) => (data[field] ? [{ field, url: data[field] }] : []));
}

/** "Reply to alice.example/2026/notes", for a note that has no title of its own. */
export function responseTitle(data: Partial<Record<ResponseField, string | undefined>>): string {
  const [first] = responsesOf(data);
  if (!first) return 'Note';
  const url = new URL(first.url);
  const where = `${url.host.replace(/^www\./, '')}${url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '')}`;
  return `${RESPONSE_KINDS[first.field].verb} ${where.length > 60 ? `${where.slice(0, 59)}…` : where}`;
}
