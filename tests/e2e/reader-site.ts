import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildSite, siteEnv, startServer, workDir, type BuiltSite, type RunningServer } from '../helpers/astro.ts';
import { addSiteSettings } from '../../scripts/lib/site-settings.ts';
import { responsesSite } from '../helpers/responses-site.ts';
import { addGiscusConfig, isolatedContext, launchChromium, startDevServer, watchProblems, type PageProblems } from './browser.ts';

// The one site every reader-facing test reads (tests/e2e/reading.test.ts and responses.ts):
// the fixture site (under /blog/) hearing hostile and friendly responses from stub servers on
// 127.0.0.1 (tests/helpers/responses-site.ts), with a giscus section and two extra posts: a
// long one, so the comments start well below the fold, and one with `comments: false`. "First
// Light", which carries the responses, has no comments either: scrolling to its responses must
// ask nothing of another host. Built once online (dist/, served by `astro preview` to Debian's
// Chromium) and once offline from the responses cache alone, its search index split into parts
// as a large archive's is (served when a search test asks). Beside them, the one dev server:
// the same responses settings without giscus, as a writer has it before setting comments up,
// and an output folder with no build yet. Nothing leaves the machine.
const GISCUS = {
  repo: 'frontrow-test/comments',
  repoId: 'R_kgDOFixture',
  category: 'Announcements',
  categoryId: 'DIC_kwDOFixture',
  reactions: false,
  inputPosition: 'bottom',
  lang: 'fr',
};

const LONG_POST = [
  '---',
  'title: A Long Read',
  'description: Long enough that the comments start far below the fold.',
  'pubDate: 2024-02-25',
  'tags: [habits]',
  '---',
  '',
  // A callout as Obsidian and GitHub write it, which looks like the MDX <Callout> of "Second Wind",
  // with a highlight as Obsidian writes it.
  '> [!tip] Walk slowly',
  '> The garden is ==long==.',
  '',
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `## Part ${i + 1}\n\nParagraph ${i + 1} of a long walk through the garden, sentence after sentence, until the reader has scrolled a good way down the page.${i === 29 ? ' ^far-down' : ''}\n`,
  ),
].join('\n');

const QUIET_POST = [
  '---',
  'title: Quiet Post',
  'description: A post without comments.',
  'pubDate: 2024-02-01',
  'comments: false',
  '---',
  '',
  'Nothing to discuss here, except [[long-read#^far-down|a paragraph far down the long read]].',
].join('\n');

// Live bindings, set before the first test.
export let fixture: Awaited<ReturnType<typeof responsesSite>>;
/** The site built while hearing responses. */
export let site: BuiltSite;
/** The same content built again offline, from the responses cache alone, its search index in parts of two posts. */
export let offline: BuiltSite;
/** The content `site` was built from (`offline` from a copy with `searchPartSize: 2`). */
export let content: string;
/** `astro preview` of `site`. */
export let server: RunningServer;
export let browser: Browser;
/** A context that can only reach 127.0.0.1 (giscus.app is answered locally), shared by the reading tests. */
export let context: BrowserContext;
/** What `context` asked of other hosts (refused). */
export let offsite: string[];
/** The giscus frames `context` asked for (answered locally). */
export let giscusFrames: string[];
export let problemsOf: (page: Page) => PageProblems;
export let page: Page;
/** The dev server's output folder: no build yet. */
export let devOutDir: string;
/** `npm run dev`; a rejected start is reported by the dev tests. */
export let devServer: Promise<RunningServer>;

beforeAll(async () => {
  fixture = await responsesSite();
  const devContent = fixture.content;
  content = path.join(await workDir('reader'), 'content');
  await cp(devContent, content, { recursive: true });
  await addGiscusConfig(content, GISCUS);
  await writeFile(path.join(content, 'posts/long-read.md'), LONG_POST);
  await writeFile(path.join(content, 'posts/quiet-post.md'), QUIET_POST);
  const firstLight = path.join(content, 'posts/first-light.md');
  const withoutComments = (await readFile(firstLight, 'utf8')).replace(/^---\n/, '---\ncomments: false\n');
  await writeFile(firstLight, withoutComments);

  // The offline build's copy: its search index in parts of two posts.
  const inParts = path.join(path.dirname(content), 'content-in-parts');
  await cp(content, inParts, { recursive: true });
  await addSiteSettings(inParts, { searchPartSize: 2 });
  const launching = launchChromium();
  launching.catch(() => {}); // awaited below
  site = await buildSite(content, fixture.env);
  // The offline build, the preview, the dev server (which reads the responses cache the first
  // build wrote) and the browser start together.
  const cache = path.join(path.dirname(site.dist), 'cache');
  await mkdir(cache, { recursive: true });
  devOutDir = path.join(await workDir('dev'), 'dist');
  devServer = startDevServer(siteEnv(devContent, devOutDir, path.join(path.dirname(devOutDir), 'cache'), { ...fixture.env, FRONTROW_OFFLINE: '1' }));
  devServer.catch(() => {}); // awaited (and reported) by the dev tests
  [offline, server, browser] = await Promise.all([
    buildSite(inParts, { ...fixture.env, FRONTROW_OFFLINE: '1' }),
    startServer('preview', siteEnv(content, site.dist, cache, fixture.env)),
    launching,
  ]);
  ({ context, offsite, giscusFrames } = await isolatedContext(browser, server.url));
  problemsOf = await watchProblems(context);
  page = await context.newPage();
}, 300_000);

afterAll(async () => {
  await (await devServer?.catch(() => undefined))?.stop();
  await browser?.close();
  await server?.stop();
  await fixture?.close();
});
