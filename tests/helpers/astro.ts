import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const fixtureContent = path.join(repoRoot, 'tests/fixtures/site/content');
const astroCli = path.join(repoRoot, 'scripts/astro.ts');

export interface RunResult {
  code: number;
  output: string;
}

/** Environment that points the engine at a content folder and private output/cache folders. */
export function siteEnv(contentDir: string, outDir: string, cacheDir: string, extra: NodeJS.ProcessEnv = {}) {
  // Vitest mirrors Vite's env (NODE_ENV=test, BASE_URL, MODE, DEV, PROD, SSR) into
  // process.env; a child build must not inherit them.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !['NODE_ENV', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'TEST'].includes(key) && !key.startsWith('VITEST'),
    ),
  );
  return {
    ...inherited,
    FRONTROW_CONTENT_DIR: contentDir,
    FRONTROW_OUT_DIR: outDir,
    FRONTROW_CACHE_DIR: cacheDir,
    FRONTROW_DEV_TOOLBAR: '0',
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extra,
  };
}

/** Run an Astro command (`build`, `check`…) against a content folder; never throws. */
export function runAstro(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [astroCli, ...args], { cwd: repoRoot, env });
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

/** Build a content folder into a fresh temporary dist/; fails loudly with the build log. */
export async function buildSite(contentDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<BuiltSite> {
  const work = await mkdtemp(path.join(tmpdir(), 'frontrow-build-'));
  const dist = path.join(work, 'dist');
  const result = await runAstro(['build'], siteEnv(contentDir, dist, path.join(work, 'cache'), extraEnv));
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output}`);
  return {
    dist,
    output: result.output,
    read: (file) => readFile(path.join(dist, file), 'utf8'),
    files: async () => (await readdir(dist, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dist, path.join(e.parentPath, e.name))),
  };
}

/** A private copy of a content folder that a test may change. */
export async function copyContent(from = fixtureContent): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'frontrow-content-')), 'content');
  await cp(from, dir, { recursive: true });
  return dir;
}

/** Start `astro dev` or `astro preview` on a free port and wait until it answers. */
export async function startServer(
  command: 'dev' | 'preview',
  env: NodeJS.ProcessEnv,
  port: number,
  extraArgs: readonly string[] = [],
): Promise<{ url: string; stop: () => Promise<void>; output: () => string }> {
  const child: ChildProcess = spawn(process.execPath, [astroCli, command, ...extraArgs, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: repoRoot,
    env,
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`astro ${command} exited early:\n${output}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`astro ${command} did not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  };
}

/** A TCP port that is free right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
