import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resolveFeedCacheFile, resolveOriginalityCacheDir } from '../lib/config/paths.ts';
import { handOff, RELATED_POSTS } from '../lib/handoff.ts';
import type { OriginalityConfig, OriginalityReport } from '../lib/originality/index.ts';
import { checkOriginality, failsOn, formatReport } from '../lib/originality/index.ts';
import type { BesideBuildInput, BesideBuildMessage, CheckRequest, RelatedResult } from './originality-worker.ts';

export interface OriginalityGateOptions {
  config: OriginalityConfig;
  contentDir: string;
  /** Where the index cache lives, kept between builds: the engine's cache folder by default. */
  cacheDir?: string;
}

/** The last build's related posts, in Astro's cache folder. */
const RELATED_CACHE_FILE = 'frontrow-related-posts.json';

/**
 * The worker's young generation, in MB. Its garbage is short-lived (each post's scores), and with
 * V8's default its heap held 173 MB for 32 MB of live data at 5,000 posts, all of it resident
 * while Astro bundles beside it; with 8 MB, 50 MB, at the same speed (docs/performance-log.md).
 * The old generation is not capped: a large archive gets the heap it needs.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** The engine's work in a worker thread, from the moment Astro has its settings (see originality-worker.ts). */
function startBesideBuild(input: BesideBuildInput) {
  const worker = new Worker(new URL('./originality-worker.ts', import.meta.url), {
    workerData: input,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const settled = { report: Promise.withResolvers<OriginalityReport>(), related: Promise.withResolvers<RelatedResult>() };
  // The worker keeps the process alive while the build may be waiting for it (awaiting its message
  // is no pending work in Node's eyes), and no longer: a build that failed before asking for the
  // drafts' check must not wait for a request that never comes.
  const pending = { related: true, check: false };
  const release = (done: 'related' | 'check') => {
    pending[done] = false;
    if (!pending.related && !pending.check) worker.unref();
  };
  void settled.related.promise.catch(() => undefined).then(() => release('related'));
  worker.on('message', (message: BesideBuildMessage) => {
    if (message.kind === 'report') settled.report.resolve(message.report);
    else if (message.kind === 'related') settled.related.resolve(message.result);
    else settled[message.of].reject(new Error(message.message));
  });
  const lost = (error: Error) => {
    settled.report.reject(error);
    settled.related.reject(error);
  };
  worker.on('error', lost);
  worker.on('exit', (code) => lost(new Error(`The originality worker stopped (exit code ${code}) before it finished.`)));
  handOff(RELATED_POSTS, settled.related.promise);
  // Rejected only if the worker fails before the build asks for the check.
  settled.report.promise.catch(() => undefined);
  return {
    check(peerCache: string): Promise<OriginalityReport> {
      pending.check = true;
      worker.ref();
      worker.postMessage({ peerCache } satisfies CheckRequest);
      return settled.report.promise.finally(() => release('check'));
    },
    stop: () => void worker.terminate(),
  };
}

/**
 * Build gate: every `npm run build` checks all drafts against the published archive and prints
 * the report. It warns by default; `originality.failOn` in the site config makes it fail (for
 * CI on pull requests). The engine works beside Astro from the start of the build (the index,
 * every post's related posts); the check itself waits for the build to start, when the
 * blogroll's hook has refreshed peers' posts.
 */
export default function originalityGate({ config, contentDir, cacheDir: givenCacheDir }: OriginalityGateOptions): AstroIntegration {
  const postsDir = path.join(contentDir, 'posts');
  const cacheDir = givenCacheDir ? path.resolve(givenCacheDir) : resolveOriginalityCacheDir();
  let beside: ReturnType<typeof startBesideBuild> | undefined;
  return {
    name: 'frontrow:originality',
    hooks: {
      'astro:config:setup': ({ command, config: astroConfig }) => {
        if (command !== 'build') return;
        beside = startBesideBuild({
          postsDir,
          config,
          cacheDir,
          relatedCacheFile: path.join(fileURLToPath(astroConfig.cacheDir), RELATED_CACHE_FILE),
          engineRoot: fileURLToPath(new URL('../../', import.meta.url)),
        });
      },
      'astro:build:start': async ({ logger }) => {
        // Peers' posts from the last build's feed cache: reported, never a reason to fail.
        const peerCache = resolveFeedCacheFile();
        const report = beside ? await beside.check(peerCache) : await checkOriginality({ postsDir, config, peerCache, cacheDir });
        gate(report, config, logger);
      },
      'astro:build:done': () => beside?.stop(),
    },
  };
}

function gate(report: OriginalityReport, config: OriginalityConfig, logger: AstroIntegrationLogger): void {
  if (report.drafts.length === 0) {
    logger.info(`No drafts to check (archive: ${report.archive.posts} posts).`);
    return;
  }
  const text = formatReport(report, { color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'], width: 100 });
  const flagged = report.drafts.filter((d) => d.verdict !== 'original');
  const summary = `${report.drafts.length} draft(s) checked against ${report.archive.posts} posts: ${flagged.length} flagged.`;
  if (flagged.length === 0) {
    logger.info(summary);
    return;
  }
  logger.warn(`${summary}\n${text}`);
  if (failsOn(report, config.failOn)) {
    throw new Error(
      `Originality check failed (originality.failOn: "${config.failOn}"): ${flagged
        .map((d) => `${d.file} is ${d.verdict === 'rehash' ? 'a rehash' : 'reusing passages'}`)
        .join('; ')}. Revise the draft, or set originality.failOn to "none" in content/site.config.ts.`,
    );
  }
}
