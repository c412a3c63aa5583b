import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/*
 * Pagefind's own command, run on some pages of a built site to write their index into a folder.
 * Not its Node API: Pagefind 1.6's service builds the whole index twice when asked to write it
 * (its request handler builds it, then its write builds it again), which cost 0.4-1.0 s at 5,000
 * posts and 1.0-1.5 s at 10,000 (docs/performance-log.md); the command builds it once. Each run
 * is a process of its own, so parts of an index are written at once by running several.
 */

/** A Pagefind run under way: `finished` settles when its index is written. */
export interface PagefindRun {
  finished: Promise<void>;
  /** Ends the run; what it wrote so far must not be used. */
  stop: () => Promise<void>;
}

/** The installed Pagefind package's folder (its package exports neither `package.json` nor its binary's lookup, so it is found by hand). */
export function pagefindPackage(): string {
  for (const dir of createRequire(import.meta.url).resolve.paths('pagefind') ?? []) {
    if (existsSync(path.join(dir, 'pagefind', 'package.json'))) return path.join(dir, 'pagefind');
  }
  throw new Error('Pagefind is not installed');
}

/** The binary Pagefind's Node API starts: its own lookup (the platform's package, or `PAGEFIND_BINARY_PATH`). */
async function pagefindBinary(): Promise<string> {
  const lookup = path.join(pagefindPackage(), 'lib', 'resolveBinary.js');
  const { resolveBinaryPath } = (await import(pathToFileURL(lookup).href)) as {
    resolveBinaryPath: (names: string[]) => string;
  };
  return resolveBinaryPath(['pagefind_extended', 'pagefind']);
}

/** Settings the command would take from the environment over ours: which pages, and where the index goes. */
const OURS = ['PAGEFIND_SITE', 'PAGEFIND_SOURCE', 'PAGEFIND_GLOB', 'PAGEFIND_OUTPUT_PATH', 'PAGEFIND_OUTPUT_SUBDIR', 'PAGEFIND_BUNDLE_DIR'];

/** The last lines a run printed, for the error when it fails. */
const LINES_KEPT = 20;

/**
 * Starts Pagefind writing the index of the pages `glob` names under `site` (Pagefind's glob, from
 * the site's root) into `output`. The glob goes in a settings file, since a part's glob lists each
 * of its pages and a command line has a length limit; the command runs in that file's own folder,
 * so a `pagefind.yml` of the writer's repository never applies.
 */
export function runPagefind(site: string, glob: string, output: string): PagefindRun {
  let child: ChildProcess | undefined;
  let stopped = false;
  const finished = (async () => {
    const binary = await pagefindBinary();
    const folder = await mkdtemp(path.join(tmpdir(), 'frontrow-pagefind-'));
    try {
      await writeFile(path.join(folder, 'pagefind.json'), JSON.stringify({ glob }));
      if (stopped) return;
      const env = { ...process.env };
      for (const name of OURS) delete env[name];
      child = spawn(binary, ['--site', site, '--output-path', output, '--quiet'], { cwd: folder, env, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      const keep = (chunk: Buffer) => {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        lines.splice(0, Math.max(0, lines.length - LINES_KEPT));
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
      if (stopped) return;
      if (code !== 0) throw new Error(`Pagefind failed (${signal ?? `exit code ${code}`}): ${lines.join(' ').trim() || 'it printed nothing'}`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  })();
  // Its failure is reported where it is awaited, not as an unhandled rejection meanwhile.
  finished.catch(() => undefined);
  return {
    finished,
    stop: async () => {
      stopped = true;
      // Killed outright: Pagefind holds nothing that needs an orderly end, and what it wrote is dropped.
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await finished.catch(() => undefined);
    },
  };
}

/** How many pages the index in `output` holds, from its entry file. */
export async function indexedPages(output: string): Promise<number> {
  const entry = JSON.parse(await readFile(path.join(output, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
}
