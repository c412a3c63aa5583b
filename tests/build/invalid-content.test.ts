import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyContent, runAstro, siteEnv, workDir, type RunResult } from '../helpers/astro.ts';

// One build of the fixture site with five kinds of invalid input at once: the build checks the
// content before Astro starts and names every problem, so one run specifies them all. File
// names never contain the field a test looks for (a file name alone must not satisfy a match).
let result: RunResult;

const peer = (name: string, url: string) => `---\nname: ${name}\nurl: ${url}\ndescription: A peer.\nsince: 2024-01-01\n---\n\nA note.\n`;

beforeAll(async () => {
  const content = await copyContent();
  const posts = path.join(content, 'posts');
  await writeFile(path.join(posts, 'broken.md'), '---\ntitle: Broken\ndescription: A post with a bad date.\npubDate: someday\n---\nText.\n');
  await writeFile(path.join(posts, 'half-done.md'), '---\ntitle: Half done\npubDate: 2024-01-01\n---\nText.\n');
  const blogroll = path.join(content, 'blogroll');
  await mkdir(blogroll, { recursive: true });
  await writeFile(path.join(blogroll, 'alice.md'), peer('Alice', 'https://alice.example/'));
  await writeFile(path.join(blogroll, 'alice-again.md'), peer('Alice again', 'http://www.alice.example'));
  await writeFile(path.join(blogroll, 'bob.md'), peer('Bob', 'bob.example'));
  const config = path.join(content, 'site.config.ts');
  const source = await readFile(config, 'utf8');
  const broken = source.replace("url: 'https://fixture.example'", "url: 'fixture.example'");
  expect(broken).not.toBe(source);
  await writeFile(config, broken);
  const work = await workDir('invalid');
  result = await runAstro(['build'], siteEnv(content, path.join(work, 'dist'), path.join(work, 'cache')));
}, 120_000);

describe('invalid input fails the build with a message naming file and field', () => {
  it('fails the build, with every problem in one block', () => {
    expect(result.code).toBe(1);
    expect(result.output.match(/problems? to fix/g)).toHaveLength(1);
  });

  it('names a post whose pubDate is no date, and the form a date takes', () => {
    expect(result.output).toMatch(/broken\.md\n {4}pubDate must be a real date such as \d{4}-\d{2}-\d{2} \(YYYY-MM-DD\), not "someday"/);
  });

  it('names a post without a description, and the missing field', () => {
    expect(result.output).toMatch(/half-done\.md\n {4}description is required/);
  });

  it('names both files of two blogroll entries for the same site', () => {
    expect(result.output).toMatch(/alice-again\.md and .*alice\.md|alice\.md and .*alice-again\.md/);
  });

  it('names a blogroll entry whose url is no http(s) URL, and the fix', () => {
    expect(result.output).toMatch(/bob\.md\n {4}url must be a full http\(s\) URL/);
  });

  it('names site.config.ts when the site url is no http(s) URL, and the fix', () => {
    expect(result.output).toMatch(/site\.config\.ts\n {4}url must be a full http\(s\) URL/);
  });
});
