import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Loader } from 'astro/loaders';

/** The engine's own files: its code (pages, components, styles, Markdown plugins) and Astro config. Astro
 * checks the lockfile itself; public/ is copied, never rendered. */
const ENGINE_PATHS = ['src', 'astro.config.mjs'];

/**
 * A digest of the engine's code, for the incremental build's cache keys (src/data/cache-keys.ts).
 * Astro hashes each page's module graph, but not code that runs outside it (the Markdown
 * plugins that turn a post into HTML during content sync, the build hooks): any change to the
 * engine renders every page again, as a clean build would. Reading ~200 small files takes
 * milliseconds.
 */
export function engineVersion(root: string): string {
  const hash = createHash('sha256');
  for (const entry of ENGINE_PATHS) {
    for (const file of filesUnder(path.join(root, entry))) {
      hash.update(`\0${path.relative(root, file)}\0`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('base64url');
}

function filesUnder(target: string): string[] {
  try {
    return readdirSync(target, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [target];
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Where a collection notes the engine version its stored entries were made by. */
const STORE_ENGINE_KEY = 'frontrow-engine-version';
/** The version whose change this process has told the writer about. */
let announced: string | null = null;

/**
 * A collection's stored entries, dropped before it loads when another version of the engine made
 * them. Astro keeps an entry while its file is unchanged, and clears its store only when the text
 * of src/content.config.ts changes: a post rendered by an older Markdown plugin or counted by an
 * older loader (a writer who pulled a new Frontrow, with the deploy's restored cache) would
 * outlive the update, and the site would differ from a clean build's. `version` is null in the
 * dev preview, which computes none: there the loader is left as it is.
 */
export function withEngineVersion(loader: Loader, version: string | null): Loader {
  if (!version) return loader;
  return {
    ...loader,
    load: async (context) => {
      if (context.meta.get(STORE_ENGINE_KEY) !== version && context.store.keys().length > 0) {
        // One line for the build, not one a collection.
        if (announced !== version) context.logger.info("The engine's code changed since the last build: the content is read and rendered again.");
        announced = version;
        context.store.clear();
      }
      await loader.load(context);
      context.meta.set(STORE_ENGINE_KEY, version);
    },
  };
}
