import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildNow, config, engineVersion, keptPictures } from 'virtual:frontrow/config';
import type { Post, PostSummary } from './posts.ts';

/**
 * `cacheKey`s for Astro's incremental build (experimental.incrementalBuild): a page whose key
 * and module graph are unchanged is taken from the last build instead of rendered, so a key
 * must name everything the page shows that is not code. What every page shares is here (the
 * engine's code, the site settings and the avatars kept for them, the year in the footer); each
 * route adds its own data:
 *
 * - post pages: the post and its pictures, its neighbours, its related posts, the readers'
 *   responses shown under it and the context of the pages it answers (src/pages/posts/[...id].astro);
 * - tag and home pagination pages: every post they list; standalone pages: the page.
 *
 * Pages without `getStaticPaths` (home, archive, tags, blogroll, follow, feeds) have no key and
 * are rendered on every build: they show the whole archive or the blogroll's latest data anyway.
 */
const shared = createHash('sha256')
  .update(JSON.stringify([engineVersion, config, keptPictures, buildNow, new Date().getUTCFullYear()]))
  .digest('base64url');

export function pageCacheKey(...parts: unknown[]): string {
  return createHash('sha256').update(shared).update(JSON.stringify(parts)).digest('base64url');
}

/** A post as another page shows it: its id and exact content (the digest covers the frontmatter). */
export const postKeyPart = (post: Post | undefined) => (post ? [post.id, post.digest ?? JSON.stringify(post.data)] : null);

/** A post in a list: the post and its state (the preview marks drafts). */
export const summaryKeyPart = ({ post, state }: PostSummary) => [postKeyPart(post), state];

/**
 * The pictures a post page shows, by content: the cover's URL carries a hash of its bytes, but a
 * Markdown image keeps its name when the writer replaces the file, and the post's digest (its
 * text) would not change. MDX imports are module code, which Astro hashes itself.
 */
export function picturesKeyPart(post: Post): unknown {
  const dir = path.dirname(path.resolve(post.filePath ?? '.'));
  const inBody = (post.rendered?.metadata?.imagePaths ?? []).map((src) => (src.startsWith('.') ? [src, fileDigest(path.resolve(dir, src))] : src));
  // The rendered text too: a post rendered again with the same text (another file's new address,
  // a picture from another site now kept: src/integrations/fresh-renders.ts) shows it.
  const rendered = createHash('sha256')
    .update(post.rendered?.html ?? '')
    .digest('base64url');
  return [post.data.image ?? null, inBody, rendered];
}

const digests = new Map<string, string | null>();
function fileDigest(file: string): string | null {
  let digest = digests.get(file);
  if (digest === undefined) {
    try {
      digest = createHash('sha256').update(readFileSync(file)).digest('base64url');
    } catch {
      digest = null;
    }
    digests.set(file, digest);
  }
  return digest;
}
