import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from '../../helpers/imports.ts';

/**
 * Astro loads src/content.config.ts through Vite's module runner at every build and dev start,
 * transforming each module it imports, one after another and with no cache between builds
 * (docs/performance.md, "The content config loads little"). So its imports stay narrow: no
 * `astro:content` (Astro's page runtime, 60 modules, about 0.4 s of every start) and no
 * feature's face (the blogroll's brought the fetcher and the feed parser, 20 modules).
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
const isFace = (file: string) => /^src\/lib\/[^/]+\/index\.ts$/.test(file) && existsSync(path.join(root, file));

describe("the content config's module graph", () => {
  const { modules, packages } = graphOf('src/content.config.ts', readRepo);

  it('does not bring Astro’s page runtime (astro:content)', () => {
    expect(packages.filter((p) => p === 'astro:content')).toEqual([]);
  });

  it('enters no feature through its face', () => {
    expect(modules.filter(isFace), 'import the one module the content config needs (schema.ts, config.ts)').toEqual([]);
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
});
