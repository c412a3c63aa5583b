import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from '../../helpers/imports.ts';

/**
 * Each folder in src/lib/ is a feature whose public face is its `index.ts` (docs/architecture.md).
 * Code outside a feature imports that face, never the feature's inner modules, so a feature can
 * move its insides without breaking its callers. In the manner of Starlight's
 * `__tests__/basics/no-internal-barrel-imports`: read every module's import lines and list the
 * ones that reach past a face. Tests are not scanned: unit tests specify the inner modules.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const lib = path.join(root, 'src/lib');

/**
 * A feature's other faces, read without loading the feature itself: `config.ts`, its settings'
 * Zod schema, for the one config schema (src/lib/config/schema.ts) and astro.config.mjs; and
 * `schema.ts`, its content collection's schema, for src/content.config.ts, which Vite's module
 * runner loads (transforming each module) at every build and dev start.
 */
const FACES = new Set(['index.ts', 'config.ts', 'schema.ts']);

/** Folders of small shared modules, each module its own face. A new folder needs an index.ts or a line here. */
const SHARED_FOLDERS: Record<string, string> = {
  bench: 'synthetic posts for the benchmarks, one module',
  config: 'the one site config schema, its loader, paths and error text: read by every layer, module by module',
  content: 'post rules (schema, slug, dates of publishing, reading time), each module used on its own by pages and scripts',
  feed: 'XML escaping and absolute links, shared by every feed',
  markdown: 'the one Markdown-to-prose module and its link rewriting',
};

/**
 * Known imports past a face, each with why it stays for now. An entry that no longer matches an
 * import fails the test, so this list only shrinks.
 */
const ALLOWED: Record<string, string> = {
  'src/lib/responses/posts.ts -> src/lib/originality/posts.ts': 'post ids come with the same move (issue 12, point 2)',
  'src/lib/originality/peers.ts -> src/lib/blogroll/peer-texts.ts':
    "the warm originality CLI must not load Zod and the feed parser, which the blogroll's index does",
};

const SCANNED = ['src', 'scripts', 'astro.config.mjs'];
const CODE = /\.(ts|mts|mjs|js|astro)$/;

function codeFiles(entry: string): string[] {
  const full = path.join(root, entry);
  if (!statSync(full).isDirectory()) return CODE.test(entry) ? [entry] : [];
  return readdirSync(full).flatMap((name) => codeFiles(path.join(entry, name)));
}

/** The src/lib feature a repository-relative path lies in, if any. */
function featureOf(file: string): string | undefined {
  const [top, second, feature, ...rest] = file.split('/');
  return top === 'src' && second === 'lib' && rest.length > 0 ? feature : undefined;
}

/** Repository-relative target of an import specifier, or undefined for packages. */
function target(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('@/')) return path.posix.join('src', specifier.slice(2));
  if (specifier.startsWith('.')) return path.posix.join(path.posix.dirname(from), specifier);
  return undefined;
}

/** Every `importer -> imported` pair that reaches into another feature past its faces. */
function importsPastFaces(files: readonly string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of importSpecifiers(read(file))) {
      const to = target(file, specifier);
      const feature = to && featureOf(to);
      if (!to || !feature || feature === featureOf(file) || feature in SHARED_FOLDERS) continue;
      if (to.split('/').length === 4 && FACES.has(path.posix.basename(to))) continue;
      found.push(`${file} -> ${to}`);
    }
  }
  return found;
}

describe('feature folders in src/lib are entered through their index.ts', () => {
  const files = SCANNED.flatMap(codeFiles).map((f) => f.split(path.sep).join('/'));
  const found = importsPastFaces(files, (file) => readFileSync(path.join(root, file), 'utf8'));

  it('finds no import past a feature face other than the known ones', () => {
    const unexpected = found.filter((pair) => !(pair in ALLOWED));
    expect(unexpected, `Import these from the feature's index.ts (export what is needed there):\n- ${unexpected.join('\n- ')}\n`).toEqual([]);
  });

  it('keeps no stale allowance', () => {
    expect(Object.keys(ALLOWED).filter((pair) => !found.includes(pair))).toEqual([]);
  });

  it('knows every folder: a feature with an index.ts, or a listed folder of shared modules', () => {
    const folders = readdirSync(lib).filter((name) => statSync(path.join(lib, name)).isDirectory());
    const unknown = folders.filter((name) => !existsSync(path.join(lib, name, 'index.ts')) && !(name in SHARED_FOLDERS));
    expect(unknown).toEqual([]);
  });

  it('would catch an import past a face, a dynamic one and an @/ alias', () => {
    const sources: Record<string, string> = {
      'src/data/a.ts': "import { x } from '../lib/blogroll/fetch.ts';\nimport { y } from '../lib/blogroll/index.ts';",
      'src/pages/b.astro': "---\nconst m = await import('@/lib/responses/store.ts');\n---",
      'src/lib/outreach/c.ts': "export { z } from '../net/http.ts';\nimport { w } from './record.ts';",
    };
    expect(importsPastFaces(Object.keys(sources), (f) => sources[f]!)).toEqual([
      'src/data/a.ts -> src/lib/blogroll/fetch.ts',
      'src/pages/b.astro -> src/lib/responses/store.ts',
      'src/lib/outreach/c.ts -> src/lib/net/http.ts',
    ]);
  });
});
