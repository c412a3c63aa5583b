#!/usr/bin/env node
// npm run new -- "My Post Title" [--tags a,b] [--md]
// npm run new -- --reply <url>   (or --like <url>, --bookmark <url>): a note answering a page
// Creates content/posts/<slug>.mdx as a draft. Never overwrites an existing file, and never makes
// a second post with the same id (x.md beside x.mdx). Exit 2 on bad usage, 1 when it cannot write.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSiteConfig } from '../src/lib/config/load.ts';
import { resolveContentDir } from '../src/lib/config/paths.ts';
import { newPostFile, newResponseFile } from '../src/lib/content/new-post.ts';
import { postPath, withBase } from '../src/lib/urls.ts';
import { parseCommandLine } from './lib/cli.ts';

const usage =
  'Usage: npm run new -- "My Post Title" [--tags writing,community] [--md]\n       npm run new -- --reply <url>   (or --like <url>, --bookmark <url>)';

/**
 * Without `--`, npm keeps the options for itself: `--tags a,b` reaches the script only as
 * npm_config_tags, and `--md` is read by npm as its shorthands -m -d (an empty `message` and
 * loglevel "info"). Reading those makes `npm run new "X" --md` work as the writer meant.
 */
function npmFlag(name: string): string | undefined {
  const value = process.env[`npm_config_${name}`];
  return value === undefined || value === '' ? undefined : value;
}
const npmAteMd = () => process.env['npm_config_message'] === '' && process.env['npm_config_loglevel'] === 'info';

async function previewUrl(slug: string, contentDir: string): Promise<string> {
  let base = '/';
  try {
    base = (await loadSiteConfig(contentDir)).base;
  } catch {
    // A broken config is reported by `npm run dev` itself; the link then assumes the root.
  }
  return `http://localhost:4321${withBase(postPath(slug), base)}`;
}

async function main(): Promise<number> {
  const parsed = parseCommandLine(
    {
      tags: { type: 'string' },
      md: { type: 'boolean' },
      reply: { type: 'string' },
      like: { type: 'string' },
      bookmark: { type: 'string' },
    },
    usage,
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const { values, positionals } = parsed;
  const title = positionals.join(' ').trim();
  const responses = (
    [
      ['inReplyTo', values.reply],
      ['likeOf', values.like],
      ['bookmarkOf', values.bookmark],
    ] as const
  ).filter(([, url]) => url !== undefined);
  if (responses.length > 1 || (responses.length === 1 && title)) {
    console.error(`Give either a title or one of --reply, --like, --bookmark.\n${usage}`);
    return 2;
  }
  if (!title && responses.length === 0) {
    console.error(`A title is required.\n${usage}`);
    return 2;
  }
  const tags = values.tags ?? npmFlag('tags');
  const md = values.md ?? (npmFlag('md') === 'true' || npmAteMd());
  let post;
  try {
    const [response] = responses;
    post = response
      ? newResponseFile({ field: response[0], url: response[1]! })
      : newPostFile({ title, tags: tags ? tags.split(',') : [], format: md ? 'md' : 'mdx' });
  } catch (error) {
    console.error(`Cannot create a post: ${(error as Error).message}.`);
    return 2;
  }
  const contentDir = resolveContentDir();
  const dir = path.join(contentDir, 'posts');
  const file = path.join(dir, post.fileName);
  const shown = (f: string) => path.relative(process.cwd(), f);
  // x.md and x.mdx would be two posts with one id (one URL): refuse either way.
  const taken = ['md', 'mdx'].map((ext) => path.join(dir, `${post.slug}.${ext}`)).find((f) => existsSync(f));
  if (taken) {
    console.error(`${shown(taken)} already exists; nothing was written. Pick another title or edit that file.`);
    return 1;
  }
  try {
    mkdirSync(dir, { recursive: true });
    // 'wx' fails if the file exists: a writer's words are never overwritten.
    writeFileSync(file, post.text, { flag: 'wx' });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    console.error(code === 'EEXIST' ? `${shown(file)} already exists; nothing was written.` : `Cannot write ${shown(file)}: ${message}`);
    return 1;
  }
  console.log(shown(file));
  console.log(`Preview it at ${await previewUrl(post.slug, contentDir)} while \`npm run dev\` runs.`);
  return 0;
}

process.exitCode = await main();
