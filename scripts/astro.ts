#!/usr/bin/env node
// Runs the Astro CLI in the foreground. Astro 7 starts `dev`/`preview` as detached background
// processes when it believes a coding agent is driving it; a writer's terminal (and CI) wants
// the ordinary foreground server, so the opt-outs are set unless the caller chose otherwise.
//
// While `check`, `build` and `dev` start, it checks the writer's content (settings, posts, pages,
// blogroll) and prints every mistake as one block naming file, field and fix.
// Under `dev` it restarts the preview for real when content/site.config.ts changes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CONTENT_GATE_ENV, CONTENT_GATE_MESSAGES } from '../src/integrations/content-gate.ts';
import { resolveContentDir } from '../src/lib/config/paths.ts';

const require = createRequire(import.meta.url);
const astroBin = path.join(path.dirname(require.resolve('astro/package.json')), 'bin/astro.mjs');
const args = process.argv.slice(2);
const command = args[0];
const contentDir = resolveContentDir();

function startAstro(): ChildProcess {
  return spawn(process.execPath, [astroBin, ...args], {
    stdio: 'inherit',
    env: {
      ASTRO_DEV_BACKGROUND: '0',
      ASTRO_PREVIEW_BACKGROUND: '0',
      ASTRO_TELEMETRY_DISABLED: '1',
      ...process.env,
    },
  });
}

/**
 * `npm run build` and `npm run check`: Astro starts (Node, Vite, the config: 2-3 s) while this
 * process checks the content on the other core. Astro waits for the check before it reads a post
 * (src/integrations/content-gate.ts), and its output is held until then: on broken content Astro
 * is stopped, its output dropped, and the writer sees the check's one block and nothing else.
 */
async function checkedBuild(): Promise<void> {
  // Astro's output passes through this process: it keeps its colours on a terminal.
  const colour = process.stdout.isTTY && process.env['TERM'] !== 'dumb' && !process.env['NO_COLOR'] && process.env['FORCE_COLOR'] === undefined;
  const child = spawn(process.execPath, [astroBin, ...args], {
    stdio: ['inherit', 'pipe', 'pipe', 'ipc'],
    env: {
      ASTRO_TELEMETRY_DISABLED: '1',
      ...process.env,
      ...(colour ? { FORCE_COLOR: '1' } : {}),
      [CONTENT_GATE_ENV]: '1',
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  // 'close': its output has all arrived.
  const exited = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  const held: [NodeJS.WriteStream, Buffer][] = [];
  const hold = (to: NodeJS.WriteStream) => (chunk: Buffer) => held.push([to, chunk]);
  child.stdout!.on('data', hold(process.stdout));
  child.stderr!.on('data', hold(process.stderr));
  let passed = false;
  let waiting = false;
  const open = () => {
    if (child.connected) child.send(CONTENT_GATE_MESSAGES.checked, () => {});
  };
  child.on('message', (message) => {
    if (message !== CONTENT_GATE_MESSAGES.waiting) return;
    waiting = true;
    if (passed) open();
  });

  if (!(await contentIsBuildable())) {
    child.kill('SIGTERM');
    await exited;
    process.exitCode = 1;
    return;
  }
  passed = true;
  if (waiting) open();
  for (const [to, chunk] of held.splice(0)) to.write(chunk);
  for (const [from, to] of [
    [child.stdout!, process.stdout],
    [child.stderr!, process.stderr],
  ] as const) {
    from.removeAllListeners('data');
    from.pipe(to);
  }
  process.exitCode = await exited;
}

/** Settings, posts, pages and peers: one block of every mistake; false when the site cannot build. */
async function contentIsBuildable(): Promise<boolean> {
  // Imported here, not above: `build` starts Astro first (loading the checker takes about a second).
  const [{ SITE_CONFIG_FILE }, { checkSite, formatSiteCheck }, { openFrontmatterCache }] = await Promise.all([
    import('../src/lib/config/load.ts'),
    import('../src/lib/content/check-site.ts'),
    import('../src/lib/content/frontmatter-cache.ts'),
  ]);
  // Frontmatter read by the last run is taken from the cache, which the content loader then shares.
  const cache = await openFrontmatterCache();
  const check = await checkSite(contentDir, cache.read);
  await cache.save({ prune: true });
  if (command !== 'dev') for (const warning of check.warnings) console.warn(`[frontrow] warning: ${warning}`);
  if (check.errors.length === 0) return true;
  console.error(formatSiteCheck(check, command === 'dev' ? 'to fix (the preview leaves these files out and shows why in the browser)' : undefined));
  // The preview still starts with broken posts: it shows each one's problem in the browser.
  return command === 'dev' && !check.errors.some((e) => e.file.endsWith(SITE_CONFIG_FILE));
}

/** `npm run dev`: a settings change restarts Astro (a fresh process reads the new settings). */
async function superviseDev(): Promise<void> {
  const { loadSiteConfig, SITE_CONFIG_FILE } = await import('../src/lib/config/load.ts');
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
  const { loadSiteConfig } = await import('../src/lib/config/load.ts');
  const settingsWork = await loadSiteConfig(contentDir).then(
    () => true,
    () => false,
  );
  if (settingsWork) await superviseDev();
  if (!(await contentIsBuildable())) process.exitCode = 1;
} else if (command === 'build' || command === 'check') {
  await checkedBuild();
} else {
  const child = startAstro();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
