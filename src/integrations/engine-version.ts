import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

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
