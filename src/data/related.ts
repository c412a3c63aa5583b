import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, config, engineVersion } from 'virtual:frontrow/config';
import { getRelatedPosts } from './originality.ts';
import type { Post } from './posts.ts';

/**
 * Related posts of every published post, for a build: computed once (not once per page), and
 * kept in Astro's cache folder between builds. The result depends on the whole archive (the
 * engine weighs words by how rare they are across it), so it is reused only when no published
 * post changed; then a build with the same posts (a template or config change, the daily
 * scheduled build) skips it. Any post edit recomputes all of it, as a clean build would.
 */
export type RelatedMap = ReadonlyMap<string, readonly Post[]>;

let built: Promise<RelatedMap> | undefined;
export function getAllRelatedPosts(published: readonly Post[]): Promise<RelatedMap> {
  return (built ??= computeAll(published));
}

const cacheFile = path.join(cacheDir, 'frontrow-related-posts.json');
interface Stored {
  key: string;
  related: Record<string, string[]>;
}

async function computeAll(published: readonly Post[]): Promise<RelatedMap> {
  const started = performance.now();
  const byId = new Map(published.map((p) => [p.id, p]));
  const key = archiveKey(published);
  const stored = await readStored();
  let related: Record<string, string[]>;
  if (stored?.key === key) related = stored.related;
  else {
    related = {};
    // One post at a time: the engine's index is shared, and the machine's cores render pages.
    for (const post of published) related[post.id] = (await getRelatedPosts(post, published)).map((p) => p.id);
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFile(cacheFile, JSON.stringify({ key, related } satisfies Stored));
  }
  const from = stored?.key === key ? 'from the cache' : 'computed';
  console.info(`[frontrow] Related posts: ${published.length} posts ${from} in ${Math.round(performance.now() - started)} ms`);
  return new Map(Object.entries(related).map(([id, ids]) => [id, ids.map((i) => byId.get(i)).filter((p): p is Post => p !== undefined)]));
}

/**
 * Every published post's file and exact content, the engine's code (a new version may find
 * other related posts for the same posts) and its settings: what the result depends on.
 */
function archiveKey(published: readonly Post[]): string {
  const hash = createHash('sha256').update(JSON.stringify([engineVersion, config.originality]));
  for (const p of [...published].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(`\0${p.id}\0${p.filePath ?? ''}\0${p.digest ?? ''}`);
  return hash.digest('hex');
}

async function readStored(): Promise<Stored | undefined> {
  try {
    return JSON.parse(await readFile(cacheFile, 'utf8')) as Stored;
  } catch {
    return undefined;
  }
}
