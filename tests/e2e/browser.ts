import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser, noBrowserMessage } from '../../scripts/lib/find-browser.ts';
import { addSiteSettings } from '../../scripts/lib/site-settings.ts';
import { startServer } from '../helpers/astro.ts';

/**
 * The Chrome or Chromium the machine has (CHROME_PATH, PATH, the usual install paths); the
 * tests never download a browser. tests/e2e/global-setup.ts stops the run when there is none.
 */
export const CHROMIUM = findBrowser();

export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error(noBrowserMessage());
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

/** What the giscus frame receives instead of giscus.app: an empty page, so nothing leaves the machine. */
const GISCUS_STUB = '<!doctype html><html lang="en"><head><title>giscus stub</title></head><body></body></html>';

/**
 * A browser context that can only reach the site under test. giscus.app is answered locally
 * (the widget element and its attributes are what the tests assert, not GitHub's thread);
 * anything else off 127.0.0.1 is refused and recorded, so a test can fail on it.
 */
export async function isolatedContext(browser: Browser, siteOrigin: string, giscusHost = 'https://giscus.app') {
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
  const offsite: string[] = [];
  const giscusFrames: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    // The site under test, and the dev servers some tests start beside it.
    if (url.startsWith(`${siteOrigin}/`) || /^http:\/\/127\.0\.0\.1:\d+\//.test(url)) return route.continue();
    if (url.startsWith(`${giscusHost}/`)) {
      giscusFrames.push(url);
      return route.fulfill({ status: 200, contentType: 'text/html', body: GISCUS_STUB });
    }
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, offsite, giscusFrames };
}

export interface PageProblems {
  console: string[];
  csp: string[];
}

/**
 * Collect console errors, uncaught exceptions and CSP violations. Violations are also read from
 * `securitypolicyviolation` events, which fire even when Chromium does not log to the console.
 */
export async function watchProblems(context: BrowserContext): Promise<(page: Page) => PageProblems> {
  await context.addInitScript(() => {
    const store: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = store;
    document.addEventListener('securitypolicyviolation', (e) => {
      store.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const byPage = new WeakMap<Page, PageProblems>();
  context.on('page', (page) => {
    const problems: PageProblems = { console: [], csp: [] };
    byPage.set(page, problems);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.console.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.console.push(`${page.url()}: uncaught ${error.message}`));
  });
  return (page) => byPage.get(page) ?? { console: [], csp: [] };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/**
 * axe-core's serious and critical violations on the current page. axe is evaluated through the
 * DevTools protocol, not injected as a <script>, so the page's CSP stays exactly as shipped.
 * `rules` limits the run to those rules (e.g. `['color-contrast']` for a second theme, where
 * only the colours differ).
 */
export async function axeViolations(page: Page, rules?: readonly string[]): Promise<string[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(
    async (only) => {
      const axe = (
        window as unknown as {
          axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }> };
        }
      ).axe;
      const result = await axe.run(document, { resultTypes: ['violations'], ...(only ? { runOnly: { type: 'rule', values: only } } : {}) });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
    },
    rules ? [...rules] : null,
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/** Add a `giscus` section to a copied fixture's site.config.ts. */
export async function addGiscusConfig(contentDir: string, giscus: Record<string, unknown>): Promise<void> {
  await addSiteSettings(contentDir, { giscus });
}

/**
 * `astro dev` for one test, beside any other dev server in this working tree: `--ignore-lock`
 * skips Astro's one-dev-server-per-project lock (and leaves the lock file alone). Without a
 * port (or 0) the server binds one the system picks and keeps it.
 */
export function startDevServer(env: NodeJS.ProcessEnv, port = 0) {
  return startServer('dev', env, port, ['--ignore-lock']);
}
