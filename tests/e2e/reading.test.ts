import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPartCount, searchPartOf } from '../../src/lib/search.ts';
import { type RunningServer, siteEnv, startServer } from '../helpers/astro.ts';
import { axeViolations, cspViolations, isolatedContext } from './browser.ts';
import { browser, content, context, devOutDir, devServer, fixture, giscusFrames, offline, offsite, page, problemsOf, server, site } from './reader-site.ts';
// The responses under a post, on the same site, preview, dev server and browser: building,
// serving and starting a browser is what costs time, not the checks.
import './responses.ts';

// What a reader does on the site (tests/e2e/reader-site.ts): search, comments, theme, the post
// page, every page type in Chromium; and what a writer sees in the dev server.

const at = (pathname: string) => `${server.url}/blog${pathname}`;

/** Search results as Pagefind's Component UI renders them: the result title links. */
async function resultLinks(p: Page): Promise<string[]> {
  return p.locator('pagefind-results a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/** Wait until Pagefind has answered the current query (its summary names the search term). */
async function searchSettled(p: Page, term: string) {
  await p.waitForFunction(
    (t) => {
      const summary = document.querySelector('pagefind-summary')?.textContent ?? '';
      const busy = document.querySelector('pagefind-results [aria-busy]')?.getAttribute('aria-busy');
      // Results first render as loading skeletons, then as links.
      const loading = document.querySelector('pagefind-results .pf-skeleton') !== null;
      return summary.includes(t) && /result/i.test(summary) && busy === 'false' && !loading;
    },
    term,
    { timeout: 60_000 },
  );
}

/**
 * Wait until the header box has become Pagefind's searchbox holding `term`, and its dropdown has
 * settled on the results for `term` with one selected (Pagefind preselects the best match);
 * return its href.
 */
async function headerSettled(p: Page, term: string): Promise<string> {
  const handle = await p
    .waitForFunction(
      (t) => {
        const input = document.querySelector<HTMLInputElement>('.site-search pagefind-searchbox input');
        const results = document.querySelector('.site-search .pf-searchbox-results');
        const selected = document.querySelector('.site-search [role="option"][aria-selected="true"]');
        const settled = input?.value === t && input.getAttribute('aria-expanded') === 'true' && !results?.hasAttribute('aria-busy');
        // Results of a shorter prefix typed a moment before can still be on show, settled: the
        // answer to `term` is the one whose selected result shows the term.
        const answersTerm = (selected?.textContent ?? '').toLowerCase().includes(t.toLowerCase());
        return settled && selected && answersTerm ? selected.getAttribute('href') : null;
      },
      term,
      // Generous on a busy machine, and within the site tests' 120 s, so that a box that never
      // settles is reported with its state.
      { timeout: 60_000 },
    )
    .catch(async (error: Error) => {
      // Say what the box showed instead, so a failure can be told from a slow machine.
      const state = await p.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('.site-search input');
        const selected = document.querySelector('.site-search [role="option"][aria-selected="true"]');
        return {
          pagefindBox: document.querySelector('.site-search pagefind-searchbox') !== null,
          value: input?.value,
          focused: document.activeElement === input,
          expanded: input?.getAttribute('aria-expanded'),
          busy: document.querySelector('.site-search .pf-searchbox-results')?.getAttribute('aria-busy'),
          options: document.querySelectorAll('.site-search [role="option"]').length,
          selected: selected?.textContent?.slice(0, 80),
        };
      });
      throw new Error(`${error.message}\nthe header box for "${term}": ${JSON.stringify(state)}`);
    });
  return (await handle.jsonValue()) as string;
}

describe('search', () => {
  it('indexes only published post bodies, at build time', async () => {
    const entry = JSON.parse(await site.read('pagefind/pagefind-entry.json'));
    // first-light, second-wind, third-post, long-read, quiet-post: not the home, tag or search pages.
    expect(entry.languages.en.page_count).toBe(5);
    expect(site.output).toContain('Search index: ');
  });

  it('finds a word from a sample post, and the result opens it', async () => {
    await page.goto(at('/search/'));
    await page.locator('pagefind-input input').fill('cobalt');
    await searchSettled(page, 'cobalt');
    expect(await resultLinks(page)).toContain('/blog/posts/first-light/');
    await page.locator('pagefind-results a[href="/blog/posts/first-light/"]').first().click();
    await page.waitForURL(at('/posts/first-light/'));
    await expect(page.locator('h1').textContent()).resolves.toBe('First Light');
  });

  it('finds nothing for a word that is only in a draft', async () => {
    await page.goto(at('/search/'));
    await page.locator('pagefind-input input').fill('walrus');
    await searchSettled(page, 'walrus');
    expect(await resultLinks(page)).toEqual([]);
    // The same query for a published word does find something, so the empty answer means something.
    await page.locator('pagefind-input input').fill('garden');
    await searchSettled(page, 'garden');
    expect(await resultLinks(page)).toContain('/blog/posts/long-read/');
  });

  it('offers tags as filters and dates for sorting', async () => {
    await page.goto(at('/search/?q=paragraph'));
    await searchSettled(page, 'paragraph');
    await expect(page.locator('pagefind-filter-pane').textContent()).resolves.toContain('habits');
    // Straight through Pagefind's JS API, from the page (same origin, same CSP).
    // (A string, so the test runner leaves its dynamic import alone.)
    const { filters, newestFirst } = (await page.evaluate(`(async () => {
      const pagefind = await import('/blog/pagefind/pagefind.js');
      await pagefind.options({ baseUrl: '/blog/' });
      const search = await pagefind.search(null, { sort: { date: 'desc' } });
      const pages = await Promise.all(search.results.map((r) => r.data()));
      return { filters: await pagefind.filters(), newestFirst: pages.map((d) => d.url) };
    })()`)) as { filters: Record<string, Record<string, number>>; newestFirst: string[] };
    expect(filters.tag).toMatchObject({ habits: 3, 'Writing Life': 1 }); // labels as the writer wrote them
    // Post bodies only: not the hidden permalink in the date line, not the subscribe footer.
    const chrome = await page.evaluate(`(async () => {
      const pagefind = await import('/blog/pagefind/pagefind.js');
      const counts = [];
      for (const word of ['permalink', 'subscribe', 'enjoyed']) counts.push((await pagefind.search(word)).results.length);
      return counts;
    })()`);
    expect(chrome).toEqual([0, 0, 0]);
    expect(newestFirst).toEqual([
      '/blog/posts/third-post/',
      '/blog/posts/long-read/',
      '/blog/posts/second-wind/',
      '/blog/posts/quiet-post/',
      '/blog/posts/first-light/',
    ]);
  });

  it('loads Pagefind in the header box only on first use, then shows matching posts in a dropdown', async () => {
    await page.goto('about:blank');
    const fetched: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (r.url().includes('/pagefind/')) fetched.push(new URL(r.url()).pathname);
    };
    page.on('request', onRequest);
    await page.goto(at('/posts/second-wind/'));
    await page.waitForLoadState('networkidle');
    // Before any interaction: the plain form, no Component UI script or stylesheet, nothing defined.
    expect(fetched).toEqual([]);
    await expect(
      page.evaluate(() => ({
        defined: customElements.get('pagefind-searchbox') !== undefined,
        searchboxes: document.querySelectorAll('pagefind-searchbox').length,
        pagefindScripts: [...document.scripts].filter((s) => s.src.includes('pagefind')).length,
        field: document.querySelector('.site-search input')?.outerHTML,
      })),
    ).resolves.toEqual({
      defined: false,
      searchboxes: 0,
      pagefindScripts: 0,
      field: expect.stringMatching(/^<input id="site-search-q" type="search" name="q"/),
    });

    // First use: click and type at once; the words typed while the UI loads are carried over.
    await page.locator('#site-search-q').click();
    await page.keyboard.type('cobalt', { delay: 20 });
    expect(await headerSettled(page, 'cobalt')).toBe('/blog/posts/first-light/');
    expect(fetched).toEqual(expect.arrayContaining(['/blog/pagefind/pagefind-component-ui.js', '/blog/pagefind/pagefind-component-ui.css']));
    // Pagefind's input took over the field in place, with the focus, name, id (and so the label).
    await expect(
      page.evaluate(() => {
        const input = document.activeElement as HTMLInputElement;
        return {
          inHeaderBox: input.closest('.site-search pagefind-searchbox') !== null,
          id: input.id,
          name: input.name,
          value: input.value,
          role: input.getAttribute('role'),
          label: input.labels?.[0]?.textContent,
        };
      }),
    ).resolves.toEqual({ inHeaderBox: true, id: 'site-search-q', name: 'q', value: 'cobalt', role: 'combobox', label: 'Search posts' });
    await expect(page.locator('.site-search [role="option"]').first().isVisible()).resolves.toBe(true);
    expect(await cspViolations(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    page.off('request', onRequest);

    await page.locator('.site-search [role="option"][href="/blog/posts/first-light/"]').click();
    await page.waitForURL(at('/posts/first-light/'));
    await expect(page.locator('h1').textContent()).resolves.toBe('First Light');
  });

  it('is reachable from the keyboard: header box, its dropdown, the search page, results, post', async () => {
    await page.goto(at('/'));
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'site-search-q'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('site-search-q');
    await page.keyboard.type('cobalt');
    // Enter opens the result the dropdown has selected.
    expect(await headerSettled(page, 'cobalt')).toBe('/blog/posts/first-light/');
    await page.keyboard.press('Enter');
    await page.waitForURL(at('/posts/first-light/'));

    // `/` jumps to the box. With no result selected (↑ from the first one), Enter opens the
    // search page with the words, like the plain form.
    await page.keyboard.press('/');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('site-search-q');
    await page.keyboard.type('cobalt');
    await headerSettled(page, 'cobalt');
    await page.keyboard.press('ArrowUp');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant'))).resolves.toBeNull();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/blog\/search\/\?q=cobalt/);
    await searchSettled(page, 'cobalt');
    // The search page hands the focus to Pagefind's input, holding the words from the header
    // (whose own box steps aside there: one search box per page).
    await expect(page.locator('.site-search').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement).value)).resolves.toBe('cobalt');
    let onResult = false;
    for (let i = 0; i < 20 && !onResult; i++) {
      await page.keyboard.press('Tab');
      onResult = await page.evaluate(() => document.activeElement?.closest('pagefind-results') !== null && document.activeElement?.tagName === 'A');
    }
    expect(onResult).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(at('/posts/first-light/'));
  });

  it('answers the header box with what it holds when the reader types on while the index loads', async () => {
    // Pagefind's bundle, then its index, held back while the reader types "co", pauses longer
    // than Pagefind's debounce (150 ms), and types "balt". A search for "co" started before the
    // bundle was in once took the later number and won over the one for "cobalt": the box held
    // "cobalt" and showed "Second Wind" (a "component"), for good.
    const hold = () => {
      const asked = Promise.withResolvers<void>();
      const release = Promise.withResolvers<void>();
      const route = async (r: Route) => {
        asked.resolve();
        await release.promise;
        await r.continue();
      };
      return { asked: asked.promise, release: () => release.resolve(), route };
    };
    const bundle = hold();
    const index = hold();
    const p = await context.newPage();
    try {
      await p.route(/\/pagefind\/pagefind\.js$/, bundle.route);
      await p.route(/\/pagefind\/pagefind-entry\.json(\?|$)/, index.route);
      // Past Pagefind's debounce, by the page's own clock: its timer, set earlier, fires first.
      const pause = () => p.evaluate(() => new Promise((done) => setTimeout(done, 300)));
      await p.goto(at('/posts/third-post/'));
      await p.locator('#site-search-q').focus();
      await bundle.asked;
      await p.keyboard.type('co');
      await pause();
      bundle.release();
      await index.asked;
      await p.keyboard.type('balt');
      await pause();
      index.release();
      expect(await headerSettled(p, 'cobalt')).toBe('/blog/posts/first-light/');
      await expect(p.evaluate(() => document.activeElement?.id)).resolves.toBe('site-search-q');
    } finally {
      bundle.release();
      index.release();
      await p.close();
    }
  });
});

describe('search in an index split into parts (a large archive)', () => {
  // The offline build holds the same five posts, its index in parts of two (`searchPartSize: 2`).
  let parts: RunningServer;
  let p: Page;
  const inParts = (pathname: string) => `${parts.url}/blog${pathname}`;
  beforeAll(async () => {
    parts = await startServer('preview', siteEnv(content, offline.dist, path.join(path.dirname(offline.dist), 'cache'), fixture.env));
    p = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await p?.close();
    await parts?.stop();
  });

  const posts = ['first-light', 'second-wind', 'third-post', 'long-read', 'quiet-post'];

  it('writes each post into one part, and a script that merges the others into the first', async () => {
    const script = await offline.read('pagefind/frontrow-search-ui.js');
    const folders = JSON.parse(/const parts = (\[.*\]);/.exec(script)?.[1] ?? '[]') as string[];
    expect(folders.length).toBeGreaterThan(0);
    let pages = JSON.parse(await offline.read('pagefind/pagefind-entry.json')).languages.en.page_count as number;
    for (const folder of folders) {
      pages += JSON.parse(await offline.read(`pagefind/${folder}pagefind-entry.json`)).languages.en.page_count as number;
      // A merged part needs no script or WebAssembly of its own: the first part's serve.
      expect(await offline.read(`pagefind/${folder}pagefind.js`).catch(() => 'none')).toBe('none');
    }
    expect(pages).toBe(posts.length);
    expect(offline.output).toMatch(new RegExp(`Search index: 5 pages read in \\d+ ms; ${folders.length + 1} of its ${folders.length + 1} parts read`));
  });

  it('finds every post by its title on the search page, whichever part holds it, and counts every part in the tag filters', async () => {
    for (const [slug, title] of [
      ['first-light', 'first light'],
      ['second-wind', 'second wind'],
      ['third-post', 'third'],
      ['long-read', 'long read'],
      ['quiet-post', 'quiet'],
    ] as const) {
      await p.goto(inParts(`/search/?q=${encodeURIComponent(title)}`));
      await searchSettled(p, title);
      expect(await resultLinks(p)).toContain(`/blog/posts/${slug}/`);
    }
    // Before any search, the filter pane offers the tags with the posts of every part.
    await p.goto(inParts('/search/'));
    const filters = await (
      await p.waitForFunction(() => {
        type Manager = { getInstance(name: string): { availableFilters?: Record<string, Record<string, number>> | null } };
        const ui = (window as unknown as { PagefindComponents?: { getInstanceManager(): Manager } }).PagefindComponents;
        return ui?.getInstanceManager().getInstance('default').availableFilters ?? null;
      })
    ).jsonValue();
    expect(filters?.tag).toMatchObject({ habits: 3, 'Writing Life': 1 });
    expect(await cspViolations(p)).toEqual([]);
  });

  it('answers the header box from a part other than the first', async () => {
    // "cobalt" is only in First Light, which the first part does not hold.
    expect(searchPartOf('posts/first-light/index.html', searchPartCount(posts.length, 2))).not.toBe(0);
    await p.goto(inParts('/posts/third-post/'));
    await p.locator('#site-search-q').click();
    await p.keyboard.type('cobalt', { delay: 20 });
    expect(await headerSettled(p, 'cobalt')).toBe('/blog/posts/first-light/');
    expect(await cspViolations(p)).toEqual([]);
  });
});

describe('comments', () => {
  it('adds the widget only when the reader scrolls to the comments, with the configured attributes', async () => {
    // Start from a blank page: a previous page may still be fetching its own comments.
    await page.goto('about:blank');
    giscusFrames.length = 0;
    const giscusScripts: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (/\/_astro\/(?:giscus|lit)[\w.-]*\.js$/.test(r.url())) giscusScripts.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto(at('/posts/long-read/'));
    await page.waitForLoadState('networkidle');
    await expect(page.locator('giscus-widget').count()).resolves.toBe(0);
    expect(giscusScripts).toEqual([]);
    expect(giscusFrames).toEqual([]);
    await expect(page.locator('meta[name="giscus:backlink"]').getAttribute('content')).resolves.toBe('https://fixture.example/blog/posts/long-read/');

    await page.locator('#comments').scrollIntoViewIfNeeded();
    const widget = page.locator('giscus-widget');
    await widget.waitFor({ state: 'attached', timeout: 10_000 });
    page.off('request', onRequest);
    expect(giscusScripts.length).toBeGreaterThan(0);
    const attributes = await widget.evaluate((el) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])));
    expect(attributes).toMatchObject({
      repo: 'frontrow-test/comments',
      repoid: 'R_kgDOFixture',
      category: 'Announcements',
      categoryid: 'DIC_kwDOFixture',
      mapping: 'specific',
      term: 'long-read',
      strict: '1',
      reactionsenabled: '0',
      inputposition: 'bottom',
      lang: 'fr',
      theme: 'light',
    });
    // The element upgraded (its code ran) and asked giscus.app, which the test answered locally.
    await expect.poll(() => giscusFrames.length).toBeGreaterThan(0);
    expect(giscusFrames[0]).toMatch(/^https:\/\/giscus\.app\/fr\/widget\?/);
  });

  it('is absent where a post says `comments: false`', async () => {
    await page.goto(at('/posts/quiet-post/'));
    await expect(page.locator('#comments').count()).resolves.toBe(0);
    await expect(page.locator('meta[name="giscus:backlink"]').count()).resolves.toBe(0);
  });
});

describe('theme', () => {
  it('follows the system until the reader chooses, then keeps the choice', async () => {
    // A fresh context: no stored choice from the other tests.
    const fresh = await isolatedContext(browser, server.url);
    const p = await fresh.context.newPage();
    const theme = () => p.evaluate(() => document.documentElement.dataset.theme);
    await p.emulateMedia({ colorScheme: 'dark' });
    await p.goto(at('/posts/first-light/'));
    expect(await theme()).toBe('dark');
    // The system changes while the page is open: the page follows.
    await p.emulateMedia({ colorScheme: 'light' });
    await expect.poll(theme).toBe('light');
    // The reader's choice wins over the system from then on, across pages.
    await p.locator('[data-theme-toggle]').click();
    expect(await theme()).toBe('dark');
    await p.emulateMedia({ colorScheme: 'light' });
    await p.goto(at('/posts/second-wind/'));
    expect(await theme()).toBe('dark');
    await fresh.context.close();
  });

  it('switches with the toggle, survives a reload, and the comments follow', async () => {
    await page.goto(at('/posts/long-read/'));
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    expect(await theme()).toBe('light');
    await page.locator('#comments').scrollIntoViewIfNeeded();
    const widget = page.locator('giscus-widget');
    await widget.waitFor({ state: 'attached' });
    await expect(widget.getAttribute('theme')).resolves.toBe('light');

    await page.locator('[data-theme-toggle]').click();
    expect(await theme()).toBe('dark');
    await expect(page.locator('[data-theme-toggle]').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(widget.getAttribute('theme')).resolves.toBe('dark');

    await page.reload();
    expect(await theme()).toBe('dark');
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await page.locator('giscus-widget').waitFor({ state: 'attached' });
    await expect(page.locator('giscus-widget').getAttribute('theme')).resolves.toBe('dark');

    await page.locator('[data-theme-toggle]').click();
    expect(await theme()).toBe('light');
    await expect(page.locator('giscus-widget').getAttribute('theme')).resolves.toBe('light');
  });
});

describe('the post page', () => {
  it('shows reading time, contents, previous and next, and a subscribe link', async () => {
    await page.goto(at('/posts/first-light/'));
    await expect(page.locator('.post-header .meta').textContent()).resolves.toMatch(/\d+ min read/);
    await expect(page.locator('nav.toc a').count()).resolves.toBeGreaterThanOrEqual(3);
    await expect(page.locator('.post-nav a[rel="next"]').getAttribute('href')).resolves.toBe('/blog/posts/quiet-post/');
    // People who want to subscribe land on the follow page, never on raw XML.
    const subscribe = page.locator('.subscribe a[href="/blog/follow/"]');
    expect(await subscribe.isVisible()).toBe(true);
  });

  it('follows a wiki link to a block of another post (an Obsidian block id) to that paragraph, scrolled into view', async () => {
    await page.goto(at('/posts/quiet-post/'));
    await page.getByRole('link', { name: 'a paragraph far down the long read' }).click();
    await page.waitForURL(/\/posts\/long-read\/#/);
    const target = page.locator(':target');
    await expect(target.getAttribute('id')).resolves.toBe('^far-down');
    await expect(target.textContent()).resolves.toMatch(/^Paragraph 30 of a long walk/);
    // The page scrolls to it (smoothly where the reader's system allows motion).
    await page.waitForFunction(() => {
      const top = document.querySelector(':target')?.getBoundingClientRect().top ?? -1;
      return top >= 0 && top < innerHeight;
    });
  });

  it('shows a Markdown callout (> [!tip]) as the MDX <Callout> is shown, set apart from the text', async () => {
    const look = async (pathname: string, selector: string) => {
      await page.goto(at(pathname));
      return page
        .locator(selector)
        .first()
        .evaluate((aside) => {
          const style = getComputedStyle(aside);
          const title = getComputedStyle(aside.querySelector('.callout-title')!);
          return { border: style.borderInlineStartWidth, background: style.backgroundColor, title: title.fontWeight, text: aside.textContent?.trim() };
        });
    };
    const markdown = await look('/posts/long-read/', 'aside.callout-tip');
    expect(markdown).toMatchObject({ border: '4px', title: '700', text: expect.stringMatching(/^Walk slowly\s*The garden is long\.$/) });
    const mdx = await look('/posts/second-wind/', 'aside.callout');
    expect(mdx.border).toBe('4px');
    expect(mdx.background).toBe(markdown.background);
    expect(markdown.background).not.toBe('rgba(0, 0, 0, 0)');
    // Its ==highlight== is marked, and shown so (axe checks its contrast in both themes, below).
    await page.goto(at('/posts/long-read/'));
    const mark = page.locator('aside.callout-tip mark');
    await expect(mark.textContent()).resolves.toBe('long');
    await expect(mark.evaluate((m) => getComputedStyle(m).backgroundColor)).resolves.not.toBe('rgba(0, 0, 0, 0)');
  });

  it('prints the article without navigation, search or comments', async () => {
    await page.goto(at('/posts/long-read/'));
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['.site-header nav', '.site-search', '.theme-toggle', '#comments', '.post-nav'].map((sel) => {
        const el = document.querySelector(sel);
        return el ? `${sel}: ${getComputedStyle(el).display}` : `${sel}: missing`;
      }),
    );
    await page.emulateMedia({ media: 'screen' });
    expect(hidden).toEqual(['.site-header nav: none', '.site-search: none', '.theme-toggle: none', '#comments: none', '.post-nav: none']);
  });

  it('loads no third-party script, frame or stylesheet on any page (no trackers, no share buttons)', async () => {
    const foreign: string[] = [];
    for (const file of (await site.files()).filter((f) => f.endsWith('.html'))) {
      const html = await site.read(file);
      for (const [tag] of html.matchAll(/<(?:script|iframe|link)\b[^>]*>/g)) {
        const src = tag.match(/\s(?:src|href)="([^"]*)"/)?.[1];
        if (!src || (/^<link/.test(tag) && !/rel="(stylesheet|preload|modulepreload)"/.test(tag))) continue;
        if (!src.startsWith('/blog/')) foreign.push(`${file}: ${tag}`);
      }
    }
    expect(foreign).toEqual([]);
  });
});

describe('every page type', () => {
  const PAGES: { name: string; path: string; status?: number; file?: string; settle?: (p: Page) => Promise<void> }[] = [
    { name: 'home', path: '/' },
    {
      name: 'post with comments',
      path: '/posts/long-read/',
      settle: async (p) => {
        await p.locator('#comments').scrollIntoViewIfNeeded();
        await p.locator('giscus-widget').waitFor({ state: 'attached' });
      },
    },
    { name: 'post with code and MDX', path: '/posts/second-wind/' },
    { name: 'tag', path: '/tags/habits/' },
    { name: 'tag, its second page (one post a page in the fixture)', path: '/tags/habits/2/' },
    { name: 'tags', path: '/tags/' },
    { name: 'archive', path: '/archive/' },
    { name: 'blogroll', path: '/blogroll/' },
    { name: 'search', path: '/search/?q=habits', settle: (p) => searchSettled(p, 'habits') },
    {
      name: 'post with the header search dropdown open',
      path: '/posts/first-light/',
      settle: async (p) => {
        await p.locator('#site-search-q').focus();
        await p.keyboard.type('garden');
        await headerSettled(p, 'garden');
      },
    },
    { name: 'about page', path: '/about/' },
    { name: 'not found', path: '/no-such-page/', status: 404, file: '404.html' },
  ];

  // The full axe run in the light theme; in the dark theme only the colours change, so only
  // colour contrast is checked there.
  it('logs no console error and no CSP violation in either theme; axe finds nothing serious (dark: colour contrast)', { timeout: 120_000 }, async () => {
    const files = await site.files();
    const report: string[] = [];
    let checked = 0;
    for (const theme of ['light', 'dark'] as const) {
      const p = await context.newPage();
      // The reader's stored choice, as the toggle writes it (top frame only: not the giscus frame).
      await p.addInitScript((t) => {
        if (window === window.top) localStorage.setItem('frontrow-theme', t);
      }, theme);
      for (const { name, path: pathname, status = 200, file, settle } of PAGES) {
        expect(files, name).toContain(file ?? `${pathname.split('?')[0]!.slice(1)}index.html`);
        const response = await p.goto(at(pathname));
        expect(response?.status(), name).toBe(status);
        await settle?.(p);
        const csp = await cspViolations(p);
        const axe = await axeViolations(p, theme === 'dark' ? ['color-contrast'] : undefined);
        for (const line of [...csp, ...axe]) report.push(`[${theme}] ${name}: ${line}`);
        checked++;
      }
      const { console: errors } = problemsOf(p);
      // Chromium logs the 404 page's own status as a console error; that one is expected.
      const expected = (line: string) => line.includes('/no-such-page/') && line.includes('status of 404');
      for (const line of errors.filter((l) => !expected(l))) report.push(`[${theme}] ${line}`);
      await p.close();
    }
    expect(report).toEqual([]);
    expect(checked).toBe(PAGES.length * 2);
    // The CSP actually exists: one strict meta policy on every HTML page.
    const post = await site.read('posts/long-read/index.html');
    expect(post).toMatch(
      /<meta http-equiv="content-security-policy" content="default-src 'self';[^"]*frame-src https:\/\/giscus\.app;[^"]*script-src 'self' 'wasm-unsafe-eval' 'sha256-/,
    );
  });
});

describe('npm run dev', () => {
  const devPage = async (pathname: string) => {
    const res = await fetch(`${(await devServer).url}/blog${pathname}`);
    return { status: res.status, html: await res.text() };
  };

  it('shows a draft with an unmistakable DRAFT banner, kept out of search engines', async () => {
    const { status, html } = await devPage('/posts/secret-draft/');
    expect(status).toBe(200);
    expect(html).toContain('The purple walrus recites forbidden sonnets at midnight.');
    expect(html).toMatch(/class="state-banner"[^>]*>[\s\S]*<strong[^>]*>DRAFT<\/strong>/);
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it('shows a scheduled post with its go-live date', async () => {
    const { html } = await devPage('/posts/from-the-future/');
    expect(html).toMatch(/<strong[^>]*>SCHEDULED<\/strong>/);
    expect(html).toContain('January 1, 2099');
  });

  it('lists drafts on the home page with a badge', async () => {
    const { html } = await devPage('/');
    expect(html).toContain('Secret Draft Title Zebra');
    expect(html).toMatch(/class="badge badge-draft"[^>]*>draft</);
  });

  it('says how to get a search index while there is none, and how to set up comments', async () => {
    const dev = await devServer;
    const search = await (await fetch(`${dev.url}/blog/search/`)).text();
    expect(search).toContain('No search index yet. Run <code>npm run build</code> once');
    const bundle = await fetch(`${dev.url}/blog/pagefind/pagefind-component-ui.js`);
    expect(bundle.status).toBe(404);
    expect(await bundle.text()).toContain('run `npm run build` once');
    expect(dev.output()).toContain('No search index yet');
    const post = await (await fetch(`${dev.url}/blog/posts/first-light/`)).text();
    expect(post).toContain('Comments are off');
    expect(post).not.toContain('giscus-widget');
  });

  it('then searches the last build’s index, without a restart', async () => {
    const dev = await devServer;
    await cp(path.join(site.dist, 'pagefind'), path.join(devOutDir, 'pagefind'), { recursive: true });
    const entry = await fetch(`${dev.url}/blog/pagefind/pagefind-entry.json`);
    expect(entry.status).toBe(200);
    expect(await entry.json()).toEqual(JSON.parse(await site.read('pagefind/pagefind-entry.json')));
    const devPage = await context.newPage();
    await devPage.goto(`${dev.url}/blog/search/?q=cobalt`);
    await searchSettled(devPage, 'cobalt');
    expect(await resultLinks(devPage)).toContain('/blog/posts/first-light/');
    await devPage.close();
  });
});

describe('the whole run', () => {
  it('never left 127.0.0.1 except for the stubbed giscus frame, and logged no error', () => {
    expect(offsite).toEqual([]);
    expect(problemsOf(page).console).toEqual([]);
  });
});
