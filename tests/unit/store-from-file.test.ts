import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { storeFromFile } from '../../src/integrations/store-from-file.ts';
import { workDir } from '../helpers/astro.ts';

/** What Astro's build makes of its store file: `export default JSON.parse("…")`. */
const astroModule = (json: string) => `export default JSON.parse(${JSON.stringify(json)})`;

/** The module's default export, evaluated as Node would. */
async function exportedBy(code: string): Promise<unknown> {
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)).default;
}

type Load = { order: string; handler: (id: string) => { code: string } | null };
const loadOf = (cacheDir: string, singleFile = true) => storeFromFile(cacheDir, singleFile).load as Load;
const handlerOf = (cacheDir: string, singleFile = true) => loadOf(cacheDir, singleFile).handler;
const STORE_MODULE = '\0astro:data-layer-content';

describe("the content store's module in a build", () => {
  let cacheDir = '';
  // Quotes, backslashes, line breaks, characters outside Latin-1 and a surrogate pair.
  const store = { posts: [{ id: 'a', html: '<p class="x">Café \\ "quoted"\n naïve — 日本語 😀</p>' }] };
  const json = JSON.stringify(store);
  beforeAll(async () => {
    cacheDir = await workDir('store');
    await writeFile(path.join(cacheDir, 'data-store.json'), json);
  });
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('reads the store from a copy of its file, to the same value as the literal', async () => {
    // Astro's own plugin answers this module too: only a hook ordered before it is asked first.
    expect(loadOf(cacheDir).order).toBe('pre');
    const module = handlerOf(cacheDir)(STORE_MODULE);
    expect(module).not.toBeNull();
    expect(module!.code.length).toBeLessThan(400);
    expect(await exportedBy(module!.code)).toEqual(await exportedBy(astroModule(json)));
    expect(await readFile(path.join(cacheDir, 'frontrow-pages-store.json'), 'utf8')).toBe(json);
  });

  it('keeps what Astro read, whatever is written to the store file afterwards', async () => {
    const module = handlerOf(cacheDir)(STORE_MODULE)!;
    await writeFile(path.join(cacheDir, 'data-store.json'), JSON.stringify({ posts: [] }));
    expect(await exportedBy(module.code)).toEqual(store);
    await writeFile(path.join(cacheDir, 'data-store.json'), json);
  });

  it('leaves any other module, the empty store and the chunked store to Astro', async () => {
    expect(handlerOf(cacheDir)('/src/pages/index.astro')).toBeNull();
    // No store file yet (no collection has entries): Astro's empty store.
    const empty = await workDir('store');
    onTestFinished(() => rm(empty, { recursive: true, force: true }));
    expect(handlerOf(empty)(STORE_MODULE)).toBeNull();
    // experimental.collectionStorage: a manifest of chunk files, which Astro bundles as modules.
    expect(handlerOf(cacheDir, false)(STORE_MODULE)).toBeNull();
  });
});

describe('the engine integration', () => {
  /** The store plugin the engine registers for a build with this `experimental` setting. */
  async function registered(cacheDir: string, experimental: Record<string, unknown>) {
    const { default: frontrow } = await import('../../src/integrations/frontrow.ts');
    const { loadSiteConfig } = await import('../../src/lib/config/load.ts');
    const config = await loadSiteConfig(new URL('../fixtures/site/content/', import.meta.url).pathname);
    const plugins: { name: string; apply?: unknown; load?: unknown }[] = [];
    const hook = frontrow({ config, contentDir: '/nowhere' }).hooks['astro:config:setup'] as (options: unknown) => void;
    hook({
      command: 'build',
      config: { cacheDir: pathToFileURL(`${cacheDir}/`), root: new URL('file:///tmp/root/'), experimental },
      updateConfig: (update: { vite: { plugins: { name: string }[] } }) => plugins.push(...update.vite.plugins),
    });
    const plugin = plugins.find((p) => p.name === 'frontrow:store-from-file');
    if (!plugin) throw new Error('the store plugin is not registered');
    return plugin;
  }

  it('registers it for builds only, with the build cache folder, unless Astro chunks its store', async () => {
    const cacheDir = await workDir('store');
    onTestFinished(() => rm(cacheDir, { recursive: true, force: true }));
    await writeFile(path.join(cacheDir, 'data-store.json'), '{}');
    const plugin = await registered(cacheDir, {});
    expect(plugin.apply).toBe('build');
    expect((plugin.load as Load).handler(STORE_MODULE)?.code).toContain(path.join(cacheDir, 'frontrow-pages-store.json'));
    const chunked = await registered(cacheDir, { collectionStorage: 'chunked' });
    expect((chunked.load as Load).handler(STORE_MODULE)).toBeNull();
  });
});
