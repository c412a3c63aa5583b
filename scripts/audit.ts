#!/usr/bin/env node
// `npm run audit`: Lighthouse (mobile settings, its defaults) on the built site's home page and
// newest post, with Debian's Chromium, against `astro preview` on 127.0.0.1. Prints the four
// category scores; the target is 0.95 in each. Exits non-zero only when the audit cannot run:
// a low score is information for the writer, not a broken build.
//
// Builds first when there is no build. FRONTROW_CONTENT_DIR / FRONTROW_OUT_DIR audit another
// site, as they build one. Exit 2 on bad usage, 1 when the audit cannot run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { parseCommandLine } from './lib/cli.ts';
import { findBrowser, noBrowserMessage } from './lib/find-browser.ts';
import { freePort } from './lib/free-port.ts';

const usage = `Usage: npm run audit
  Lighthouse (mobile) on the built site's home page and newest post, with the Chrome or
  Chromium this machine has (CHROME_PATH to choose one). Builds first when there is no build.`;

const TARGET = 0.95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const root = path.resolve(import.meta.dirname, '..');
const astroCli = path.join(root, 'scripts/astro.ts');
const outDir = path.resolve(root, process.env.FRONTROW_OUT_DIR || 'dist');

/** Site-relative paths to audit: the home page and the newest post (first item of the feed). */
function pagesToAudit(): { name: string; path: string }[] {
  const rss = readFileSync(path.join(outDir, 'rss.xml'), 'utf8');
  const channel = rss.match(/<channel>[\s\S]*?<link>([^<]+)<\/link>/)?.[1];
  const newest = rss.match(/<item>[\s\S]*?<link>([^<]+)<\/link>/)?.[1];
  if (!channel) throw new Error(`${outDir}/rss.xml has no channel link`);
  const pages = [{ name: 'home', path: new URL(channel).pathname }];
  if (newest) pages.push({ name: 'post', path: new URL(newest).pathname });
  else console.warn('No published post in the build: auditing the home page only.');
  return pages;
}

async function startPreview(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [astroCli, 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`astro preview exited:\n${log}`);
    try {
      await (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).arrayBuffer();
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`astro preview did not answer:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function main(CHROMIUM: string): Promise<void> {
  if (!existsSync(path.join(outDir, 'index.html'))) {
    console.log(`No build in ${path.relative(root, outDir) || outDir}: running astro build first.`);
    const build = spawnSync(process.execPath, [astroCli, 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('astro build failed');
  }
  const pages = pagesToAudit();
  const port = await freePort();
  const preview = await startPreview(port);
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    console.log(`Lighthouse, mobile, ${CHROMIUM}; target ${TARGET} in each category.\n`);
    for (const page of pages) {
      const url = `http://127.0.0.1:${port}${page.path}`;
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { categories, runtimeError } = result.lhr;
      if (runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${runtimeError.message}`);
      const scores = CATEGORIES.map((id) => ({ id, score: categories[id]?.score ?? null }));
      console.log(`${page.name}  ${url}`);
      for (const { id, score } of scores) {
        const shown = score === null ? 'n/a' : score.toFixed(2);
        console.log(`  ${id.padEnd(15)} ${shown}${score !== null && score < TARGET ? `  (below ${TARGET})` : ''}`);
      }
      // What cost points, so a low score says where to look.
      const failing = Object.values(result.lhr.audits)
        .filter(
          (a) =>
            a.score !== null &&
            a.score < 0.9 &&
            a.scoreDisplayMode !== 'informative' &&
            a.scoreDisplayMode !== 'notApplicable' &&
            a.scoreDisplayMode !== 'manual',
        )
        .map((a) => a.id);
      if (failing.length) console.log(`  audits below 0.9: ${failing.join(', ')}`);
      console.log('');
    }
  } finally {
    chrome.kill();
    try {
      process.kill(-preview.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

function start(): void {
  const parsed = parseCommandLine({}, usage);
  if (parsed.exit !== undefined) {
    process.exitCode = parsed.exit;
    return;
  }
  if (parsed.positionals.length > 0) {
    console.error(`Unexpected argument "${parsed.positionals[0]}".\n${usage}`);
    process.exitCode = 2;
    return;
  }
  // The Chrome or Chromium the machine has; without one the audit cannot run, and says how to get one.
  const chromium = findBrowser();
  if (!chromium) {
    console.error(noBrowserMessage());
    process.exitCode = 1;
    return;
  }
  main(chromium).catch((error: unknown) => {
    console.error(`audit failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}

start();
