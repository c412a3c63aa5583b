import { EventEmitter } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentCatchUp } from '../../src/integrations/content-catch-up.ts';
import { workDir } from '../helpers/astro.ts';

/** The parts of Vite's dev server the plugin uses: chokidar's watcher, the HTTP server, the logger. */
function fakeServer(root: string) {
  const watcher = Object.assign(new EventEmitter(), {
    _readyEmitted: false,
    added: [] as unknown[][],
    add(...args: unknown[]) {
      watcher.added.push(args);
      return watcher;
    },
  });
  const httpServer = Object.assign(new EventEmitter(), { listening: false });
  const logged: string[] = [];
  const events: string[] = [];
  for (const name of ['add', 'change', 'unlink']) watcher.on(name, (file: string) => events.push(`${name} ${path.basename(file)}`));
  const server = { watcher, httpServer, config: { root, logger: { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) } } };
  return { server, watcher, httpServer, logged, events };
}

/** The plugin's hook run on a fake server; `caughtUp` settles once it has reported. */
async function start(contentDir: string, root: string, fake = fakeServer(root)) {
  const plugin = contentCatchUp(contentDir);
  await (plugin.configureServer as (server: unknown) => Promise<void>)(fake.server);
  let settled = false;
  const caughtUp = plugin.api.caughtUp.then((count) => {
    settled = true;
    return count;
  });
  return { ...fake, caughtUp, settled: () => settled };
}

describe('content saved while the dev preview starts', () => {
  let base = '';
  let content = '';
  beforeEach(async () => {
    base = await workDir('catch-up');
    content = path.join(base, 'content');
    for (const kind of ['posts', 'pages', 'blogroll']) await mkdir(path.join(content, kind), { recursive: true });
    for (const name of ['posts/kept.md', 'posts/edited.md', 'posts/deleted.mdx', 'pages/about.md', 'blogroll/bob.md']) {
      await writeFile(path.join(content, name), 'x');
    }
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('once the server listens and the watcher has scanned, reports each file added, saved or deleted since the start', async () => {
    const site = await start(content, base);
    site.httpServer.emit('listening');
    await writeFile(path.join(content, 'posts', 'added.md'), 'new');
    // Another length: told apart from the file as noted even within one tick of the file clock.
    await writeFile(path.join(content, 'posts', 'edited.md'), 'saved');
    await rm(path.join(content, 'posts', 'deleted.mdx'));
    await writeFile(path.join(content, 'posts', '_note.md'), 'never published');
    await writeFile(path.join(content, 'posts', 'cover.png'), 'not a post');
    await writeFile(path.join(content, 'blogroll', 'carol.md'), 'new peer');
    // Until the watcher has scanned, a save may still be missed: nothing is reported yet.
    expect(site.settled()).toBe(false);
    expect(site.events).toEqual([]);

    site.watcher._readyEmitted = true;
    site.watcher.emit('ready');
    expect(await site.caughtUp).toBe(4);
    expect(site.events.sort()).toEqual(['add added.md', 'add carol.md', 'change edited.md', 'unlink deleted.mdx']);
    expect(site.logged).toEqual(['[frontrow] 4 posts, pages or peers saved while the preview started: reloaded']);
  });

  it('waits for the server to listen too', async () => {
    const site = await start(content, base);
    site.watcher._readyEmitted = true;
    site.watcher.emit('ready');
    await writeFile(path.join(content, 'posts', 'added.md'), 'new');
    expect(site.settled()).toBe(false);
    site.httpServer.emit('listening');
    expect(await site.caughtUp).toBe(1);
    expect(site.events).toEqual(['add added.md']);
  });

  it('reports nothing when nothing changed, on a server already listening and scanned', async () => {
    const fake = fakeServer(base);
    fake.watcher._readyEmitted = true;
    fake.httpServer.listening = true;
    const site = await start(content, base, fake);
    expect(await site.caughtUp).toBe(0);
    expect(site.events).toEqual([]);
    expect(site.logged).toEqual([]);
  });

  it('waits until the watcher has read the content folder, when it was added after the watcher was ready', async () => {
    // Vite's watcher is often ready before the plugins start; the content folder, outside the
    // project, is then scanned with no event of its own, and a save during that scan is taken as
    // found. Until the watcher knows every file, the plugin waits.
    const fake = fakeServer(path.join(base, 'project'));
    let watched: Record<string, string[]> = {};
    Object.assign(fake.watcher, { _readyEmitted: true, getWatched: () => watched });
    fake.httpServer.listening = true;
    const site = await start(content, path.join(base, 'project'), fake);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(site.settled()).toBe(false);
    // Saved while the watcher reads the folders: the folder listing already passed it by.
    await writeFile(path.join(content, 'posts', 'added.md'), 'new');
    await rm(path.join(content, 'posts', 'deleted.mdx'));
    watched = {
      [path.join(content, 'posts')]: ['added.md', 'edited.md', 'kept.md'],
      [path.join(content, 'pages')]: ['about.md'],
      [path.join(content, 'blogroll')]: ['bob.md'],
    };
    expect(await site.caughtUp).toBe(2);
    expect(site.events.sort()).toEqual(['add added.md', 'unlink deleted.mdx']);
  });

  it('watches a content folder outside the project, and never lets a loader scan it again', async () => {
    const { watcher } = await start(content, path.join(base, 'project'));
    // Outside the project root, which Vite watches: the folder is added once, whole.
    expect(watcher.added).toEqual([[content]]);
    // Astro's loaders add their folders after reading them; a second scan would take a file
    // saved during it as found, not as added.
    watcher.add(path.join(content, 'posts'));
    watcher.add([path.join(content, 'pages'), path.join(content, 'site.config.ts')]);
    expect(watcher.added).toEqual([[content]]);
    // Anything else reaches the watcher, with chokidar's own extra arguments.
    watcher.add(path.join(base, 'elsewhere'), 'target', true);
    expect(watcher.added.at(-1)).toEqual([[path.join(base, 'elsewhere')], 'target', true]);
  });

  it('leaves a content folder inside the project to the watcher of the project', async () => {
    const { watcher } = await start(content, base);
    expect(watcher.added).toEqual([]);
    watcher.add('content/posts');
    expect(watcher.added).toEqual([]);
    watcher.add('src/pages');
    expect(watcher.added).toEqual([[['src/pages']]]);
  });
});
