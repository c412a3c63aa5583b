#!/usr/bin/env node
// npm run new -- "My Post Title" [--tags a,b] [--md]
// npm run new -- --reply <url>   (or --like <url>, --bookmark <url>): a note answering a page
// Creates content/posts/<slug>.mdx as a draft. Never overwrites an existing file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveContentDir } from '../src/lib/config/paths.ts';
import { newPostFile, newResponseFile } from '../src/lib/content/new-post.ts';

const usage = 'Usage: npm run new -- "My Post Title" [--tags writing,community] [--md]\n       npm run new -- --reply <url>   (or --like <url>, --bookmark <url>)';

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        tags: { type: 'string' },
        md: { type: 'boolean' },
        reply: { type: 'string' },
        like: { type: 'string' },
        bookmark: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
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
    return 1;
  }
  if (!title && responses.length === 0) {
    console.error(`A title is required.\n${usage}`);
    return 1;
  }
  let post;
  try {
    const [response] = responses;
    post = response ? newResponseFile({ field: response[0], url: response[1]! }) : newPostFile({
      title,
      tags: values.tags ? values.tags.split(',') : [],
      format: values.md ? 'md' : 'mdx',
    });
  } catch (error) {
    console.error(`Cannot create a post: ${(error as Error).message}.`);
    return 1;
  }
  const dir = path.join(resolveContentDir(), 'posts');
  const file = path.join(dir, post.fileName);
  const shown = path.relative(process.cwd(), file);
  mkdirSync(dir, { recursive: true });
  try {
    // 'wx' fails if the file exists: a writer's words are never overwritten.
    writeFileSync(file, post.text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      console.error(`${shown} already exists; nothing was written. Pick another title or edit that file.`);
      return 1;
    }
    throw error;
  }
  console.log(shown);
  return 0;
}

process.exitCode = main();
