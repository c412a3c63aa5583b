import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type DevEnvironment, isRunnableDevEnvironment, type Plugin } from 'vite';

/** Astro's content store as a module (its id in Vite's graph). */
export const DATA_STORE_MODULE = '\0astro:data-layer-content';

/**
 * Dev preview only. Posts are rendered when their page is viewed (`deferRender`), from a list
 * of one render module per post that Astro writes to `.astro/content-modules.mjs`. Astro
 * reloads the content store as soon as it is written, but that list only when Vite's file
 * watcher reports it changed: a new post's page could then be rendered with the old list
 * ("Unexpected error while rendering"), and for good where the watcher ignores `.astro/`.
 * So the list is read again whenever the store is, if the file changed (a new or renamed post).
 */
export function freshContentModules(dotAstroDir: string): Plugin {
  const listFile = path.join(dotAstroDir, 'content-modules.mjs');
  const seen = new Map<string, string>();
  return {
    name: 'frontrow:fresh-content-modules',
    apply: 'serve',
    transform: {
      filter: { id: /^\0astro:data-layer-content$|[\\/]content-modules\.mjs$/ },
      async handler(code, id) {
        if (id !== DATA_STORE_MODULE) return id === listFile ? lazyImports(code) : null;
        const text = await readFile(listFile, 'utf8').catch(() => '');
        const before = seen.get(this.environment.name);
        seen.set(this.environment.name, text);
        if (before !== undefined && before !== text) forget(this.environment as DevEnvironment, listFile);
        return null;
      },
    },
  };
}

/**
 * The list's `import("…")` of every post, left for the server to resolve when a post is viewed:
 * Vite resolved all of them (twice through every plugin) when it first loaded the list, 3-4 s
 * at 5,000 posts before the first page, and again after each new post.
 */
function lazyImports(code: string): string {
  // "/@id/" marks a module id for Vite's runner (a bare name would be looked up as a package).
  return code.replaceAll('() => import("', '() => import(/* @vite-ignore */ "/@id/" + "');
}

/** Drops a file's module from the environment's graph and its runner, as Astro does for its own lists. */
function forget(environment: DevEnvironment, file: string): void {
  for (const mod of environment.moduleGraph.getModulesByFile(file) ?? []) environment.moduleGraph.invalidateModule(mod);
  if (isRunnableDevEnvironment(environment)) {
    for (const mod of environment.runner.evaluatedModules.getModulesByFile(file) ?? []) environment.runner.evaluatedModules.invalidateModule(mod);
  }
}
