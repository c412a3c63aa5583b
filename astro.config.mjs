// @ts-check
import { satteri } from '@astrojs/markdown-satteri';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import frontrow from './src/integrations/frontrow.ts';
import { loadSiteConfig } from './src/lib/config/load.ts';
import { resolveContentDir } from './src/lib/config/paths.ts';
import { baseLinksPlugin } from './src/lib/markdown/base-links.ts';

// The writer configures the site in content/site.config.ts; this file is engine code.
const contentDir = resolveContentDir();
const site = await loadSiteConfig(contentDir);

export default defineConfig({
  site: site.url,
  base: site.base,
  // Tests, benchmarks and fixture sites build into their own folders.
  outDir: process.env.FRONTROW_OUT_DIR || './dist',
  cacheDir: process.env.FRONTROW_CACHE_DIR || './node_modules/.astro',
  compressHTML: true,
  markdown: {
    processor: satteri({ mdastPlugins: [baseLinksPlugin(site.base)] }),
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  integrations: [frontrow({ config: site, contentDir }), mdx(), sitemap()],
  devToolbar: { enabled: process.env.FRONTROW_DEV_TOOLBAR !== '0' },
});
