#!/usr/bin/env node
// Runs the Astro CLI in the foreground: `build` and `check` in this process, `dev` and `preview`
// in a child. Astro 7 starts `dev`/`preview` as detached background processes when it believes
// a coding agent is driving it; a writer's terminal (and CI) wants the ordinary foreground
// server, so the opt-outs are set unless the caller chose otherwise.
//
// Before `check` and `build`, and while `dev` starts, it checks the writer's content (settings,
// posts, pages, blogroll) and prints every mistake as one block naming file, field and fix.
// Under `dev` it restarts the preview for real when content/site.config.ts changes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSiteConfig, SITE_CONFIG_FILE } from '../src/lib/config/load.ts';
import { resolveContentDir } from '../src/lib/config/paths.ts';
import { checkSite, formatSiteCheck } from '../src/lib/content/check-site.ts';
import { openFrontmatterCache } from '../src/lib/content/frontmatter-cache.ts';

const require = createRequire(import.meta.url);
const astroBin = path.join(path.dirname(require.resolve('astro/package.json')), 'bin/astro.mjs');
const args = process.argv.slice(2);
const command = args[0];
const contentDir = resolveContentDir();

// Astro in this process and in a child both read them from here; the caller's values win.
const astroEnv = {
  ASTRO_DEV_BACKGROUND: '0',
  ASTRO_PREVIEW_BACKGROUND: '0',
  ASTRO_TELEMETRY_DISABLED: '1',
};
for (const [name, value] of Object.entries(astroEnv)) process.env[name] ??= value;

function startAstro(): ChildProcess {
  return spawn(process.execPath, [astroBin, ...args], { stdio: 'inherit' });
}

/**
 * `build` and `check` run Astro in this process once the content passed: a second Node would
 * load the settings, schemas and parsers the check just loaded all over again (0.6 s of a
 * build's start, docs/performance-log.md), and the content loader shares the check's frontmatter.
 */
async function runAstroHere(): Promise<void> {
  // Astro's own entry point, as `astro` runs it: it reads the command from process.argv.
  await import(pathToFileURL(astroBin).href);
}

/** Settings, posts, pages and peers: one block of every mistake; false when the site cannot build. */
async function contentIsBuildable(): Promise<boolean> {
  // Frontmatter read by the last run is taken from the cache, which the content loader then shares.
  const cache = await openFrontmatterCache();
  const check = await checkSite(contentDir, cache);
  await cache.save({ prune: true });
  for (const warning of check.warnings) console.warn(`[frontrow] warning: ${warning}`);
  if (check.errors.length === 0) return true;
  console.error(formatSiteCheck(check, command === 'dev' ? 'to fix (the preview leaves these files out and shows why in the browser)' : undefined));
  // The preview still starts with broken posts: it shows each one's problem in the browser.
  return command === 'dev' && !check.errors.some((e) => e.file.endsWith(SITE_CONFIG_FILE));
}

/** `npm run dev`: a settings change restarts Astro (a fresh process reads the new settings). */
function superviseDev(): void {
  let child = startAstro();
  const configFile = path.join(contentDir, SITE_CONFIG_FILE);
  // The settings text the running preview uses: a save is judged by what it says, not by its
  // modification time, which a truncate-then-write save can leave unchanged between two polls.
  let applied = readFileSync(configFile, 'utf8');
  let busy = false;
  let again = false;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (busy) return;
    unwatchFile(configFile);
    process.exitCode = code ?? (signal ? 1 : 0);
  };
  child.on('exit', onExit);
  const apply = async () => {
    const text = readFileSync(configFile, 'utf8');
    if (text === applied) return;
    try {
      await loadSiteConfig(contentDir);
    } catch (error) {
      console.error(`${(error as Error).message}\nThe preview keeps your previous settings until ${SITE_CONFIG_FILE} is fixed.`);
      return;
    }
    applied = text;
    console.log(`[frontrow] ${SITE_CONFIG_FILE} changed: restarting the preview with the new settings…`);
    const old = child;
    await new Promise<void>((resolve) => {
      old.once('exit', () => resolve());
      old.kill('SIGTERM');
    });
    child = startAstro();
    child.on('exit', onExit);
  };
  // Any change of the file's stats; a save that lands while one is being applied is applied
  // after it, never dropped.
  watchFile(configFile, { interval: 300 }, async () => {
    if (busy) return void (again = true);
    busy = true;
    try {
      do {
        again = false;
        await apply().catch((error) => console.error(`[frontrow] ${(error as Error).message}`));
      } while (again);
    } finally {
      busy = false;
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      unwatchFile(configFile);
      child.kill(signal);
    });
  }
}

if (command === 'dev') {
  // The preview starts with broken posts (it shows each one in the browser), so only broken
  // settings keep it from starting; the posts are checked while Astro starts, in this process:
  // checking 5,000 posts first took 2 s before the first page.
  const settingsWork = await loadSiteConfig(contentDir).then(
    () => true,
    () => false,
  );
  if (settingsWork) superviseDev();
  if (!(await contentIsBuildable())) process.exitCode = 1;
} else if (['build', 'check'].includes(command ?? '')) {
  if (await contentIsBuildable()) await runAstroHere();
  else process.exitCode = 1;
} else {
  const child = startAstro();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
