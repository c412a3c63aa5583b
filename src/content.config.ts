import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { checkedGlob } from './integrations/checked-glob.ts';
import { blogrollEntrySchema } from './lib/blogroll/schema.ts';
import { resolveContentDir } from './lib/config/paths.ts';
import { pageSchema, postSchema } from './lib/content/schema.ts';

const contentDir = resolveContentDir();
// The dev preview leaves a broken post out (and shows why); check and build stop on it.
const devPreview = import.meta.env.DEV;

// Files whose name starts with "_" are notes to self, never published.
const posts = defineCollection({
  loader: checkedGlob({ pattern: '**/[^_]*.{md,mdx}', base: `${contentDir}/posts` }, 'posts', devPreview),
  schema: ({ image }) => postSchema(image()),
});

const pages = defineCollection({
  loader: checkedGlob({ pattern: '**/[^_]*.{md,mdx}', base: `${contentDir}/pages` }, 'pages', devPreview),
  schema: pageSchema,
});

// One file per peer: frontmatter about them, the body is why you read them.
const blogroll = defineCollection({
  loader: checkedGlob({ pattern: '**/[^_]*.md', base: `${contentDir}/blogroll` }, 'blogroll', devPreview),
  schema: blogrollEntrySchema,
});

export const collections = { posts, pages, blogroll };
// Keep `z` importable from here for writers' own collections.
export { z };
