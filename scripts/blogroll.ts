#!/usr/bin/env node
// npm run blogroll -- add <site-url> [--name N] [--feed URL] [--description D] [--tags a,b] [--rel "friend met"]
// npm run blogroll -- import <file.opml>
// npm run blogroll -- check [--site https://your.site/]
// Options for all: --dir <content/blogroll>, --timeout <ms>.
// Entries are only ever created, never overwritten or deleted.
import path from 'node:path';
import { blogrollConfigSchema } from '../src/lib/blogroll/config.ts';
import { addPeer, blogrollUserAgent, checkBlogroll, DEFAULT_CONFIG, importOpml, UsageError, type CommandContext } from '../src/lib/blogroll/index.ts';
import { loadSiteConfig } from '../src/lib/config/load.ts';
import { resolveContentDir } from '../src/lib/config/paths.ts';
import { readStore, recommenders, responsesCachePaths } from '../src/lib/responses/index.ts';
import { parseCommandLine } from './lib/cli.ts';

const usage = `Usage:
  npm run blogroll -- add <site-url> [--name "Their Name"] [--feed URL] [--description "…"] [--tags a,b] [--rel "friend met"]
  npm run blogroll -- import <file.opml>
  npm run blogroll -- check [--site https://your.site/]
Options: --dir <folder> (default content/blogroll), --timeout <ms>`;

async function main(): Promise<number> {
  const parsed = parseCommandLine(
    {
      dir: { type: 'string' },
      site: { type: 'string' },
      timeout: { type: 'string' },
      name: { type: 'string' },
      feed: { type: 'string' },
      description: { type: 'string' },
      tags: { type: 'string' },
      rel: { type: 'string' },
    },
    usage,
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const { values, positionals } = parsed;
  const [command, target, ...extra] = positionals;
  const needsTarget = command === 'add' || command === 'import';
  if (!command || !['add', 'import', 'check'].includes(command) || (needsTarget && !target) || extra.length > 0 || (!needsTarget && target)) {
    console.error(`${command && !['add', 'import', 'check'].includes(command) ? `Unknown command "${command}".\n` : ''}${usage}`);
    return 2;
  }

  const contentDir = resolveContentDir();
  const dir = path.resolve(values.dir ?? path.join(contentDir, 'blogroll'));
  // The site config supplies this site's URL and the fetch limits; flags win.
  let siteUrl = values.site;
  let config = DEFAULT_CONFIG;
  let block: string[] = [];
  try {
    const site = await loadSiteConfig(contentDir);
    siteUrl ??= site.url;
    config = site.blogroll;
    block = site.moderation.block;
  } catch (error) {
    if (command === 'check' && !siteUrl) {
      console.error(`check needs this site's URL: pass --site https://your.site/ or fix the site config.\n${(error as Error).message}`);
      return 2;
    }
  }
  if (values.timeout !== undefined) {
    const timeoutMs = Number(values.timeout);
    const checked = blogrollConfigSchema.safeParse({ ...config, timeoutMs });
    if (!checked.success) {
      console.error(`--timeout must be a number of milliseconds between 100 and 60000.\n${usage}`);
      return 2;
    }
    config = checked.data;
  }
  if (siteUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(siteUrl)) {
    console.error(`--site must be a full http(s) URL, for example https://your.site/`);
    return 2;
  }

  const ctx: CommandContext = {
    dir,
    config,
    userAgent: siteUrl ? blogrollUserAgent(siteUrl) : 'Frontrow-blogroll/1',
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    // Who recommends this site, as the last build heard it (Webmentions from recommendations.json).
    ...(command === 'check' ? { recommenders: recommenders((await readStore(responsesCachePaths().file)).store.webmention.items, block) } : {}),
  };
  try {
    if (command === 'add') {
      return await addPeer(
        target!,
        {
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(values.feed !== undefined ? { feed: values.feed } : {}),
          ...(values.description !== undefined ? { description: values.description } : {}),
          ...(values.tags !== undefined
            ? {
                tags: values.tags
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(values.rel !== undefined ? { rel: values.rel } : {}),
        },
        ctx,
      );
    }
    if (command === 'import') return await importOpml(path.resolve(target!), ctx);
    return await checkBlogroll(siteUrl!, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main();
