/**
 * npm run originality -- [files...] [--archive <dir>] [--json] [--fail-on rehash|passage|none]
 *
 * Checks drafts (default: every `draft: true` post in content/posts) against the archive of
 * published posts. Exit codes: 0 ok, 1 a draft has the --fail-on verdict, 2 bad input.
 * Thresholds come from the `originality` section of content/site.config.ts when it loads.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveContentDir, resolveFeedCacheFile, resolveOriginalityCacheDir } from '../src/lib/config/paths.ts';
import { checkOriginality, failsOn, formatReport, OriginalityInputError, rememberedSettings, type OriginalityConfig } from '../src/lib/originality/index.ts';
import { parseCommandLine } from './lib/cli.ts';

/**
 * `site.config.ts` in the content folder (FRONTROW_CONTENT_DIR, as the site build honours it),
 * named as load.ts's SITE_CONFIG_FILE but not imported from there: that module loads Zod.
 */
const SITE_CONFIG = relative(process.cwd(), resolve(resolveContentDir(), 'site.config.ts'));

const USAGE = `usage: npm run originality -- [files...] [--archive <dir>] [--json] [--fail-on rehash|passage|none]
                             [--posts <dir>] [--cache <dir>] [--peers <file>] [--no-peers] [--no-color]`;

const FAIL_ON = ['none', 'rehash', 'passage'] as const;

/** The command line; a number is the exit code when there is nothing to check (--help, bad usage). */
function readArgs() {
  const parsed = parseCommandLine(
    {
      archive: { type: 'string' },
      posts: { type: 'string', default: 'content/posts' },
      cache: { type: 'string' },
      json: { type: 'boolean', default: false },
      'fail-on': { type: 'string' },
      peers: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const { values } = parsed;
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) {
    console.error(`originality: --fail-on must be rehash, passage or none, not "${failOn}"\n${USAGE}`);
    return 2;
  }
  return {
    files: parsed.positionals,
    archive: values.archive,
    posts: values.posts,
    cache: values.cache,
    json: values.json,
    failOn: failOn as (typeof FAIL_ON)[number] | undefined,
    color: values['no-color'] ? false : values.color,
    // The blogroll's feed cache to compare with, or null for none.
    peers: values['no-peers'] ? null : values.peers,
  };
}

/**
 * The `originality` section of content/site.config.ts, the only part of the site config this
 * command uses, validated alone (with the site's own schema and error wording) and remembered
 * once valid; the defaults when there is no site config.
 */
async function loadConfig(cacheDir: string): Promise<OriginalityConfig> {
  const file = resolve(SITE_CONFIG);
  let raw: unknown;
  if (existsSync(file)) {
    try {
      raw = ((await import(pathToFileURL(file).href)) as { default?: { originality?: unknown } }).default?.originality;
    } catch (error) {
      throw new OriginalityInputError(`${SITE_CONFIG}: ${(error as Error).message}`);
    }
  }
  return rememberedSettings(raw, cacheDir, async () => {
    const [{ z }, { originalityConfigSchema }, { toConfigError }] = await Promise.all([
      import('zod'),
      import('../src/lib/originality/config.ts'),
      import('../src/lib/config/errors.ts'),
    ]);
    const result = z.object({ originality: originalityConfigSchema }).safeParse({ originality: raw });
    if (!result.success) throw new OriginalityInputError(toConfigError(SITE_CONFIG, result.error).message);
    return result.data.originality;
  });
}

async function main(): Promise<number> {
  const args = readArgs();
  if (typeof args === 'number') return args;
  // The build's index, so the CLI answers from the same one (and keeps it fresh for the build).
  const cacheDir = args.cache ?? resolveOriginalityCacheDir();
  const config = await loadConfig(cacheDir);
  const report = await checkOriginality({
    postsDir: args.posts,
    ...(args.files.length ? { drafts: args.files } : {}),
    ...(args.archive !== undefined ? { archiveDir: args.archive } : {}),
    cacheDir,
    // Peers' recent posts from the blogroll's feed cache, when it exists (read only then).
    ...(args.peers !== null ? { peerCache: args.peers ?? resolveFeedCacheFile() } : {}),
    config,
  });
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const color = args.color ?? (process.stdout.isTTY === true && !process.env['NO_COLOR']);
    process.stdout.write(formatReport(report, { color, width: Math.min(100, process.stdout.columns || 100) }));
  }
  // --fail-on wins over the site config's `originality.failOn` (default none).
  return failsOn(report, args.failOn ?? config.failOn) ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof OriginalityInputError) {
    console.error(`originality: ${error.message}`);
    process.exitCode = 2;
  } else throw error;
}
