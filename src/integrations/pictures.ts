import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { readBlogrollDir } from '../lib/blogroll/index.ts';
import type { SiteConfig } from '../lib/config/schema.ts';
import { isOffline, resolvePicturesCacheFile } from '../lib/config/paths.ts';
import { handOff, PICTURES } from '../lib/handoff.ts';
import { openPictureCache, type PictureCache } from '../lib/pictures/index.ts';
import { isRemoteUrl } from '../lib/urls.ts';

/**
 * Pictures the site shows from other sites, kept by the build and served by the site. A build
 * opens the cache before anything renders: it fetches the avatars the pages show (the author's,
 * each peer's on the blogroll), then the Markdown plugin asks it for each post's pictures
 * (`cache()`, undefined in the dev preview and `astro check`, which show them as written). The
 * route src/pages/pictures/[file].ts serves the files; the cache is saved when the build is done.
 * A picture that cannot be fetched is one warning line, never a failed deploy: a post links to
 * it instead, an avatar is left out (the author's initials stand in).
 */
export function picturesFromOtherSites(config: SiteConfig, contentDir: string) {
  let cache: PictureCache | undefined;
  const kept: Record<string, string> = {};
  const integration: AstroIntegration = {
    name: 'frontrow:pictures',
    hooks: {
      // Listed before the engine's integration, whose pages' settings take the avatars kept here.
      'astro:config:setup': async ({ command, logger }) => {
        // The dev preview fetches nothing: a cover from another site shows the copy the last build
        // kept, if any (kept-covers.ts); the pictures in a post's text show as written.
        if (command === 'dev') {
          handOff(PICTURES, Promise.resolve(openPictureCache({ cacheFile: resolvePicturesCacheFile(), userAgent: '', offline: true, warn: () => {} })));
        }
        if (command !== 'build') return;
        cache = openPictureCache({
          cacheFile: resolvePicturesCacheFile(),
          userAgent: `Frontrow-pictures/1 (+${new URL(config.base, config.url).href})`,
          offline: isOffline(),
          privateHosts: config.blogroll.privateHosts,
          warn: (line) => logger.warn(line),
        });
        handOff(PICTURES, Promise.resolve(cache));
        const { peers } = await readBlogrollDir(path.join(contentDir, 'blogroll'));
        const avatars = [
          { url: config.author.avatar, usedIn: 'site.config.ts (author.avatar)' },
          ...peers.map((peer) => ({ url: peer.data.avatar, usedIn: peer.file ?? `the blogroll entry ${peer.id}` })),
        ];
        await Promise.all(
          avatars.map(async ({ url, usedIn }) => {
            if (!url || !isRemoteUrl(url)) return;
            const file = await cache!.fileFor(url, usedIn, 'it is left out until then');
            if (file) kept[url] = file;
          }),
        );
      },
      'astro:build:done': async () => {
        await cache?.save();
      },
    },
  };
  return { integration, cache: () => cache, kept: () => kept };
}
