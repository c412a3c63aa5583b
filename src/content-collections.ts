// The collections that src/content.config.ts declares, apart from it so that a build loads them
// with Node's own loader (see there). So no module here may need Vite: no `virtual:` or `astro:`
// module, no Vite environment; what those would give comes in as arguments
// (tests/unit/project/content-config-graph.test.ts).
import { defineCollection } from 'astro/content/config';
import type { Loader } from 'astro/loaders';
import { isPublished, type Publishable } from './lib/content/publish.ts';
import { checkedGlob } from './integrations/checked-glob.ts';
import { withEngineVersion } from './integrations/engine-version.ts';
import { withFreshRenders } from './integrations/fresh-renders.ts';
import { withKeptCovers } from './integrations/kept-covers.ts';
import { withProseWords } from './integrations/prose-words.ts';
import { blogrollEntrySchema } from './lib/blogroll/schema.ts';
import { resolveContentDir } from './lib/config/paths.ts';
import { ENTRY_PATTERNS } from './lib/content/entry-files.ts';
import { pageSchema, postSchema } from './lib/content/schema.ts';

export interface CollectionSettings {
  /** `astro dev`: a broken post is left out (and shown why), not a stop. */
  devPreview: boolean;
  /** Drafts are kept: the dev preview shows them. */
  showDrafts: boolean;
  /** The moment the pages publish as of (FRONTROW_NOW in tests); now without it. */
  buildNow: string | null;
  /** The engine's code version (a build's; null in the dev preview): stored entries of another are made again. */
  engineVersion: string | null;
}

/**
 * A production build keeps only published posts in the collection. Pages already show only
 * those, but every entry in the collection has its cover, Markdown images and MDX imports
 * emitted to dist/_astro: a draft's pictures would be published before its words.
 */
function publishedOnly(loader: Loader, { showDrafts, buildNow }: CollectionSettings): Loader {
  return {
    name: 'frontrow-published-posts',
    load: async (context) => {
      await loader.load(context);
      if (showDrafts) return;
      const now = buildNow ? new Date(buildNow) : new Date();
      for (const entry of context.store.values()) {
        if (!isPublished(entry.data as unknown as Publishable, now)) context.store.delete(entry.id);
      }
    },
  };
}

/** Posts, pages and the blogroll, read from the content folder. */
export function contentCollections(settings: CollectionSettings) {
  const contentDir = resolveContentDir();
  const { devPreview, engineVersion } = settings;
  // The dev preview renders a post's Markdown when its page is viewed (a module Vite reloads on
  // save), not every post into the content store: the store is then small, and the dev server
  // reloads all of it after each save. A build renders during content sync, which is faster than
  // bundling one module per post (docs/performance.md).
  const deferRender = devPreview;

  // Files and folders whose name starts with "_" are notes to self, never published (ENTRY_PATTERNS).
  const posts = defineCollection({
    loader: withEngineVersion(
      publishedOnly(
        withProseWords(
          // A post's parsed data passes the check, then fresh renders, then the kept covers.
          withKeptCovers(
            withFreshRenders(checkedGlob({ pattern: ENTRY_PATTERNS.posts, base: `${contentDir}/posts`, deferRender }, 'posts', devPreview)),
            devPreview,
          ),
        ),
        settings,
      ),
      engineVersion,
    ),
    schema: ({ image }) => postSchema(image),
  });

  const pages = defineCollection({
    // No page reads its own Markdown source: the store keeps the rendered page only.
    loader: withEngineVersion(
      withFreshRenders(checkedGlob({ pattern: ENTRY_PATTERNS.pages, base: `${contentDir}/pages`, deferRender, retainBody: false }, 'pages', devPreview)),
      engineVersion,
    ),
    schema: pageSchema,
  });

  // One file per peer: frontmatter about them, the body is why you read them.
  const blogroll = defineCollection({
    loader: withEngineVersion(checkedGlob({ pattern: ENTRY_PATTERNS.blogroll, base: `${contentDir}/blogroll` }, 'blogroll', devPreview), engineVersion),
    schema: blogrollEntrySchema,
  });

  return { posts, pages, blogroll };
}
