import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteConfig } from '../lib/config/schema.ts';
import { isOffline } from '../lib/config/paths.ts';
import { openFrontmatterCache } from '../lib/content/frontmatter-cache.ts';
import { collectResponses, readPostRefs, siteCollectOptions } from '../lib/responses/index.ts';

export interface ResponsesOptions {
  config: SiteConfig;
  contentDir: string;
}

/**
 * Hears readers' responses once per build, before any page renders, into the responses cache
 * that post pages and the blogroll page read. A failing source is a warning line, never a
 * failed deploy. Under `npm run dev` it also adds the private front-row page, which a
 * production build never has.
 */
export default function responses({ config, contentDir }: ResponsesOptions): AstroIntegration {
  const refresh = async (logger: AstroIntegrationLogger) => {
    const siteUrl = new URL(config.base, config.url).href;
    // Every post's frontmatter, from the cache the content check filled (no post is parsed twice).
    const posts = await readPostRefs(path.join(contentDir, 'posts'), config, undefined, (await openFrontmatterCache()).read);
    const listening = !!config.webmentions.endpoint || posts.some((p) => p.syndication.length > 0);
    if (!listening) return;
    await collectResponses({
      ...siteCollectOptions(config, siteUrl, posts),
      offline: isOffline(),
      log: (line) => logger.info(line),
      warn: (line) => logger.warn(line),
    });
  };
  return {
    name: 'frontrow:responses',
    hooks: {
      'astro:config:setup': ({ command, injectRoute }) => {
        if (command === 'dev') {
          injectRoute({ pattern: '/front-row', entrypoint: fileURLToPath(new URL('../dev-pages/front-row.astro', import.meta.url)), prerender: false });
        }
      },
      'astro:build:start': async ({ logger }) => {
        await refresh(logger);
      },
      'astro:server:start': ({ logger }) => {
        refresh(logger).catch((error: Error) => logger.warn(error.message));
      },
    },
  };
}
