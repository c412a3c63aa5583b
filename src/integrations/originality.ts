import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { resolveFeedCacheFile } from '../lib/config/paths.ts';
import type { OriginalityConfig } from '../lib/originality/config.ts';
import { checkOriginality, failsOn, formatReport } from '../lib/originality/index.ts';

export interface OriginalityGateOptions {
  config: OriginalityConfig;
  contentDir: string;
  /** Where the index cache lives; kept between builds. */
  cacheDir?: string;
}

/**
 * Build gate: every `npm run build` checks all drafts against the published archive and prints
 * the report. It warns by default; `originality.failOn` in the site config makes it fail (for
 * CI on pull requests).
 */
export default function originalityGate({ config, contentDir, cacheDir }: OriginalityGateOptions): AstroIntegration {
  return {
    name: 'frontrow:originality',
    hooks: {
      'astro:build:start': async ({ logger }) => {
        // Peers' posts from the last build's feed cache: reported, never a reason to fail.
        const report = await checkOriginality({
          postsDir: path.join(contentDir, 'posts'),
          config,
          peerCache: resolveFeedCacheFile(),
          ...(cacheDir ? { cacheDir } : {}),
        });
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
      },
    },
  };
}
