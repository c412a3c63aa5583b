import { type Frontmatter, parseFrontmatter } from '../content/frontmatter.ts';
import { openFrontmatterCache } from '../content/frontmatter-cache.ts';
import type { FrontmatterReader } from './document.ts';

/**
 * The index's frontmatter reading through the site's frontmatter cache, which the content check
 * and Astro's content loader fill with every post's: building the index of 5,000 posts parsed
 * their YAML again, 0.8-0.9 s of a dev server's first post page (docs/performance-log.md).
 * The cache keeps `readRawFrontmatter`'s results, which never throw: a file without a block, with
 * an unclosed one or with unreadable YAML is parsed here, for `parseFrontmatter`'s error and line.
 */
export async function cachedFrontmatterReader(): Promise<FrontmatterReader> {
  const cache = await openFrontmatterCache();
  return (source: string): Frontmatter => {
    const read = cache.read(source);
    if (read.error !== undefined || read.body.length === source.length) return parseFrontmatter(source);
    return { data: read.data, bodyStart: source.length - read.body.length };
  };
}
