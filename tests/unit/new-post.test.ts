import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPostFile } from '../../src/lib/content/new-post.ts';
import { workDir } from '../helpers/astro.ts';
import { runScript, spawnScript } from '../helpers/cli.ts';

const root = path.resolve(import.meta.dirname, '../..');

// In-process (tests/helpers/cli.ts); the first test spawns the real command once.
const newPost = (contentDir: string, ...args: string[]) => runScript('new.ts', args, { FRONTROW_CONTENT_DIR: contentDir });

describe('newPostFile', () => {
  it('makes a draft with the title, today and tags', () => {
    const { fileName, text } = newPostFile({ title: 'My Post: Title', tags: ['Writing Life'], date: new Date('2026-02-03') });
    expect(fileName).toBe('my-post-title.mdx');
    expect(text).toContain('title: "My Post: Title"');
    expect(text).toContain('pubDate: 2026-02-03');
    expect(text).toContain('tags: [writing-life]');
    expect(text).toContain('draft: true');
  });
  it('writes .md on request and refuses a title without letters', () => {
    expect(newPostFile({ title: 'x', format: 'md' }).fileName).toBe('x.md');
    expect(() => newPostFile({ title: '!!!' })).toThrow(/letter/);
  });
});

describe('npm run new', () => {
  it('creates the file and prints its path', async () => {
    const dir = await workDir('new-post');
    const result = await spawnScript('new.ts', ['Hello Again', '--tags', 'a,b', '--md'], { FRONTROW_CONTENT_DIR: dir });
    expect(result.code).toBe(0);
    const file = path.join(dir, 'posts', 'hello-again.md');
    expect(result.stdout.trim()).toBe(path.relative(root, file));
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^---\ntitle: "Hello Again"/);
    expect(text).toContain('tags: [a, b]');
    expect(text).toContain(`pubDate: ${new Date().toISOString().slice(0, 10)}`);
  });

  it('refuses to overwrite an existing post and leaves it untouched', async () => {
    const dir = await workDir('new-post');
    await mkdir(path.join(dir, 'posts'));
    const file = path.join(dir, 'posts', 'taken.mdx');
    await writeFile(file, 'my precious words');
    const result = await newPost(dir, 'Taken');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already exists');
    expect(await readFile(file, 'utf8')).toBe('my precious words');
  });

  it('explains usage when the title is missing', async () => {
    const dir = await workDir('new-post');
    const result = await newPost(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage');
  });
});
