// Astro loads this file through Vite's module runner at every build and dev start, which
// transforms each module it imports one after another, with no cache between builds: the
// collections' 38 modules took 0.8-1.2 s of every build's start (docs/performance.md, "The
// content config loads little"). So a build has Node load them (src/content-collections.ts):
// `npm run build` checked the content with most of them in this same process, and Node keeps
// them. The dev preview keeps Vite's loading: when this file is saved, Astro loads the
// collections again, and Vite, unlike Node, then reads their edited modules (a schema's new field).
import { buildNow, engineVersion, showDrafts } from 'virtual:frontrow/config';
import type * as Collections from './content-collections.ts';

// Vite rewrites every `import()` in this file into its own; this one stays Node's.
const nodeImport = new Function('url', 'return import(url)') as (url: string) => Promise<typeof Collections>;

const devPreview = import.meta.env.DEV;
const { contentCollections } = devPreview
  ? await import('./content-collections.ts')
  : await nodeImport(new URL('./content-collections.ts', import.meta.url).href);

export const collections = contentCollections({ devPreview, showDrafts, buildNow, engineVersion });
// Keep `z` importable from here for writers' own collections.
export { z } from 'astro/zod';
