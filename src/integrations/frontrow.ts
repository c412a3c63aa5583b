import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import type { SiteConfig } from '../lib/config/schema.ts';
import { freshContentModules } from './content-modules.ts';
import { contentCatchUp } from './content-catch-up.ts';
import { contentOverlay } from './content-overlay.ts';
import { devOldAddresses } from './dev-old-addresses.ts';
import { engineVersion } from './engine-version.ts';
import { removeStoreCopy, storeFromFile } from './store-from-file.ts';
import { addMdxProseHint } from './mdx-hint.ts';
import { virtualModule } from './virtual-module.ts';

export interface FrontrowOptions {
  config: SiteConfig;
  contentDir: string;
  /** The avatars from other sites this build keeps, by URL (the pictures integration, which runs first). */
  keptPictures?: () => Record<string, string>;
}

const VIRTUAL_CONFIG = 'virtual:frontrow/config';

/**
 * The engine's own integration: hands the validated site configuration to pages through a
 * virtual module (validated once, in astro.config.mjs), and shows a broken post in the dev
 * preview's overlay. A settings edit restarts the whole dev server (scripts/astro.ts): a fresh
 * process, so no module keeps the old settings. Feature integrations sit beside it.
 */
export default function frontrow({ config, contentDir, keptPictures = () => ({}) }: FrontrowOptions): AstroIntegration {
  let cacheDir = '';
  const oldAddresses = devOldAddresses(config.base, config.oldPostAddresses);
  return {
    name: 'frontrow',
    hooks: {
      'astro:config:setup': ({ command, config: astroConfig, updateConfig }) => {
        cacheDir = fileURLToPath(astroConfig.cacheDir);
        // Drafts are shown only by the dev server, decided by the command that runs rather than by
        // NODE_ENV, so a stray environment variable can never publish a draft.
        updateConfig({
          vite: {
            plugins: [
              // FRONTROW_NOW: the moment a build publishes as of (tests; a scheduled post's day).
              // cacheDir and engineVersion serve the incremental build (src/data/related.ts, cache-keys.ts).
              virtualModule(VIRTUAL_CONFIG, {
                config,
                contentDir,
                showDrafts: command === 'dev',
                buildNow: process.env.FRONTROW_NOW || null,
                cacheDir,
                engineVersion: command === 'build' ? engineVersion(fileURLToPath(new URL('../../', import.meta.url))) : null,
                keptPictures: keptPictures(),
              }),
              ...(command === 'dev'
                ? [
                    contentOverlay(contentDir, [oldAddresses.observer]),
                    oldAddresses.plugin,
                    contentCatchUp(contentDir),
                    freshContentModules(fileURLToPath(new URL('.astro/', astroConfig.root))),
                  ]
                : []),
              // A build's pages read the content store from its file, not from a 30-60 MB literal (store-from-file.ts).
              storeFromFile(cacheDir, (astroConfig.experimental.collectionStorage ?? 'single-file') === 'single-file'),
            ],
          },
        });
      },
      'astro:config:done': ({ config: astroConfig }) => {
        addMdxProseHint(astroConfig.vite.plugins ?? []);
      },
      'astro:build:done': () => removeStoreCopy(cacheDir),
    },
  };
}
