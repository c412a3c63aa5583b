import path from 'node:path';

/**
 * Where the writer's words live. `content/` by default; tests, benchmarks and fixture sites
 * point `FRONTROW_CONTENT_DIR` elsewhere so the very same engine builds them.
 */
export function resolveContentDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_CONTENT_DIR'] || 'content');
}

/** Files the site serves as they are, from its root (`public/`, beside `content/`): a favicon, pictures. */
export function resolvePublicDir(cwd = process.cwd()): string {
  return path.resolve(cwd, 'public');
}

/**
 * Peers' feeds cached between builds (the deploy workflow keeps `.cache/`), so each build asks
 * feeds only "anything new?". Tests point `FRONTROW_FEED_CACHE` at a private file.
 */
export function resolveFeedCacheFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_FEED_CACHE'] || '.cache/blogroll-feeds.json');
}

/** The map of pictures from other sites the build keeps (tests point `FRONTROW_PICTURES_CACHE` elsewhere); the files sit beside it. */
export function resolvePicturesCacheFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_PICTURES_CACHE'] || '.cache/pictures.json');
}

/**
 * The engine's caches that are not the writer's (`node_modules/.cache`, which the deploy workflow
 * keeps): the frontmatter read and the originality index. Tests and benchmarks point
 * `FRONTROW_CACHE_DIR` at a private folder, so a build there starts cold and leaves nothing behind.
 */
export function resolveCacheDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_CACHE_DIR'] || path.join('node_modules', '.cache'));
}

/** The originality index's folder, in the engine's cache folder (see `resolveCacheDir`). */
export function resolveOriginalityCacheDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.join(resolveCacheDir(env, cwd), 'frontrow-originality');
}

/** `FRONTROW_OFFLINE=1`: never touch the network during a build (benchmarks, offline CI). */
export function isOffline(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['FRONTROW_OFFLINE'] === '1';
}

/** The sample blogroll's snapshot of peers' posts: used until a real fetch succeeds. */
export function feedSeedFile(contentDir: string): string {
  return path.join(contentDir, 'blogroll', '_feeds.seed.json');
}

/** Reply context read from the pages replies answer (title, author), kept between builds. */
export function resolveReplyContextCacheFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_REPLY_CACHE'] || '.cache/reply-contexts.json');
}

/** Whether `file` is `folder` or anything inside it. */
export function isWithin(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
