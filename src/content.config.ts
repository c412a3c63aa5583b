// `defineCollection` from its own module, which `astro:content`'s types re-export: Vite's module
// runner loads this file and everything it imports at each build and dev start, and
// `astro:content` would bring Astro's page runtime: 60 modules more, about 0.4 s of every start.
import { defineCollection } from 'astro/content/config';
import type { Loader } from 'astro/loaders';
import { buildNow, showDrafts } from 'virtual:frontrow/config';
import { isPublished, type Publishable } from './lib/content/publish.ts';
import { z } from 'astro/zod';
import { checkedGlob } from './integrations/checked-glob.ts';
import { withFreshRenders } from './integrations/fresh-renders.ts';
import { withKeptCovers } from './integrations/kept-covers.ts';
import { withProseWords } from './integrations/prose-words.ts';
import { blogrollEntrySchema } from './lib/blogroll/schema.ts';
import { resolveContentDir } from './lib/config/paths.ts';
import { ENTRY_PATTERNS } from './lib/content/entry-files.ts';
import { pageSchema, postSchema } from './lib/content/schema.ts';

const contentDir = resolveContentDir();
// The dev preview leaves a broken post out (and shows why); check and build stop on it.
const devPreview = import.meta.env.DEV;
// The dev preview renders a post's Markdown when its page is viewed (a module Vite reloads on
// save), not every post into the content store: the store is then small, and the dev server
// reloads all of it after each save. A build renders during content sync, which is faster than
// bundling one module per post (docs/performance.md).
const deferRender = devPreview;

/**
 * A production build keeps only published posts in the collection. Pages already show only
 * those, but every entry in the collection has its cover, Markdown images and MDX imports
 * emitted to dist/_astro: a draft's pictures would be published before its words.
 */
function publishedOnly(loader: Loader): Loader {
  return {
    name: 'frontrow-published-posts',
    load: async (context) => {
      await loader.load(context);
      if (showDrafts) return;
      // The same moment the pages publish as of (FRONTROW_NOW in tests).
      const now = buildNow ? new Date(buildNow) : new Date();
      for (const entry of context.store.values()) {
        if (!isPublished(entry.data as unknown as Publishable, now)) context.store.delete(entry.id);
      }
    },
  };
}

// Files and folders whose name starts with "_" are notes to self, never published (ENTRY_PATTERNS).
const posts = defineCollection({
  loader: publishedOnly(
    withProseWords(
      // A post's parsed data passes the check, then fresh renders, then the kept covers.
      withKeptCovers(
        withFreshRenders(checkedGlob({ pattern: ENTRY_PATTERNS.posts, base: `${contentDir}/posts`, deferRender }, 'posts', devPreview)),
        devPreview,
      ),
    ),
  ),
  schema: ({ image }) => postSchema(image),
});

const pages = defineCollection({
  // No page reads its own Markdown source: the store keeps the rendered page only.
  loader: withFreshRenders(checkedGlob({ pattern: ENTRY_PATTERNS.pages, base: `${contentDir}/pages`, deferRender, retainBody: false }, 'pages', devPreview)),
  schema: pageSchema,
});

// One file per peer: frontmatter about them, the body is why you read them.
const blogroll = defineCollection({
  loader: checkedGlob({ pattern: ENTRY_PATTERNS.blogroll, base: `${contentDir}/blogroll` }, 'blogroll', devPreview),
  schema: blogrollEntrySchema,
});

export const collections = { posts, pages, blogroll };
// Keep `z` importable from here for writers' own collections.
export { z };
