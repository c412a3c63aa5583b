/**
 * The originality engine's share of a build, in a worker thread beside Astro's content sync and
 * bundling (started by originality.ts): the index brought up to date, every published post's
 * related posts, and, when the build starts (the blogroll's feeds are fresh by then), the drafts'
 * check. On a machine with two cores this takes the engine off the build's critical path.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { OriginalityConfig, OriginalityReport } from '../lib/originality/index.ts';
import { checkOriginality, publishedArchive, READER_RELATED_POSTS, relatedPosts } from '../lib/originality/index.ts';
import { engineVersion } from './engine-version.ts';
import { writeWhole } from '../lib/write-whole.ts';

export interface BesideBuildInput {
  postsDir: string;
  config: OriginalityConfig;
  /** The engine's index cache. */
  cacheDir: string;
  /** Where the last build's related posts are kept (Astro's cache folder). */
  relatedCacheFile: string;
  /** The repository root, whose code the related posts' cache key names. */
  engineRoot: string;
}

/** Each published post's related posts (absolute paths, best first), by absolute path. */
export type RelatedByFile = Record<string, string[]>;
export interface RelatedResult {
  related: RelatedByFile;
  computed: boolean;
  ms: number;
}

/** From the build: check the drafts now, with this feed cache. */
export interface CheckRequest {
  peerCache: string;
}
export type BesideBuildMessage =
  | { kind: 'report'; report: OriginalityReport }
  | { kind: 'related'; result: RelatedResult }
  | { kind: 'failed'; of: 'report' | 'related'; message: string };

interface Stored {
  key: string;
  related: RelatedByFile;
}

async function relatedOfArchive(input: BesideBuildInput): Promise<RelatedResult> {
  const started = performance.now();
  const { postsDir, cacheDir } = input;
  const now = new Date();
  const { files, digest } = await publishedArchive({ postsDir, cacheDir, now });
  const config = { ...input.config, relatedThreshold: READER_RELATED_POSTS.floor };
  const key = createHash('sha256')
    .update(JSON.stringify([engineVersion(input.engineRoot), config, READER_RELATED_POSTS, digest]))
    .digest('hex');
  const stored = await readFile(input.relatedCacheFile, 'utf8').then(
    (text) => JSON.parse(text) as Stored,
    () => undefined,
  );
  if (stored?.key === key) return { related: stored.related, computed: false, ms: performance.now() - started };
  const related: RelatedByFile = {};
  for (const [i, file] of files.entries()) {
    // Lets the drafts' check in when the build asks for it: the build waits for that one.
    if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    const found = await relatedPosts({ postsDir, file, k: READER_RELATED_POSTS.k, config, cacheDir, now });
    related[file] = found.map((r) => path.resolve(r.file));
  }
  await writeWhole(input.relatedCacheFile, JSON.stringify({ key, related } satisfies Stored));
  return { related, computed: true, ms: performance.now() - started };
}

if (parentPort) {
  const port = parentPort;
  const input = workerData as BesideBuildInput;
  const send = (message: BesideBuildMessage) => port.postMessage(message);
  const failed = (of: 'report' | 'related') => (error: unknown) => send({ kind: 'failed', of, message: (error as Error)?.message ?? String(error) });
  // The index is brought up to date once, by the related posts' pass; the check then finds it fresh.
  const related = relatedOfArchive(input).then((result) => send({ kind: 'related', result }), failed('related'));
  port.on('message', ({ peerCache }: CheckRequest) => {
    checkOriginality({ postsDir: input.postsDir, config: input.config, peerCache, cacheDir: input.cacheDir })
      .then((report) => send({ kind: 'report', report }), failed('report'))
      .then(() => related)
      .finally(() => port.close());
  });
}
