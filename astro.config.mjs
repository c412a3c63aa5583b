// @ts-check
import { satteri } from '@astrojs/markdown-satteri';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import blogrollFeeds from './src/integrations/blogroll.ts';
import frontrow from './src/integrations/frontrow.ts';
import freshOutDir from './src/integrations/fresh-out-dir.ts';
import originalityGate from './src/integrations/originality.ts';
import oldAddresses from './src/integrations/old-addresses.ts';
import pagefind from './src/integrations/pagefind.ts';
import { picturesFromOtherSites } from './src/integrations/pictures.ts';
import responses from './src/integrations/responses.ts';
import { loadSiteConfig } from './src/lib/config/load.ts';
import { isWithin, resolveContentDir } from './src/lib/config/paths.ts';
import { formActionOrigins } from './src/lib/follow/config.ts';
import { giscusFrameOrigin } from './src/lib/giscus.ts';
import { blockIdsPlugin } from './src/lib/markdown/block-ids.ts';
import { calloutsPlugin } from './src/lib/markdown/callouts.ts';
import { commentsPlugin } from './src/lib/markdown/comments.ts';
import { highlightsPlugin } from './src/lib/markdown/highlights.ts';
import { siteLinksPlugin } from './src/lib/markdown/site-links.ts';

// The writer configures the site in content/site.config.ts; this file is engine code.
const contentDir = resolveContentDir();
const TEST_OUTPUT = /[\\/]\.test-output([\\/]|$)/;
const site = await loadSiteConfig(contentDir);
const giscusOrigin = giscusFrameOrigin(site.giscus);
const outDir = freshOutDir();
const pictures = picturesFromOtherSites(site, contentDir);

export default defineConfig({
  site: site.url,
  base: site.base,
  // The engine's folders, wherever Astro's root is: tests run each build and dev server from a
  // scratch root (`--root`) so that its .astro/ never meets the writer's or another test's.
  srcDir: fileURLToPath(new URL('./src/', import.meta.url)),
  publicDir: fileURLToPath(new URL('./public/', import.meta.url)),
  // Tests, benchmarks and fixture sites build into their own folders.
  outDir: process.env.FRONTROW_OUT_DIR || './dist',
  cacheDir: process.env.FRONTROW_CACHE_DIR || './node_modules/.astro',
  compressHTML: true,
  build: {
    // Stylesheets as files, never inlined: the CSP then allows them as 'self'. (Astro's hashes miss
    // the <style> of a component used inside MDX, which the browser would block.)
    inlineStylesheets: 'never',
    // Sixteen pages at a time: each page waits on the disk (written to dist/ and to the incremental
    // build's cache) and on its CSP hashes while the next ones render (docs/performance-log.md, "The pages phase").
    concurrency: 16,
  },
  markdown: {
    processor: satteri({
      // Obsidian's comments first: nothing inside one is read as a link, a block id or a callout.
      mdastPlugins: [commentsPlugin(), siteLinksPlugin(site.base, contentDir, pictures.cache), blockIdsPlugin(), calloutsPlugin(), highlightsPlugin()],
    }),
    // Prism marks code with classes that the site's stylesheet colours for both themes, so the
    // Content-Security-Policy needs no inline styles (Shiki writes style attributes).
    syntaxHighlight: 'prism',
  },
  integrations: [
    // First: the avatars it keeps are part of the engine's page settings.
    pictures.integration,
    frontrow({ config: site, contentDir, keptPictures: pictures.kept }),
    blogrollFeeds({ config: site, contentDir }),
    responses({ config: site, contentDir }),
    originalityGate({ config: site.originality, contentDir }),
    mdx(),
    sitemap(),
    // Before the output folder's bookkeeping, which then counts its pages as this build's.
    oldAddresses(site),
    // After the sitemap (its files are then this build's) and before the search index reads the
    // output: a kept output loses what this build no longer makes.
    outDir.start,
    pagefind({ partSize: site.searchPartSize }),
    // Last: waits for the last output's deletion, which Pagefind's outlasts, and records the output.
    outDir.end,
  ],
  // A strict policy in a <meta> tag on every built page (dev applies none). Astro adds the hash of
  // each script and style it emits; beyond those, exactly what search and comments need.
  security: {
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        // Forms post to this site, and to the newsletter provider when one is configured.
        /** @type {`form-action${string}`} */ (["form-action 'self'", ...formActionOrigins(site.newsletter)].join(' ')),
        // Pictures from other sites are the build's copies (src/lib/pictures/): none is asked of another site.
        "img-src 'self' data:",
        // Pagefind fetches its index and runs its search in a worker, both from /pagefind/.
        "connect-src 'self'",
        "worker-src 'self'",
        giscusOrigin ? `frame-src ${giscusOrigin}` : "frame-src 'none'",
      ],
      // 'self': Pagefind's Component UI and the lazily imported giscus chunk are files on this site;
      // 'wasm-unsafe-eval': Pagefind searches with WebAssembly.
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      // Stylesheets are files on this site; no inline style attribute is needed anywhere.
      styleDirective: { resources: ["'self'"] },
    },
  },
  vite: {
    server: {
      watch: {
        // The tests' leftovers under .test-output/ (70,000 files after a few runs) are nothing a
        // preview needs: scanning them made `npm run dev` start twice as slow. A test's own dev
        // server previews a content copy kept there, which stays watched.
        ignored: [(file) => TEST_OUTPUT.test(file) && !isWithin(contentDir, file), '**/.stryker-tmp/**', '**/reports/**'],
        // A save is told to the preview once the file has stopped growing. An editor saves by
        // emptying the file, then writing it: without this the content loader could read the
        // empty file, and the watcher drops a second change within 50 ms, so the save was lost
        // (the post stayed "left out of the preview": title, description, pubDate required).
        awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 20 },
      },
    },
    build: {
      rollupOptions: {
        // MDX modules carry an Astro directive that the bundler flags on every MDX post; it is
        // harmless (Astro handles it) and would bury the warnings that matter.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  },
  devToolbar: { enabled: process.env.FRONTROW_DEV_TOOLBAR !== '0' },
  // A rebuild copies every page whose data and code are unchanged from the last build (kept in
  // cacheDir); pages say what their data is with a `cacheKey` (src/data/cache-keys.ts).
  experimental: { incrementalBuild: true },
});
