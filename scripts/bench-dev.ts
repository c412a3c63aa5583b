#!/usr/bin/env node
// npm run bench:dev -- --posts 5000 [--words 600] [--edits 3]
// `npm run dev` on a site with N synthetic posts: how long until it serves the home page and a
// post (first start, then a second start that finds the content store), and how long after a
// post is saved the page shows the change. docs/performance.md explains the figures.
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticPost } from '../src/lib/bench/synthetic-posts.ts';
import { DEFAULT_POST_WORDS, frontrowCli, frontrowSite } from './lib/bench-build.ts';
import { parseCommandLine } from './lib/cli.ts';

const root = path.resolve(import.meta.dirname, '..');
const parsed = parseCommandLine(
  {
    posts: { type: 'string', default: '5000' },
    words: { type: 'string', default: String(DEFAULT_POST_WORDS) },
    edits: { type: 'string', default: '3' },
    port: { type: 'string', default: '4399' },
  },
  'Usage: npm run bench:dev -- --posts 5000 [--words 600] [--edits 3] [--port 4399]',
);
if (parsed.exit !== undefined) process.exit(parsed.exit);
const { values } = parsed;
const count = Number(values.posts);
const words = Number(values.words);
const edits = Number(values.edits);
const port = Number(values.port);
if (![count, words, edits, port].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('--posts, --words, --edits and --port must be positive whole numbers');
  process.exit(2);
}

const base = `http://127.0.0.1:${port}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200 with a body matching `accept`; milliseconds since `since`. */
async function waitFor(url: string, since: number, accept: (body: string) => boolean = () => true): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      const body = await res.text();
      if (res.status >= 500) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
      if (res.ok && accept(body)) return performance.now() - since;
    } catch (error) {
      // not listening yet; a server error is final
      if ((error as Error).message.includes(' answered ')) throw error;
    }
    if (performance.now() - since > 600_000) throw new Error(`${url} did not answer in 10 minutes`);
    await sleep(100);
  }
}

async function session(env: NodeJS.ProcessEnv, label: string, editFile?: string) {
  const started = performance.now();
  const child = spawn(process.execPath, [...frontrowCli, 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, ...env, ASTRO_DEV_BACKGROUND: '0', FRONTROW_DEV_TOOLBAR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  try {
    const home = await waitFor(`${base}/`, started);
    const postUrl = `${base}/posts/bench/${syntheticPost(Math.floor(count / 2)).fileName.replace(/\.md$/, '')}/`;
    const post = await waitFor(postUrl, started);
    console.log(`${label}: home page served after ${(home / 1000).toFixed(1)} s, a post after ${(post / 1000).toFixed(1)} s`);
    if (!editFile) return;
    const changes: number[] = [];
    for (let i = 1; i <= edits; i++) {
      const marker = `edit-marker-${Date.now()}-${i}`;
      const saved = performance.now();
      await appendFile(editFile, `\nA sentence saved in the editor: ${marker}.\n`);
      changes.push(await waitFor(postUrl, saved, (body) => body.includes(marker)));
      await sleep(1500);
    }
    console.log(`${label}: save to change on the post page ${changes.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  } catch (error) {
    console.error(log.split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => child.once('exit', r).once('error', r));
  }
}

// `astro dev` keeps its content store in .astro/; a store from another content folder would
// keep entries (and image paths) from there. Set the writer's aside, put it back at the end.
const stores = ['data-store.json', 'data-store'].map((name) => path.join(root, '.astro', name));
const aside = await Promise.all(
  stores.map((store) =>
    rename(store, `${store}.before-bench`).then(
      () => true,
      () => false,
    ),
  ),
);
const work = await mkdtemp(path.join(tmpdir(), 'frontrow-bench-dev-'));
try {
  const site = await frontrowSite(work, count, { words });
  console.log(`npm run dev with ${count} synthetic posts of about ${words} words (in ${work})…`);
  await session(site.env, 'first start');
  const edited = path.join(site.content, 'posts', 'bench', syntheticPost(Math.floor(count / 2)).fileName);
  await session(site.env, 'second start', edited);
} finally {
  await rm(work, { recursive: true, force: true });
  for (const [i, store] of stores.entries()) {
    await rm(store, { recursive: true, force: true });
    if (aside[i]) await rename(`${store}.before-bench`, store);
  }
}
