import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.ts';
import { newPostFile } from '../../src/lib/content/new-post.ts';
import { workDir } from '../helpers/astro.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function newPost(contentDir: string, ...args: string[]) {
  return newPostWith({}, contentDir, ...args);
}

/** `npm run new` in this process (tests/helpers/cli.ts runScript); `spawned` runs the real command. */
async function newPostWith(env: Record<string, string>, contentDir: string, ...args: string[]) {
  return runScript('new.ts', args, { FRONTROW_CONTENT_DIR: contentDir, ...env });
}

async function spawnedNewPost(contentDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'scripts/new.ts'), ...args], {
      cwd: root,
      env: { ...process.env, FRONTROW_CONTENT_DIR: contentDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('newPostFile', () => {
  it('makes a draft with the title, today and tags', () => {
    const { fileName, text } = newPostFile({ title: 'My Post: Title', tags: ['Writing Life'], date: new Date('2026-02-03') });
    expect(fileName).toBe('my-post-title.mdx');
    expect(text).toContain('title: "My Post: Title"');
    expect(text).toContain('pubDate: 2026-02-03');
    expect(text).toContain('tags: ["Writing Life"]');
    expect(text).toContain('draft: true');
  });
  it('shows the Callout import in the MDX template, not in Markdown', () => {
    expect(newPostFile({ title: 'x' }).text).toContain("import Callout from '@/components/Callout.astro';");
    expect(newPostFile({ title: 'x', format: 'md' }).text).not.toContain('import');
  });

  it('keeps tags as the writer wrote them', () => {
    expect(newPostFile({ title: 'x', tags: ['Writing Life', 'writing-life', 'C++ & Rust'] }).text).toContain('tags: ["Writing Life", "C++ & Rust"]');
  });

  it('cuts a long slug at a character boundary, never inside a surrogate pair', () => {
    const emoji = '😀'.repeat(100);
    const { fileName } = newPostFile({ title: `a${emoji}` });
    expect(fileName.isWellFormed()).toBe(true);
    expect(Buffer.byteLength(fileName)).toBeLessThanOrEqual(120);
    const cjk = newPostFile({ title: '書'.repeat(90) }).fileName;
    expect(Buffer.byteLength(cjk)).toBeLessThanOrEqual(120);
    expect(newPostFile({ title: 'word '.repeat(40) }).fileName).toMatch(/^(word-)+word\.mdx$/);
  });

  it('writes .md on request and refuses a title without letters', () => {
    expect(newPostFile({ title: 'x', format: 'md' }).fileName).toBe('x.md');
    expect(() => newPostFile({ title: '!!!' })).toThrow(/letter/);
  });
});

describe('npm run new', () => {
  it('creates the file and prints its path and its preview URL', async () => {
    const dir = await workDir('new');
    await writeFile(
      path.join(dir, 'site.config.ts'),
      "export default { title: 'T', description: 'D', url: 'https://me.example', base: '/blog', author: { name: 'Me' } };\n",
    );
    // The real command, spawned: this file's smoke test.
    const result = await spawnedNewPost(dir, 'Hello Again', '--tags', 'a,b', '--md');
    expect(result.code).toBe(0);
    const file = path.join(dir, 'posts', 'hello-again.md');
    expect(result.stdout).toContain(path.relative(root, file));
    expect(result.stdout).toContain('http://localhost:4321/blog/posts/hello-again/');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^---\ntitle: "Hello Again"/);
    expect(text).toContain('tags: [a, b]');
    expect(text).toContain(`pubDate: ${new Date().toISOString().slice(0, 10)}`);
  });

  it('refuses to overwrite an existing post and leaves it untouched', async () => {
    const dir = await workDir('new');
    await mkdir(path.join(dir, 'posts'));
    const file = path.join(dir, 'posts', 'taken.mdx');
    await writeFile(file, 'my precious words');
    const result = await newPost(dir, 'Taken');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already exists');
    expect(await readFile(file, 'utf8')).toBe('my precious words');
  });

  it('explains usage when the title is missing (exit 2: bad usage)', async () => {
    const dir = await workDir('new');
    const result = await newPost(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage');
  });

  it('takes --md and --tags given without `--` (npm hands them over as npm_config_*)', async () => {
    const dir = await workDir('new');
    // `npm run new "X" --md --tags=a,b` reaches the script as these variables, not as arguments
    // (npm 11 reads --md as its own shorthands -m -d: an empty message, loglevel info).
    const result = await newPostWith({ npm_config_message: '', npm_config_loglevel: 'info', npm_config_tags: 'Writing Life,b' }, dir, 'Plain One');
    expect(result.code).toBe(0);
    const text = await readFile(path.join(dir, 'posts', 'plain-one.md'), 'utf8');
    expect(text).toContain('tags: ["Writing Life", b]');
  });

  it('refuses a second post with the same id in the other format', async () => {
    const dir = await workDir('new');
    expect((await newPost(dir, 'Same Id')).code).toBe(0);
    const second = await newPost(dir, 'Same Id', '--md');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/same-id\.mdx already exists/);
    await expect(readFile(path.join(dir, 'posts', 'same-id.md'), 'utf8')).rejects.toThrow();
  });

  it('makes a short file name from a very long CJK title, without a stack trace', async () => {
    const dir = await workDir('new');
    const title = '書くことは考えることだ'.repeat(9).slice(0, 90);
    const result = await newPost(dir, title);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [name] = await readdir(path.join(dir, 'posts'));
    expect(Buffer.byteLength(name!)).toBeLessThanOrEqual(120);
    expect(await readFile(path.join(dir, 'posts', name!), 'utf8')).toContain(`title: "${title}"`);
  });
});

describe('newResponseFile', () => {
  it('makes a note answering a page: no title, a slug from the date and the page', async () => {
    const { newResponseFile } = await import('../../src/lib/content/new-post.ts');
    const { fileName, text } = newResponseFile({ field: 'inReplyTo', url: 'https://www.alice.example/2026/on-notes/', date: new Date('2026-11-30') });
    expect(fileName).toBe('2026-11-30-reply-to-alice-example-2026-on-notes.md');
    expect(text).toContain('inReplyTo: "https://www.alice.example/2026/on-notes/"');
    expect(text).not.toContain('title:');
    expect(() => newResponseFile({ field: 'likeOf', url: 'javascript:alert(1)' })).toThrow(/http/);
  });

  it('npm run new -- --reply writes the note', async () => {
    const dir = await workDir('new');
    const result = await newPost(dir, '--reply', 'https://bob.example/post');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/reply-to-bob-example-post\.md/);
    const shown = result.stdout.trim().split('\n')[0]!.trim();
    const written = await readFile(shown.startsWith('/') ? shown : path.join(root, shown), 'utf8');
    expect(written).toContain('inReplyTo: "https://bob.example/post"');
    // A title and --reply together is bad usage.
    expect((await newPost(dir, 'A title', '--reply', 'https://bob.example/post')).code).toBe(2);
  });
});
