import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from '../../helpers/imports.ts';

/**
 * Astro loads src/content.config.ts through Vite's module runner at every build and dev start,
 * transforming each module it imports, one after another and with no cache between builds
 * (docs/performance.md, "The content config loads little"). So in a build the collections'
 * modules come through Node's own loader (src/content-collections.ts), and Vite loads the config
 * alone; the dev preview still loads them through Vite, so they stay narrow: no `astro:content`
 * (Astro's page runtime, 60 modules, about 0.4 s of every start) and no feature's face (the
 * blogroll's brought the fetcher and the feed parser, 20 modules).
 */
const root = path.resolve(import.meta.dirname, '../../..');

/** The project's own modules reachable from `entry` through relative imports, and the packages they name. */
function graphOf(entry: string, read: (file: string) => string) {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const specifier of importSpecifiers(read(file), { loaded: true })) {
      if (specifier.startsWith('.')) visit(path.posix.join(path.posix.dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { modules: [...modules].sort(), packages: [...packages].sort() };
}

const readRepo = (file: string) => readFileSync(path.join(root, file), 'utf8');
/** What only Vite gives a module: Node's loader, which loads the collections in a build, has none of it. */
const onlyVite = (graph: { modules: string[]; packages: string[] }, read: (file: string) => string) => [
  ...graph.packages.filter((p) => p.startsWith('virtual:') || p.startsWith('astro:')),
  ...graph.modules.filter((file) => /import\.meta\.(env|glob)/.test(read(file))),
];
const isFace = (file: string) => /^src\/lib\/[^/]+\/index\.ts$/.test(file) && existsSync(path.join(root, file));

describe("the content config's module graph", () => {
  const { modules, packages } = graphOf('src/content.config.ts', readRepo);

  it('does not bring Astro’s page runtime (astro:content)', () => {
    expect(packages.filter((p) => p === 'astro:content')).toEqual([]);
  });

  it('enters no feature through its face', () => {
    expect(modules.filter(isFace), 'import the one module the content config needs (schema.ts, config.ts)').toEqual([]);
  });

  it('in a build, has Vite load no module of the project but the config itself', () => {
    const loadedAtOnce = importSpecifiers(readRepo('src/content.config.ts'), { loaded: true, dynamic: false });
    expect(loadedAtOnce.filter((specifier) => specifier.startsWith('.'))).toEqual([]);
  });

  it('loads its collections through modules Node can load alone', () => {
    const collections = graphOf('src/content-collections.ts', readRepo);
    expect(collections.modules.length).toBeGreaterThan(10);
    expect(onlyVite(collections, readRepo)).toEqual([]);
  });

  it('would catch either', () => {
    const sources: Record<string, string> = {
      'src/content.config.ts':
        "import { defineCollection } from 'astro:content';\nimport { s } from './lib/a.ts';\nimport type { P } from './lib/pictures/index.ts';",
      'src/lib/a.ts': "export { t } from './blogroll/index.ts';",
      'src/lib/blogroll/index.ts': "import { parseFeed } from 'feedsmith';",
    };
    const graph = graphOf('src/content.config.ts', (file) => sources[file] ?? '');
    expect(graph.packages).toEqual(['astro:content', 'feedsmith']);
    expect(graph.modules).toContain('src/lib/blogroll/index.ts');
    // A type-only import loads nothing when the config runs.
    expect(graph.modules).not.toContain('src/lib/pictures/index.ts');
  });

  it('would catch a module Node cannot load alone, or one the config loads through Vite', () => {
    const sources: Record<string, string> = {
      'src/content-collections.ts': "import { a } from './lib/a.ts';\nimport { config } from 'virtual:frontrow/config';",
      'src/lib/a.ts': 'export const a = import.meta.env.DEV;',
      'src/content.config.ts': "import { b } from './lib/b.ts';\nconst later = () => import('./content-collections.ts');",
    };
    const read = (file: string) => sources[file] ?? '';
    expect(onlyVite(graphOf('src/content-collections.ts', read), read)).toEqual(['virtual:frontrow/config', 'src/lib/a.ts']);
    expect(importSpecifiers(read('src/content.config.ts'), { loaded: true, dynamic: false })).toEqual(['./lib/b.ts']);
  });
});
