import type { AstroIntegration } from 'astro';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OldAddresses } from '../data/aliases.ts';
import { aliasFile, redirectPage } from '../lib/content/aliases.ts';
import type { SiteConfig } from '../lib/config/schema.ts';
import { ALIASES, handOff } from '../lib/handoff.ts';
import { absoluteUrl, withBase } from '../lib/urls.ts';

/**
 * A page at each old address a post or page keeps (`aliases`), written into the output once the
 * site is built, at the exact path (a Jekyll `/2019/05/post.html` is a file, not a folder): no
 * route of the site's is made for them, so none can shadow or be shadowed by one. Listed before
 * the output folder's own bookkeeping, which then counts them as this build's files; never in
 * the sitemap or the search index. A page the site makes itself at that address wins.
 */
export default function oldAddresses(config: SiteConfig): AstroIntegration {
  const kept: OldAddresses = new Map();
  return {
    name: 'frontrow:old-addresses',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command === 'build') handOff(ALIASES, Promise.resolve(kept));
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const outDir = fileURLToPath(dir);
        const made = new Set([...assets.values()].flat().map((url) => path.relative(outDir, fileURLToPath(url))));
        for (const [alias, { to, title }] of kept) {
          const file = aliasFile(alias);
          if (made.has(path.normalize(file))) {
            logger.warn(`the old address ${alias} is a page of the site now: it does not send readers to ${to}`);
            continue;
          }
          await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
          await writeFile(path.join(outDir, file), redirectPage(withBase(to, config.base), absoluteUrl(to, config.url, config.base), title));
        }
        if (kept.size > 0) logger.info(`Old addresses: ${kept.size} sending readers on`);
      },
    },
  };
}
