// Static imports, re-exports and dynamic imports with a literal specifier.
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** `import type …` and `export type …`: erased when the module runs, so they load nothing. */
const TYPE_ONLY = /^[\s;]*(?:import|export)\s+type\s/;

/**
 * Every module specifier a source file names, as written: read as text, for the project rules'
 * tests. `loaded`: only those the module loads when it runs (no type-only import).
 * `dynamic: false`: leaves out `import('…')`, which loads only when that line runs.
 */
export function importSpecifiers(source: string, { loaded = false, dynamic = true } = {}): string[] {
  return [...source.matchAll(IMPORT)]
    .filter((match) => (!loaded || !TYPE_ONLY.test(match[0])) && (dynamic || match[2] === undefined))
    .map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}
