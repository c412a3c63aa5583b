/**
 * JSON Feed 1.1 (jsonfeed.org/version/1.1): the same posts as the RSS feed, for readers that
 * prefer JSON. `id` is the post's permanent URL, so it never changes when a post is edited.
 */

export interface JsonFeedInput {
  title: string;
  description: string;
  homePageUrl: string;
  feedUrl: string;
  language: string;
  author: { name: string; url?: string | undefined; avatar?: string | undefined };
  icon?: string | undefined;
  items: JsonFeedItemInput[];
}

export interface JsonFeedItemInput {
  url: string;
  /** Notes have none: JSON Feed readers show them as microposts. */
  title?: string | undefined;
  summary?: string | undefined;
  html: string;
  published: Date;
  modified?: Date | undefined;
  tags: readonly string[];
  /** The page this post answers (in-reply-to, bookmark-of, like-of). */
  externalUrl?: string | undefined;
}

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
export const JSON_FEED_TYPE = 'application/feed+json';

export function toJsonFeed(input: JsonFeedInput): Record<string, unknown> {
  const author = {
    name: input.author.name,
    ...(input.author.url ? { url: input.author.url } : {}),
    ...(input.author.avatar ? { avatar: input.author.avatar } : {}),
  };
  return {
    version: JSON_FEED_VERSION,
    title: input.title,
    home_page_url: input.homePageUrl,
    feed_url: input.feedUrl,
    description: input.description,
    language: input.language,
    ...(input.icon ? { favicon: input.icon } : {}),
    authors: [author],
    items: input.items.map((item) => ({
      id: item.url,
      url: item.url,
      ...(item.externalUrl ? { external_url: item.externalUrl } : {}),
      ...(item.title ? { title: item.title } : {}),
      ...(item.summary ? { summary: item.summary } : {}),
      content_html: item.html,
      date_published: item.published.toISOString(),
      ...(item.modified ? { date_modified: item.modified.toISOString() } : {}),
      ...(item.tags.length ? { tags: [...item.tags] } : {}),
      authors: [author],
    })),
  };
}
