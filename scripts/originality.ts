/**
 * npm run originality -- [files...] [--archive <dir>] [--json] [--fail-on rehash|passage]
 *
 * Checks drafts (default: every `draft: true` post in content/posts) against the archive of
 * published posts. Exit codes: 0 ok, 1 a draft has the --fail-on verdict, 2 bad input.
 * Thresholds come from the `originality` section of content/site.config.ts when it loads.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveContentDir, resolveFeedCacheFile } from '../src/lib/config/paths.ts';
import {
  checkOriginality,
  DEFAULT_CACHE_DIR,
  failsOn,
  formatReport,
  OriginalityInputError,
  rememberedSettings,
  type OriginalityConfig,
} from '../src/lib/originality/index.ts';

/**
 * `site.config.ts` in the content folder (FRONTROW_CONTENT_DIR, as the site build honours it),
 * named as load.ts's SITE_CONFIG_FILE but not imported from there: that module loads Zod.
 */
const SITE_CONFIG = relative(process.cwd(), resolve(resolveContentDir(), 'site.config.ts'));

const USAGE = `usage: npm run originality -- [files...] [--archive <dir>] [--json] [--fail-on rehash|passage|none]
                             [--posts <dir>] [--cache <dir>] [--peers <file>] [--no-peers] [--no-color]`;

interface Args {
  files: string[];
  archive?: string;
  posts: string;
  cache?: string;
  json: boolean;
  failOn?: 'none' | 'rehash' | 'passage';
  color?: boolean;
  /** The blogroll's feed cache to compare with, or null for none. */
  peers?: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { files: [], posts: 'content/posts', json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new OriginalityInputError(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--json') args.json = true;
    else if (arg === '--archive') args.archive = value();
    else if (arg === '--posts') args.posts = value();
    else if (arg === '--cache') args.cache = value();
    else if (arg === '--no-color') args.color = false;
    else if (arg === '--peers') args.peers = value();
    else if (arg === '--no-peers') args.peers = null;
    else if (arg === '--color') args.color = true;
    else if (arg === '--fail-on') {
      const v = value();
      if (v !== 'rehash' && v !== 'passage' && v !== 'none') throw new OriginalityInputError(`--fail-on must be rehash, passage or none, not "${v}"`);
      args.failOn = v;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('--')) throw new OriginalityInputError(`unknown option ${arg}\n${USAGE}`);
    else args.files.push(arg);
  }
  return args;
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
  const args = parseArgs(process.argv.slice(2));
  const config = await loadConfig(args.cache ?? DEFAULT_CACHE_DIR);
  const report = await checkOriginality({
    postsDir: args.posts,
    ...(args.files.length ? { drafts: args.files } : {}),
    ...(args.archive !== undefined ? { archiveDir: args.archive } : {}),
    ...(args.cache !== undefined ? { cacheDir: args.cache } : {}),
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
