import { readFileSync } from 'node:fs';
import path from 'node:path';
import { aliasSchema } from '../content/aliases.ts';
import { readRawFrontmatter } from '../content/frontmatter.ts';
import type { FrontmatterCache } from '../content/frontmatter-cache.ts';
import { listPostFiles } from '../originality/posts.ts';
import { postState } from '../content/publish.ts';
import { entryId } from '../content/slug.ts';
import { absoluteUrl, postPath } from '../urls.ts';
import { safeHttpUrl } from './clean.ts';
import type { PostRef } from './group.ts';

/**
 * The posts as the responses feature needs them, read from the files (the build hook runs
 * before Astro's content layer, and the inbox runs without Astro). A post that cannot be read
 * is skipped here: the build itself reports it. `read` reads a file's frontmatter (the build
 * passes the frontmatter cache's, src/lib/content/frontmatter-cache.ts).
 */
export async function readPostRefs(
  postsDir: string,
  site: { url: string; base: string },
  now = new Date(),
  read: FrontmatterCache['read'] = readRawFrontmatter,
): Promise<(PostRef & { pubDate: Date; title: string })[]> {
  let files: string[];
  try {
    files = await listPostFiles(postsDir, false);
  } catch {
    return [];
  }
  const refs: (PostRef & { pubDate: Date; title: string })[] = [];
  // Read synchronously: one asynchronous read after another cost 1 s of CPU for 5,000 posts (four
  // thread-pool jobs each), these 0.1-0.3 s (docs/performance-log.md, "Startup").
  for (const file of files) {
    try {
      const { data, error } = read(readFileSync(file, 'utf8'));
      if (error) continue;
      const pubDate = new Date(String(data['pubDate']));
      if (Number.isNaN(pubDate.getTime())) continue;
      const id = entryId(path.relative(postsDir, file), data['slug']);
      const list = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map((u) => safeHttpUrl(u)).filter((u): u is string => !!u);
      const inReplyTo = safeHttpUrl(data['inReplyTo']);
      refs.push({
        id,
        url: absoluteUrl(postPath(id), site.url, site.base),
        syndication: list(data['syndication']),
        oldUrls: (aliasSchema.safeParse(data['aliases']).data ?? []).map((alias) => absoluteUrl(alias, site.url, site.base)),
        ...(inReplyTo ? { inReplyTo } : {}),
        published: postState({ draft: data['draft'] === true, pubDate }, now) === 'published',
        pubDate,
        title: typeof data['title'] === 'string' && data['title'] ? data['title'] : id,
      });
    } catch {
      // An unreadable post has no responses to collect; the build names it.
    }
  }
  return refs;
}
