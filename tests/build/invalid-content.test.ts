import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyContent, tryBuild, type RunResult } from '../helpers/astro.ts';

// Each mistake stops `astro build` at its own step (site config, then content sync, then the
// blogroll check), so each needs its own build; they run side by side, each from its own
// scratch root. File names never contain a field name: an assertion on the field must be able
// to fail on its own.
async function buildWith(change: (contentDir: string) => Promise<void>): Promise<RunResult> {
  const content = await copyContent();
  await change(content);
  return tryBuild(content);
}

const entry = (name: string, url: string) => `---\nname: ${name}\nurl: ${url}\ndescription: A peer.\nsince: 2024-01-01\n---\n\nA note.\n`;

let frontmatter: RunResult;
let blogrollEntry: RunResult;
let duplicatePeers: RunResult;
let siteConfig: RunResult;

beforeAll(async () => {
  [frontmatter, blogrollEntry, duplicatePeers, siteConfig] = await Promise.all([
    // One post with three mistakes: no title, no description, a date that is no date.
    buildWith((dir) => writeFile(path.join(dir, 'posts', 'post-a.md'), '---\npubDate: someday\n---\nText.\n')),
    buildWith(async (dir) => {
      await mkdir(path.join(dir, 'blogroll'), { recursive: true });
      await writeFile(path.join(dir, 'blogroll', 'bob.md'), '---\nname: Bob\nurl: bob.example\ndescription: A peer.\nsince: 2024-01-01\n---\n');
    }),
    buildWith(async (dir) => {
      await mkdir(path.join(dir, 'blogroll'), { recursive: true });
      await writeFile(path.join(dir, 'blogroll', 'alice.md'), entry('Alice', 'https://alice.example/'));
      await writeFile(path.join(dir, 'blogroll', 'alice-again.md'), entry('Alice again', 'http://www.alice.example'));
    }),
    buildWith(async (dir) => {
      const file = path.join(dir, 'site.config.ts');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace("url: 'https://fixture.example'", "url: 'fixture.example'"));
    }),
  ]);
}, 180_000);

describe('a build with invalid input fails, naming the file and each field at fault', () => {
  it('names the post and every bad or missing frontmatter field', () => {
    expect(frontmatter.code).not.toBe(0);
    expect(frontmatter.output).toContain('post-a.md');
    expect(frontmatter.output).toMatch(/^\s*title\b[^\n]*required/im);
    expect(frontmatter.output).toMatch(/^\s*description\b[^\n]*required/im);
    expect(frontmatter.output).toMatch(/pubDate: pubDate must be a date such as \d{4}-\d{2}-\d{2} \(YYYY-MM-DD\)/);
  });

  it('names a blogroll entry and its bad url, with the fix', () => {
    expect(blogrollEntry.code).not.toBe(0);
    expect(blogrollEntry.output).toContain('bob.md');
    expect(blogrollEntry.output).toMatch(/url: url must be a full http\(s\) URL/);
  });

  it('names both files of two blogroll entries for the same site', () => {
    expect(duplicatePeers.code).not.toBe(0);
    expect(duplicatePeers.output).toMatch(/alice-again\.md and .*alice\.md|alice\.md and .*alice-again\.md/);
  });

  it('names site.config.ts and the setting, with the fix', () => {
    expect(siteConfig.code).not.toBe(0);
    expect(siteConfig.output).toContain('site.config.ts has a problem');
    expect(siteConfig.output).toContain('url: url must be a full http(s) URL');
  });
});
