import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWholeStoreLiteral, storeFromFile } from '../../src/integrations/store-from-file.ts';

/** What Astro's build makes of its store file: `export default JSON.parse("…")`. */
const astroModule = (json: string) => `export default JSON.parse(${JSON.stringify(json)})`;

/** The module's default export, evaluated as Node would. */
async function exportedBy(code: string): Promise<unknown> {
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)).default;
}

type Handler = (code: string, id: string) => { code: string } | null;
const handlerOf = (cacheDir: string) => (storeFromFile(cacheDir).transform as { handler: Handler }).handler;

describe("the content store's module in a build", () => {
  let cacheDir = '';
  // Quotes, backslashes, line breaks, characters outside Latin-1 and a surrogate pair.
  const store = { posts: [{ id: 'a', html: '<p class="x">Café \\ "quoted"\n naïve — 日本語 😀</p>' }] };
  const json = JSON.stringify(store);
  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'frontrow-store-'));
    await writeFile(path.join(cacheDir, 'data-store.json'), json);
  });
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('reads the store from a copy of its file, to the same value as the literal', async () => {
    const module = handlerOf(cacheDir)(astroModule(json), '\0astro:data-layer-content');
    expect(module).not.toBeNull();
    expect(module!.code.length).toBeLessThan(400);
    expect(await exportedBy(module!.code)).toEqual(await exportedBy(astroModule(json)));
    expect(await readFile(path.join(cacheDir, 'frontrow-pages-store.json'), 'utf8')).toBe(json);
  });

  it('keeps what Astro read, whatever is written to the store file afterwards', async () => {
    const module = handlerOf(cacheDir)(astroModule(json), '\0astro:data-layer-content')!;
    await writeFile(path.join(cacheDir, 'data-store.json'), JSON.stringify({ posts: [] }));
    expect(await exportedBy(module.code)).toEqual(store);
    await writeFile(path.join(cacheDir, 'data-store.json'), json);
  });

  it('leaves any other module, the empty store and the chunked store as they are', () => {
    const handler = handlerOf(cacheDir);
    expect(handler(astroModule(json), '/src/pages/index.astro')).toBeNull();
    expect(handler('export default new Map()', '\0astro:data-layer-content')).toBeNull();
    expect(isWholeStoreLiteral('export default{"posts":[(await import("astro:data-layer-content-chunk:a.json"))]}')).toBe(false);
    expect(isWholeStoreLiteral(`${astroModule(json)}\n`)).toBe(true);
  });
});

describe('the engine integration', () => {
  it('registers it, which Vite applies to builds only, with the build cache folder', async () => {
    const { default: frontrow } = await import('../../src/integrations/frontrow.ts');
    const { loadSiteConfig } = await import('../../src/lib/config/load.ts');
    const config = await loadSiteConfig(new URL('../fixtures/site/content/', import.meta.url).pathname);
    const plugins: { name: string; apply?: unknown }[] = [];
    const hook = frontrow({ config, contentDir: '/nowhere' }).hooks['astro:config:setup'] as (options: unknown) => void;
    hook({
      command: 'build',
      config: { cacheDir: new URL('file:///tmp/cache/'), root: new URL('file:///tmp/root/') },
      updateConfig: (update: { vite: { plugins: { name: string }[] } }) => plugins.push(...update.vite.plugins),
    });
    expect(plugins.find((p) => p.name === 'frontrow:store-from-file')?.apply).toBe('build');
  });
});
