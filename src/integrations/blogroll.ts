import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import path from 'node:path';
import { blogrollUserAgent, loadPeerPosts, readBlogrollDir } from '../lib/blogroll/index.ts';
import type { SiteConfig } from '../lib/config/schema.ts';
import { feedSeedFile, isOffline, resolveFeedCacheFile } from '../lib/config/paths.ts';

export interface BlogrollFeedsOptions {
  config: SiteConfig;
  contentDir: string;
}

/**
 * Fetches peers' feeds once per build, before any page renders, into the feed cache that the
 * blogroll page and the river read. A broken or unreachable feed is a warning line, never a
 * failed deploy; duplicate or invalid entries are the writer's to fix, so they fail the build.
 */
export default function blogrollFeeds({ config, contentDir }: BlogrollFeedsOptions): AstroIntegration {
  const refresh = async (logger: AstroIntegrationLogger) => {
    const { peers, problems } = await readBlogrollDir(path.join(contentDir, 'blogroll'));
    if (problems.length > 0) throw new Error(problems.join('\n'));
    if (peers.length === 0) return;
    const offline = isOffline() || !config.blogroll.fetch;
    let lastShown = 0;
    await loadPeerPosts(peers, {
      cacheFile: resolveFeedCacheFile(),
      seedFile: feedSeedFile(contentDir),
      config: config.blogroll,
      userAgent: blogrollUserAgent(new URL(config.base, config.url).href),
      offline,
      log: (line) => logger.info(line),
      warn: (line) => logger.warn(line),
      onProgress: (done, total) => {
        // A progress line every quarter, not a line per feed.
        if (done === total || done - lastShown >= Math.max(1, Math.ceil(total / 4))) {
          lastShown = done;
          logger.info(`Fetching peers' feeds: ${done}/${total}`);
        }
      },
    });
  };
  return {
    name: 'frontrow:blogroll',
    hooks: {
      'astro:build:start': async ({ logger }) => {
        await refresh(logger);
      },
      'astro:server:start': ({ logger }) => {
        // In the preview, refresh in the background: pages show the cache (or the sample
        // snapshot) at once and pick up new posts on the next reload.
        refresh(logger).catch((error: Error) => logger.warn(error.message));
      },
    },
  };
}
