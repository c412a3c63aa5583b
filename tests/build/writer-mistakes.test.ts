import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyContent, runAstro, siteEnv, workDir } from '../helpers/astro.ts';

// Every writer mistake, as `npm run check` and `npm run build` print it: one block naming the
// file, the field and the fix, once; no markup, no engine stack trace; all mistakes at once.
async function run(command: 'check' | 'build', change: (content: string) => Promise<void>) {
  const content = await copyContent();
  await change(content);
  const work = await workDir('mistakes');
  // The last good build's site, which a failed build must leave as it was.
  const dist = path.join(work, 'dist');
  await mkdir(dist, { recursive: true });
  await writeFile(path.join(dist, 'index.html'), 'the last build');
  const result = await runAstro([command], siteEnv(content, dist, path.join(work, 'cache')));
  return { ...result, lastBuild: await readFile(path.join(dist, 'index.html'), 'utf8').catch(() => 'gone') };
}

const post = (front: string, body = 'Words.') => `---\n${front}\n---\n${body}\n`;

async function usualMistakes(content: string) {
  const posts = path.join(content, 'posts');
  await writeFile(path.join(posts, 'month-fourteen.md'), post('title: A\ndescription: D.\npubDate: 2026-14-02'));
  await writeFile(path.join(posts, 'us-date.md'), post('title: B\ndescription: D.\npubDate: 02/12/2026'));
  await writeFile(path.join(posts, 'no-title.md'), post('description: D.\npubDate: 2024-01-01'));
  await writeFile(path.join(posts, 'no-image.md'), post('title: C\ndescription: D.\npubDate: 2024-01-01\nimage: ./images/gone.png\nimageAlt: A desk'));
  // Astro's own error named neither the post nor the line.
  await writeFile(path.join(posts, 'picture-typo.md'), post('title: D\ndescription: D.\npubDate: 2024-01-01', 'Words.\n\n![A desk](./images/dsek.png)'));
  // A phone's picture: the build failed on it ("LocalImageUsedWrongly"), naming neither the post nor the fix.
  await writeFile(path.join(posts, 'images', 'phone.heic'), Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'));
  await writeFile(path.join(posts, 'phone-cover.md'), post('title: E\ndescription: D.\npubDate: 2024-01-01\nimage: ./images/phone.heic\nimageAlt: A desk'));
  const config = path.join(content, 'site.config.ts');
  await writeFile(config, (await readFile(config, 'utf8')).replace('postsPerPage: 2', 'postPerPage: 2'));
}

function expectOneBlock(output: string) {
  expect(output.match(/problems? to fix/g)).toHaveLength(1);
  // None of Astro's output comes before the block.
  const before = output.slice(0, output.search(/^.*problems? to fix/m));
  expect(before.split('\n').filter((line) => line.trim() && !line.startsWith('[frontrow] warning:'))).toEqual([]);
  expect(output).toMatch(/month-fourteen\.md\n {4}pubDate must be a real date such as 2026-03-14 \(YYYY-MM-DD\), not "2026-14-02"/);
  expect(output).toMatch(/us-date\.md\n {4}pubDate must be a real date .*, not "02\/12\/2026"/);
  expect(output).toMatch(/no-title\.md\n {4}title is required: add a line such as title: "Your title"/);
  expect(output).toMatch(/no-image\.md\n {4}image \.\/images\/gone\.png is not there/);
  expect(output).toMatch(/picture-typo\.md\n {4}line 8: the picture \.\/images\/dsek\.png is not there: put it next to the post, or fix the path/);
  expect(output).toMatch(
    /phone-cover\.md\n {4}image: the picture \.\/images\/phone\.heic is a kind the build cannot show \(\.heic\): save it as \.jpg, \.png, \.webp or \.avif/,
  );
  expect(output).toMatch(/site\.config\.ts\n {4}\(top level\): unknown setting "postPerPage": did you mean "postsPerPage"\?/);
  expect(output).not.toContain('**');
  expect(output).not.toMatch(/Stack trace|^\s+at /m);
  expect(output).not.toContain('astro:build:start');
  expect(output).not.toContain('OriginalityInputError');
}

describe('writer mistakes in check and build', () => {
  it('npm run check names them all in one block and fails', async () => {
    const result = await run('check', usualMistakes);
    expect(result.code).toBe(1);
    expectOneBlock(result.output);
  });

  it('npm run build names them all in one block and fails', async () => {
    const result = await run('build', usualMistakes);
    expect(result.code).toBe(1);
    expectOneBlock(result.output);
    // Stopped before any build step: dist/ is the last build's.
    expect(result.lastBuild).toBe('the last build');
  });

  it('npm run build names the MDX it could not compile, with the line and the fix, before Astro starts', async () => {
    // Each of these passed the check, then failed the build: the first with the hint below, the
    // others naming neither the post's line nor the fix (Rolldown's resolve and export errors,
    // MDX's "Expected component `Chart` to be defined" and "draft is not defined" while rendering
    // the feed).
    const front = 'title: Love\ndescription: D.\npubDate: 2024-01-02';
    const result = await run('build', async (content) => {
      const posts = path.join(content, 'posts');
      await writeFile(path.join(posts, 'love.mdx'), post(front, 'I tell my readers {it <3 you} every week.'));
      await writeFile(path.join(posts, 'chart.mdx'), post(front, 'The numbers:\n\n<Chart data={[1, 2]} />'));
      await writeFile(path.join(posts, 'gone.mdx'), post(front, "import Box from '@/components/Box.astro';\n\n<Box>Hi.</Box>"));
      await writeFile(path.join(posts, 'flag.mdx'), post(front, 'Set the {draft} flag.'));
      await writeFile(path.join(posts, 'braces.mdx'), post(front, "import { Callout } from '@/components/Callout.astro';\n\n<Callout>Hi.</Callout>"));
    });
    expect(result.code).toBe(1);
    expect(result.output.match(/problems? to fix/g)).toHaveLength(1);
    expect(result.output).toMatch(
      /love\.mdx\n {4}line 6: MDX cannot read this: .*In an \.mdx post, \{ starts a JavaScript expression and < starts a component\. To show them as text, write \\\{ and \\</,
    );
    expect(result.output).toMatch(/chart\.mdx\n {4}line 8: <Chart> is used but Chart is never imported: add a line such as import Chart from/);
    expect(result.output).toMatch(/gone\.mdx\n {4}line 6: @\/components\/Box\.astro is not there: fix the path/);
    expect(result.output).toMatch(/flag\.mdx\n {4}line 6: \{draft\} is read as JavaScript, and draft is defined nowhere/);
    expect(result.output).toMatch(
      /braces\.mdx\n {4}line 6: an \.astro component is imported without braces: write import Callout from '@\/components\/Callout\.astro';/,
    );
    expect(result.output).not.toMatch(/^\s+at /m);
    expect(result.lastBuild).toBe('the last build');
  }, 300_000);
});
