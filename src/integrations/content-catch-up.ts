import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { FSWatcher, Plugin, ViteDevServer } from 'vite';
import { isWithin } from '../lib/config/paths.ts';
import { contentFiles } from '../lib/content/check-site.ts';
import { CONTENT_KINDS } from '../lib/content/validate.ts';
import { mapLimit } from '../lib/map-limit.ts';

/** What the plugin offers the others (and tests): the catch-up, settled once it has run. */
export interface ContentCatchUpApi {
  caughtUp: Promise<number>;
}

/**
 * Dev preview only: a post saved while the preview starts is not lost. Astro's content loader
 * lists and reads every file, and only then listens to the file watcher; the watcher reports
 * nothing it found in its first scan. A post added, saved or deleted in between (the seconds a
 * large archive takes to load, or just after a settings restart) stayed out of the preview,
 * or stale, until the next start. So every content file is noted (size and times) before the
 * load, and once the server listens and the watcher's first scan is done, each file that changed
 * since is reported again, as a save would be, and each one deleted since. Noting 5,000 files
 * takes tens of milliseconds; a clock would not do, as file times run on a coarser one.
 */
export function contentCatchUp(contentDir: string): Plugin<ContentCatchUpApi> & { api: ContentCatchUpApi } {
  let settle: (count: number) => void = () => {};
  const api: ContentCatchUpApi = { caughtUp: new Promise((resolve) => (settle = resolve)) };
  return {
    name: 'frontrow:content-catch-up',
    apply: 'serve',
    api,
    async configureServer(server) {
      const before = await noteContent(contentDir);
      const { watcher, config } = server;
      watchOnce(watcher, contentDir, config.root);
      // Not awaited: the server starts listening only after this hook.
      Promise.all([scanned(watcher), listening(server)])
        .then(() => catchUp(watcher, contentDir, before))
        .then(
          (count) => {
            const what = count === 1 ? 'a post, page or peer' : `${count} posts, pages or peers`;
            if (count) config.logger.info(`[frontrow] ${what} saved while the preview started: reloaded`);
            settle(count);
          },
          (error) => {
            config.logger.warn(`[frontrow] could not look for files saved while the preview started: ${(error as Error).message}`);
            settle(0);
          },
        );
    },
  };
}

/** Every post, page and peer file, as the loaders see them, with what tells a save: its size and times. */
async function noteContent(contentDir: string): Promise<Map<string, string>> {
  const files = (await Promise.all(CONTENT_KINDS.map((kind) => contentFiles(path.join(contentDir, kind), kind)))).flat();
  const notes = await mapLimit(files, 16, (file) =>
    stat(file).then(
      (stats) => `${stats.ino} ${stats.size} ${stats.mtimeMs} ${stats.ctimeMs}`,
      () => undefined,
    ),
  );
  return new Map(files.flatMap((file, i) => (notes[i] === undefined ? [] : [[file, notes[i]] as const])));
}

/**
 * The watcher watches the content folder from now (Vite's root covers it when it is inside the
 * project), and never scans it again: Astro's loaders add their folders once they have read
 * them, and a file saved during that second scan would be taken as found, not as added.
 */
function watchOnce(watcher: FSWatcher, contentDir: string, root: string): void {
  if (!isWithin(root, contentDir)) watcher.add(contentDir);
  const add = watcher.add.bind(watcher);
  // chokidar's own calls pass two more arguments: kept as they are.
  watcher.add = ((paths: string | readonly string[], ...more: unknown[]) => {
    const rest = (typeof paths === 'string' ? [paths] : [...paths]).filter((file) => !isWithin(contentDir, path.resolve(root, file)));
    return rest.length ? (add as (...args: unknown[]) => FSWatcher)(rest, ...more) : watcher;
  }) as FSWatcher['add'];
}

/**
 * Resolves when the watcher's first scan is done (chokidar's `ready`, which it emits once). A
 * folder added after `ready` (content outside the project: Vite's watcher is often ready by the
 * time plugins start) is scanned with no event of its own; `watchedAll` waits for that.
 */
function scanned(watcher: FSWatcher): Promise<unknown> {
  // A watcher without chokidar's flag is taken as ready.
  const waiting = (watcher as FSWatcher & { _readyEmitted?: boolean })._readyEmitted === false;
  return waiting ? once(watcher, 'ready') : Promise.resolve();
}

/** Resolves when the server listens: Astro starts it once every loader has read its files. */
function listening(server: ViteDevServer): Promise<unknown> {
  const http = server.httpServer;
  if (!http || http.listening) return Promise.resolve();
  return once(http, 'listening');
}

/** How long to wait for the watcher to know every content file, at most; then catch up anyway. */
const SCAN_WAIT_MS = 60_000;

/**
 * Resolves once the watcher knows every file of `files` (it has read each one's folder): a file
 * saved before that may be taken as found, not as added, and never reported. True when it had
 * to wait. A watcher that cannot list what it watches is taken as done.
 */
async function watchedAll(watcher: FSWatcher, files: readonly string[]): Promise<boolean> {
  if (typeof watcher.getWatched !== 'function') return false;
  const cwd = (watcher as FSWatcher & { options?: { cwd?: string } }).options?.cwd ?? '';
  const knowsAll = () => {
    const byDir = new Map<string, Set<string>>();
    for (const [dir, names] of Object.entries(watcher.getWatched())) byDir.set(path.resolve(cwd, dir), new Set(names));
    // A file deleted since it was listed is one the watcher need not know.
    return files.every((file) => byDir.get(path.dirname(file))?.has(path.basename(file)) || !existsSync(file));
  };
  if (knowsAll()) return false;
  const deadline = Date.now() + SCAN_WAIT_MS;
  while (!knowsAll() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return true;
}

/** Reports each file added or changed since `before` was noted, and each one deleted; returns how many. */
async function catchUp(watcher: FSWatcher, contentDir: string, before: Map<string, string>): Promise<number> {
  let now = await noteContent(contentDir);
  // What was saved while the watcher still read its folders is in a second look.
  if (await watchedAll(watcher, [...now.keys()])) now = await noteContent(contentDir);
  let count = 0;
  for (const [file, note] of now) {
    if (before.get(file) === note) continue;
    watcher.emit(before.has(file) ? 'change' : 'add', file);
    count++;
  }
  for (const file of before.keys()) {
    if (now.has(file)) continue;
    watcher.emit('unlink', file);
    count++;
  }
  return count;
}
