import path from 'node:path';

/**
 * Where the writer's words live. `content/` by default; tests, benchmarks and fixture sites
 * point `FRONTROW_CONTENT_DIR` elsewhere so the very same engine builds them.
 */
export function resolveContentDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_CONTENT_DIR'] || 'content');
}
