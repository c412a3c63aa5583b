import { mkdir, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyContent, runAstro, siteEnv } from '../helpers/astro.ts';

async function buildWith(change: (contentDir: string) => Promise<void>) {
  const content = await copyContent();
  await change(content);
  const work = await mkdtemp(path.join(tmpdir(), 'frontrow-bad-'));
  return runAstro(['build'], siteEnv(content, path.join(work, 'dist'), path.join(work, 'cache')));
}

describe('invalid input fails the build with a message naming file and field', () => {
  it('bad frontmatter', async () => {
    const result = await buildWith((dir) =>
      writeFile(path.join(dir, 'posts', 'broken-date.md'), '---\ntitle: Broken\ndescription: A post with a bad date.\npubDate: someday\n---\nText.\n'),
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('broken-date.md');
    expect(result.output).toMatch(/pubDate must be a real date such as \d{4}-\d{2}-\d{2} \(YYYY-MM-DD\), not "someday"/);
  });

  it('a missing required field', async () => {
    const result = await buildWith((dir) =>
      writeFile(path.join(dir, 'posts', 'no-description.md'), '---\ntitle: No description\npubDate: 2024-01-01\n---\nText.\n'),
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('no-description.md');
    expect(result.output).toMatch(/description/);
  });

  it('two blogroll entries for the same site, naming both files', async () => {
    const entry = (name: string, url: string) =>
      `---\nname: ${name}\nurl: ${url}\ndescription: A peer.\nsince: 2024-01-01\n---\n\nA note.\n`;
    const result = await buildWith(async (dir) => {
      await mkdir(path.join(dir, 'blogroll'), { recursive: true });
      await writeFile(path.join(dir, 'blogroll', 'alice.md'), entry('Alice', 'https://alice.example/'));
      await writeFile(path.join(dir, 'blogroll', 'alice-again.md'), entry('Alice again', 'http://www.alice.example'));
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/alice-again\.md and .*alice\.md|alice\.md and .*alice-again\.md/);
  });

  it('a bad blogroll entry', async () => {
    const result = await buildWith(async (dir) => {
      await mkdir(path.join(dir, 'blogroll'), { recursive: true });
      await writeFile(path.join(dir, 'blogroll', 'bob.md'), '---\nname: Bob\nurl: bob.example\ndescription: A peer.\nsince: 2024-01-01\n---\n');
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('bob.md');
    expect(result.output).toMatch(/url must be a full http\(s\) URL/);
  });

  it('a bad site configuration', async () => {
    const result = await buildWith(async (dir) => {
      const file = path.join(dir, 'site.config.ts');
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace("url: 'https://fixture.example'", "url: 'fixture.example'"));
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/site\.config\.ts\n {4}url must be a full http\(s\) URL/);
  });
});
