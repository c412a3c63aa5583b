import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { describe, expect, it } from 'vitest';
import { engineVersion, withEngineVersion } from '../../src/integrations/engine-version.ts';
import { workDirSync } from '../helpers/astro.ts';

// The engine's code version is part of every page's cache key (src/data/cache-keys.ts): any
// change to src/ or astro.config.mjs must change it, and nothing else may.
function engine() {
  const root = workDirSync('engine-version');
  mkdirSync(path.join(root, 'src/lib/markdown'), { recursive: true });
  writeFileSync(path.join(root, 'src/lib/markdown/plugin.ts'), 'export const plugin = 1;\n');
  writeFileSync(path.join(root, 'astro.config.mjs'), 'export default {};\n');
  return root;
}

describe('engineVersion', () => {
  it('is the same for the same code', () => {
    const root = engine();
    expect(engineVersion(root)).toBe(engineVersion(root));
  });

  it('changes when a file under src/ changes or appears', () => {
    const root = engine();
    const before = engineVersion(root);
    writeFileSync(path.join(root, 'src/lib/markdown/plugin.ts'), 'export const plugin = 2;\n');
    const edited = engineVersion(root);
    expect(edited).not.toBe(before);
    writeFileSync(path.join(root, 'src/extra.ts'), '');
    expect(engineVersion(root)).not.toBe(edited);
  });

  it("changes with the Astro config, not with the writer's public files", () => {
    const root = engine();
    const before = engineVersion(root);
    mkdirSync(path.join(root, 'public'));
    writeFileSync(path.join(root, 'public/photo.jpg'), 'bytes');
    expect(engineVersion(root)).toBe(before);
    writeFileSync(path.join(root, 'astro.config.mjs'), 'export default { site: "https://example.org" };\n');
    expect(engineVersion(root)).not.toBe(before);
  });
});

/** Astro's own content store (not in its package's exports: taken by its file). */
interface Store {
  scopedStore(collection: string): LoaderContext['store'];
  metaStore(collection: string): LoaderContext['meta'];
}
const astroDir = path.dirname(createRequire(import.meta.url).resolve('astro/package.json'));
const { MutableDataStore } = (await import(pathToFileURL(path.join(astroDir, 'dist/content/mutable-data-store.js')).href)) as {
  MutableDataStore: new () => Store;
};

describe('withEngineVersion', () => {
  /** A glob-like loader: it sees what the store kept, and stores the one post it reads. */
  const loaderOf = (seen: string[][]): Loader => ({
    name: 'posts',
    load: async ({ store }) => {
      seen.push([...store.keys()]);
      store.set({ id: 'new-post', data: {} });
    },
  });
  const said: string[] = [];
  const load = (loader: Loader, store: Store) =>
    loader.load({
      collection: 'posts',
      store: store.scopedStore('posts'),
      meta: store.metaStore('posts'),
      logger: { info: (line: string) => said.push(line) },
    } as unknown as LoaderContext);

  it("keeps the entries this engine made, and drops another engine's before the loader reads", async () => {
    const store = new MutableDataStore();
    store.scopedStore('posts').set({ id: 'kept-post', data: {} });
    const seen: string[][] = [];
    // The first build with this code: the store's entries came from an engine that noted no version.
    await load(withEngineVersion(loaderOf(seen), 'v1'), store);
    await load(withEngineVersion(loaderOf(seen), 'v1'), store);
    await load(withEngineVersion(loaderOf(seen), 'v2'), store);
    expect(seen).toEqual([[], ['new-post'], []]);
    expect([...store.scopedStore('posts').keys()]).toEqual(['new-post']);
    // Said once a version, not at a build that finds the entries its own engine made.
    const line = "The engine's code changed since the last build: the content is read and rendered again.";
    expect(said).toEqual([line, line]);
  });

  it('leaves the dev preview’s loader as it is (no version there)', () => {
    const loader = loaderOf([]);
    expect(withEngineVersion(loader, null)).toBe(loader);
  });
});
