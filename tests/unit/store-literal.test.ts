import { describe, expect, it } from 'vitest';
import { splitStoreLiteral } from '../../src/integrations/store-literal.ts';

/** What Astro's build makes of a content store: `export default JSON.parse("…")`. */
const astroModule = (store: unknown) => `export default JSON.parse(${JSON.stringify(JSON.stringify(store))})`;

/** The module's default export, evaluated as Node would. */
async function exportedBy(code: string): Promise<unknown> {
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)).default;
}

describe("the content store's module in a build", () => {
  // About 2.5 MB of text, with quotes, backslashes, line breaks and characters outside Latin-1.
  const html = '<p class="x">Café \\ "quoted"\n naïve — 日本語</p>';
  const posts = Array.from({ length: 30_000 }, (_, i) => ({ id: `post-${i}`, html }));
  const store = { posts, marker: '😀' };

  it('is the same value, from literals of at most 1 MB', async () => {
    const original = astroModule(store);
    const text = JSON.stringify(store);
    const split = splitStoreLiteral(original)!;
    expect(split).not.toBeNull();
    expect(await exportedBy(split.code)).toEqual(store);
    const literals = split.code.match(/^".*",?$/gm) ?? [];
    expect(literals.length).toBe(Math.ceil(text.length / (1 << 20)));
    for (const literal of literals) expect((JSON.parse(literal.replace(/,$/, '')) as string).length).toBeLessThanOrEqual(1 << 20);
  });

  it('keeps a surrogate pair cut between two pieces', async () => {
    const text = `${'a'.repeat((1 << 20) - 1)}😀${'b'.repeat(10)}`;
    const split = splitStoreLiteral(`export default JSON.parse(${JSON.stringify(JSON.stringify(text))})`)!;
    expect(await exportedBy(split.code)).toBe(text);
  });

  it('leaves any other module, and a small store, as it is', () => {
    expect(splitStoreLiteral('export default new Map()')).toBeNull();
    expect(splitStoreLiteral(astroModule({ posts: [] }))).toBeNull();
    expect(splitStoreLiteral(`export default JSON.parse(${JSON.stringify('x'.repeat(2 << 20))} + "")`)).toBeNull();
    expect(splitStoreLiteral(`export default JSON.parse(1${'0'.repeat(2 << 20)})`)).toBeNull();
  });
});

describe('the engine integration', () => {
  it('registers the splitter, which Vite applies to builds only', async () => {
    const { default: frontrow } = await import('../../src/integrations/frontrow.ts');
    const { loadSiteConfig } = await import('../../src/lib/config/load.ts');
    const config = await loadSiteConfig(new URL('../fixtures/site/content/', import.meta.url).pathname);
    const pluginsFor = (command: 'build' | 'dev') => {
      const plugins: { name: string; apply?: unknown }[] = [];
      const hook = frontrow({ config, contentDir: '/nowhere' }).hooks['astro:config:setup'] as (options: unknown) => void;
      hook({
        command,
        config: { cacheDir: new URL('file:///tmp/cache/'), root: new URL('file:///tmp/root/') },
        updateConfig: (update: { vite: { plugins: { name: string }[] } }) => plugins.push(...update.vite.plugins),
      });
      return plugins;
    };
    const splitter = pluginsFor('build').find((p) => p.name === 'frontrow:store-in-pieces');
    expect(splitter?.apply).toBe('build');
    expect(pluginsFor('dev').find((p) => p.name === 'frontrow:store-in-pieces')?.apply).toBe('build');
  });
});
