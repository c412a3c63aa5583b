import path from 'node:path';

/**
 * Where the writer's words live. `content/` by default; tests, benchmarks and fixture sites
 * point `FRONTROW_CONTENT_DIR` elsewhere so the very same engine builds them.
 */
export function resolveContentDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_CONTENT_DIR'] || 'content');
}

/**
 * Peers' feeds cached between builds (the deploy workflow keeps `.cache/`), so each build asks
 * feeds only "anything new?". Tests point `FRONTROW_FEED_CACHE` at a private file.
 */
export function resolveFeedCacheFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env['FRONTROW_FEED_CACHE'] || '.cache/blogroll-feeds.json');
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
