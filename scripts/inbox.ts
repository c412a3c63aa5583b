#!/usr/bin/env node
// npm run inbox                  the conversations waiting for your answer, and your front row
// npm run inbox -- --json        the same as JSON (npm run --silent inbox -- --json)
// npm run inbox -- --offline     from the cache the last build or inbox run left, no network
// npm run inbox -- done <id>     mark one answered by hand (kept in content/inbox-done.txt)
import path from 'node:path';
import { loadSiteConfig } from '../src/lib/config/load.ts';
import { isOffline, resolveContentDir } from '../src/lib/config/paths.ts';
import {
  addDoneMark,
  allItems,
  assignToPosts,
  buildInbox,
  collectResponses,
  DONE_FILE,
  formatInbox,
  readDoneMarks,
  readPostRefs,
  readStore,
  responsesCachePaths,
  siteCollectOptions,
} from '../src/lib/responses/index.ts';
import { parseCommandLine } from './lib/cli.ts';

const usage = `Usage:
  npm run inbox [-- --json] [--offline] [--days 90]
  npm run inbox -- done <id>`;

async function main(): Promise<number> {
  const parsed = parseCommandLine(
    {
      json: { type: 'boolean' },
      offline: { type: 'boolean' },
      days: { type: 'string' },
    },
    usage,
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const { values, positionals } = parsed;
  const [command, id, ...extra] = positionals;
  const days = values.days === undefined ? 90 : Number(values.days);
  if (
    (command !== undefined && command !== 'done') ||
    (command === 'done' && !id) ||
    (command === undefined && id) ||
    extra.length > 0 ||
    !(Number.isInteger(days) && days > 0)
  ) {
    console.error(`${command && command !== 'done' ? `Unknown command "${command}".\n` : ''}${usage}`);
    return 2;
  }

  const contentDir = resolveContentDir();
  let config;
  try {
    config = await loadSiteConfig(contentDir);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const siteUrl = new URL(config.base, config.url).href;
  const doneFile = path.join(contentDir, DONE_FILE);
  const { file } = responsesCachePaths();
  const posts = await readPostRefs(path.join(contentDir, 'posts'), config);

  if (command === 'done') {
    const { store } = await readStore(file);
    const known = allItems(store).some((r) => r.id === id || r.aliases?.includes(id!));
    if (!known) {
      console.error(`No response with id "${id}" in ${path.relative(process.cwd(), file)}. Copy the id from \`npm run inbox\`.`);
      return 1;
    }
    const added = await addDoneMark(doneFile, id!);
    console.log(added ? `Marked ${id} answered (${path.relative(process.cwd(), doneFile)}).` : `${id} was already marked answered.`);
    return 0;
  }

  // Progress and warnings go to stderr, so `--json` prints nothing but JSON on stdout.
  const note = (line: string) => console.error(line);
  const githubToken = process.env['GITHUB_TOKEN'];
  if (config.giscus && !githubToken) note('giscus: skipped (set GITHUB_TOKEN to include giscus comments).');
  const store = await collectResponses({
    ...siteCollectOptions(config, siteUrl, posts),
    giscus: config.giscus && githubToken ? { repo: config.giscus.repo, categoryId: config.giscus.categoryId, token: githubToken } : undefined,
    offline: values.offline === true || isOffline(),
    log: values.json ? () => {} : note,
    warn: note,
  });
  const profiles = config.profiles.map((p) => p.url);
  const githubLogin = config.social.githubLogin ?? profiles.map((u) => /^https:\/\/github\.com\/([\w-]+)\/?$/.exec(u)?.[1]).find(Boolean);
  const responses = assignToPosts(allItems(store), posts, config.moderation.block);
  const inbox = buildInbox(responses, { siteUrl, profiles, githubLogin, posts, done: await readDoneMarks(doneFile), days });
  if (values.json) {
    console.log(JSON.stringify(inbox, null, 2));
    return 0;
  }
  console.log(formatInbox(inbox, new Map(posts.map((post) => [post.id, post.title])), days));
  return 0;
}

process.exitCode = await main();
