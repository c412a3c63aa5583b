import type { AstroIntegration } from 'astro';
import path from 'node:path';
import type { SiteConfig } from '../lib/config/schema.ts';
import { SITE_CONFIG_FILE } from '../lib/config/load.ts';
import { virtualModule } from './virtual-module.ts';

export interface FrontrowOptions {
  config: SiteConfig;
  contentDir: string;
}

const VIRTUAL_CONFIG = 'virtual:frontrow/config';

/**
 * The engine's own integration: hands the validated site configuration to pages through a
 * virtual module (validated once, in astro.config.mjs), and restarts the dev server when the
 * writer edits it. Feature integrations (originality, search, blogroll) sit beside it.
 */
export default function frontrow({ config, contentDir }: FrontrowOptions): AstroIntegration {
  return {
    name: 'frontrow',
    hooks: {
      'astro:config:setup': ({ command, updateConfig, addWatchFile }) => {
        addWatchFile(path.join(contentDir, SITE_CONFIG_FILE));
        // Drafts are shown only by the dev server, decided by the command that runs rather than by
        // NODE_ENV, so a stray environment variable can never publish a draft.
        updateConfig({
          vite: {
            // FRONTROW_NOW: the moment a build publishes as of (tests; a scheduled post's day).
            plugins: [virtualModule(VIRTUAL_CONFIG, { config, contentDir, showDrafts: command === 'dev', buildNow: process.env.FRONTROW_NOW || null })],
          },
        });
      },
    },
  };
}
