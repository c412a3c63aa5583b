/**
 * Whether a post is public. Drafts never are; a post dated in the future becomes public on its
 * date (scheduled publishing: a daily deploy picks it up). The dev preview shows everything.
 */
export interface Publishable {
  draft: boolean;
  pubDate: Date;
}

export type PostState = 'published' | 'draft' | 'scheduled';

export function postState(post: Publishable, now: Date = new Date()): PostState {
  if (post.draft) return 'draft';
  if (post.pubDate.getTime() > now.getTime()) return 'scheduled';
  return 'published';
}

export function isPublished(post: Publishable, now: Date = new Date()): boolean {
  return postState(post, now) === 'published';
}
