import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const fixtureContent = path.join(repoRoot, 'tests/fixtures/site/content');
const astroCli = path.join(repoRoot, 'scripts/astro.ts');

/**
 * Where tests write: a git-ignored folder inside the repository, never the OS temp folder. A
 * build's prerender step resolves packages (e.g. `@oslojs/encoding`) from dist/ upwards, which
 * only works below the repository's node_modules; and TMPDIR then cannot change a result.
 */
export const testOutputRoot = path.join(repoRoot, '.test-output');

/** A fresh, empty folder under `.test-output/` (`prefix` names what it is for). */
export function workDirSync(prefix: string): string {
  mkdirSync(testOutputRoot, { recursive: true });
  return mkdtempSync(path.join(testOutputRoot, `${prefix.replace(/[^\w.-]+/g, '-').replace(/-?$/, '-')}`));
}

export async function workDir(prefix: string): Promise<string> {
  return workDirSync(prefix);
}

export interface RunResult {
  code: number;
  output: string;
}

/** Environment that points the engine at a content folder and private output/cache folders. */
export function siteEnv(contentDir: string, outDir: string, cacheDir: string, extra: NodeJS.ProcessEnv = {}) {
  // Vitest mirrors Vite's env (NODE_ENV=test, BASE_URL, MODE, DEV, PROD, SSR) into
  // process.env; a child build must not inherit them.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['NODE_ENV', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'TEST'].includes(key) && !key.startsWith('VITEST')),
  );
  return {
    ...inherited,
    FRONTROW_CONTENT_DIR: contentDir,
    FRONTROW_OUT_DIR: outDir,
    FRONTROW_CACHE_DIR: cacheDir,
    // Pictures from other sites the build keeps: each build's own, beside its Astro cache.
    FRONTROW_PICTURES_CACHE: path.join(cacheDir, 'pictures.json'),
    FRONTROW_DEV_TOOLBAR: '0',
    ASTRO_TELEMETRY_DISABLED: '1',
    ASTRO_DEV_BACKGROUND: '0',
    ASTRO_PREVIEW_BACKGROUND: '0',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    // Node's on-disk cache of compiled code, shared by every Astro process of the run: each
    // one then skips compiling Astro, Vite and TypeScript again (about a tenth of a build's
    // CPU). Node checks each entry against its source, so it cannot change a result.
    NODE_COMPILE_CACHE: path.join(testOutputRoot, 'node-compile-cache'),
    ...extra,
  };
}

/**
 * A scratch project root for one `astro build`, `dev` or `preview`: Astro keeps per-project
 * state in `<root>/.astro/` (the content modules a build imports, the dev data store), so a
 * test running from the repository's root would share it with the writer's `npm run dev` and
 * with every other test. The engine's config, src/ and public/ stay the repository's.
 */
export function scratchRoot(): string {
  const root = workDirSync('root');
  // The repository's compiler options; its `@/*` alias spelled out, as paths resolve from here.
  const tsconfig = { extends: path.join(repoRoot, 'tsconfig.json'), compilerOptions: { paths: { '@/*': [path.join(repoRoot, 'src/*')] } } };
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(tsconfig));
  return root;
}

/**
 * Where a command runs: `build`, `dev` and `preview` from a fresh scratch root (as their working
 * folder, since the engine resolves content paths from there too); `check` type-checks the
 * repository itself.
 */
function placeOf(args: readonly string[]): { cwd: string; args: string[] } {
  if (!['build', 'dev', 'preview'].includes(args[0] ?? '') || args.includes('--root')) return { cwd: repoRoot, args: [] };
  const root = scratchRoot();
  // Astro reads `--config` relative to the root.
  return { cwd: root, args: ['--root', root, '--config', path.relative(root, path.join(repoRoot, 'astro.config.mjs'))] };
}

/** Run an Astro command (`build`, `check`…) against a content folder; never throws. */
export function runAstro(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    const place = placeOf(args);
    const child = spawn(process.execPath, [astroCli, ...args, ...place.args], { cwd: place.cwd, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export interface BuiltSite {
  dist: string;
  output: string;
  /** Text of a file under dist/. */
  read(file: string): Promise<string>;
  /** Every file under dist/, relative paths. */
  files(): Promise<string[]>;
}

/** Run `astro build` on a content folder into a fresh dist/ under `.test-output/`; never throws. */
export async function tryBuild(contentDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult & { dist: string }> {
  const work = await workDir('build');
  const dist = path.join(work, 'dist');
  const result = await runAstro(['build'], siteEnv(contentDir, dist, path.join(work, 'cache'), extraEnv));
  return { ...result, dist };
}

/** Build a content folder into a fresh dist/ under `.test-output/`; fails loudly with the build log. */
export async function buildSite(contentDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<BuiltSite> {
  const { code, output, dist } = await tryBuild(contentDir, extraEnv);
  if (code !== 0) throw new Error(`astro build failed (exit ${code}):\n${output}`);
  return {
    dist,
    output,
    read: (file) => readFile(path.join(dist, file), 'utf8'),
    files: async () =>
      (await readdir(dist, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => path.relative(dist, path.join(e.parentPath, e.name))),
  };
}

/** A private copy of a content folder that a test may change. */
export async function copyContent(from = fixtureContent): Promise<string> {
  const dir = path.join(await workDir('content'), 'content');
  await cp(from, dir, { recursive: true });
  return dir;
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
  output: () => string;
}

/**
 * Start `astro dev` or `astro preview` and wait until it says where it listens. With no port
 * (or 0) the server binds a port the system picks and keeps it: nothing is picked, released
 * and hoped to be free still. `astro dev` always runs with `--ignore-lock`, so a writer's own
 * `npm run dev` in the same checkout neither blocks a test nor is disturbed by one.
 * `onOutput` sees the server's output as it starts (a test acting at a given moment of it).
 */
export async function startServer(
  command: 'dev' | 'preview',
  env: NodeJS.ProcessEnv,
  port = 0,
  extraArgs: readonly string[] = [],
  onOutput?: (output: string) => void,
): Promise<RunningServer> {
  const args = [...extraArgs];
  if (command === 'dev' && !args.includes('--ignore-lock')) args.push('--ignore-lock');
  const place = placeOf([command, ...args]);
  const child: ChildProcess = spawn(process.execPath, [astroCli, command, ...args, ...place.args, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: place.cwd,
    env: { ASTRO_DEV_BACKGROUND: '0', ASTRO_PREVIEW_BACKGROUND: '0', ...env },
    detached: true,
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      onOutput?.(output);
      const listening = /https?:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (listening && Number(listening[1]) !== 0) resolve(`http://127.0.0.1:${listening[1]}`);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`astro ${command} exited (${code}) before listening:\n${output}`)));
  });
  // Astro prints its address once the port is bound; the first request also waits for the
  // content layer, so one answered request means the server is ready.
  const first = await fetch(url);
  await first.arrayBuffer();
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  };
}

/** The server's log without a test's own polling (Astro logs each page asked for, a 404 in three lines). */
export function serverLog(server: RunningServer): string {
  return server
    .output()
    .split('\n')
    .filter((line) => !/\[(200|404)\] |getStaticPaths\(\)` route pattern|Possible dynamic routes|^\s*$/.test(line))
    .join('\n');
}

/** Asks `what` until it answers true (a dev server noticing a save); fails after `ms` with the server's log. */
export async function waitUntil(server: RunningServer, what: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out; dev output:\n${serverLog(server).slice(-6000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** A free port outside the system's ephemeral range: for a server that restarts on the same port. */
export { freeFixedPort } from '../../scripts/lib/free-port.ts';
