import { isoDate, plainName, plainText, toResponse } from './clean.ts';
import { failed, type ChannelResult, type JsonGetter } from './net.ts';
import type { ResponseItem } from './types.ts';

/**
 * giscus comments, for the inbox: discussions of the giscus category read with GitHub's
 * GraphQL API. Frontrow maps each post to the discussion titled with its id (giscus
 * "specific" mapping), so a discussion's title is the post id.
 */

const QUERY = `query($owner: String!, $name: String!, $category: ID!, $after: String) {
  repository(owner: $owner, name: $name) {
    discussions(first: 50, after: $after, categoryId: $category, orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes { title
        comments(first: 100) { nodes { id url createdAt bodyText author { login url }
          replies(first: 100) { nodes { id url createdAt bodyText author { login url } } } } } }
    }
  }
}`;

const MAX_PAGES = 5;

function commentToResponse(node: unknown, postId: string, parent?: string): ResponseItem | undefined {
  const c = (node ?? {}) as Record<string, unknown>;
  const author = (c['author'] ?? {}) as Record<string, unknown>;
  const id = typeof c['id'] === 'string' && /^[\w=-]{1,100}$/.test(c['id']) ? c['id'] : undefined;
  if (!id) return undefined;
  return toResponse({
    id: `giscus:${id}`,
    channel: 'giscus',
    kind: 'reply',
    target: postId,
    url: c['url'],
    author: { name: plainName(author['login']) || 'ghost', url: author['url'] },
    published: isoDate(c['createdAt']),
    text: plainText(c['bodyText']),
    ...(parent ? { parent } : {}),
  });
}

/** Comments and their replies, every one with its post id as `target`. */
export function parseDiscussions(data: unknown): { items: ResponseItem[]; next?: string } {
  const discussions = (data as { data?: { repository?: { discussions?: unknown } } } | null)?.data?.repository?.discussions as
    | { nodes?: unknown; pageInfo?: { hasNextPage?: unknown; endCursor?: unknown } }
    | undefined;
  const items: ResponseItem[] = [];
  for (const discussion of Array.isArray(discussions?.nodes) ? discussions.nodes : []) {
    const title = (discussion as { title?: unknown } | null)?.title;
    if (typeof title !== 'string' || !/^[\w./-]{1,300}$/.test(title)) continue;
    const comments = (discussion as { comments?: { nodes?: unknown } }).comments?.nodes;
    for (const comment of Array.isArray(comments) ? comments : []) {
      const item = commentToResponse(comment, title);
      if (!item) continue;
      items.push(item);
      const replies = (comment as { replies?: { nodes?: unknown } }).replies?.nodes;
      for (const reply of Array.isArray(replies) ? replies : []) {
        const answer = commentToResponse(reply, title, item.id);
        if (answer) items.push(answer);
      }
    }
  }
  const info = discussions?.pageInfo;
  return info?.hasNextPage === true && typeof info.endCursor === 'string' ? { items, next: info.endCursor } : { items };
}

export async function readGiscus(
  giscus: { repo: string; categoryId: string },
  api: string,
  token: string,
  get: JsonGetter,
): Promise<ChannelResult<ResponseItem[]>> {
  const [owner, name] = giscus.repo.split('/');
  const items: ResponseItem[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = JSON.stringify({ query: QUERY, variables: { owner, name, category: giscus.categoryId, after: after ?? null } });
    const result = await get(api, { body, headers: { authorization: `bearer ${token}` } });
    if (!result.ok) return failed(result, 'GitHub');
    const errors = (result.data as { errors?: unknown } | null)?.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      return { ok: false, message: `GitHub: ${plainName((errors[0] as { message?: unknown })?.message) || 'query refused'}`, offline: false };
    }
    const parsed = parseDiscussions(result.data);
    items.push(...parsed.items);
    if (!parsed.next) break;
    after = parsed.next;
  }
  return { ok: true, value: items };
}
