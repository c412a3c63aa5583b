import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSite, formatSiteCheck } from '../../src/lib/content/check-site.ts';
import { openFrontmatterCache } from '../../src/lib/content/frontmatter-cache.ts';
import { mdxProblems, readMdx } from '../../src/lib/content/mdx-check.ts';
import { validateContentText } from '../../src/lib/content/validate.ts';
import { workDir } from '../helpers/astro.ts';

// Every case below passed `npm run check` and then failed `npm run build` (checked by hand on the
// sample site, 2026-12-03): the content loader stores an .mdx post without compiling it.
const front = '---\ntitle: A\ndescription: D.\npubDate: 2026-03-01\n---\n';

async function projectWith(files: Record<string, string>) {
  const root = await workDir('mdx-check');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

describe('an .mdx post checked as the build compiles it', () => {
  it('names prose MDX cannot read, with its line and how to write it as text', () => {
    const [problem, ...rest] = mdxProblems(readMdx(`${front}\nI wrote this {it <3 you} for you.\n`), '/site/posts/love.mdx');
    expect(rest).toEqual([]);
    expect(problem!.line).toBe(7);
    expect(problem!.message).toMatch(/^MDX cannot read this: Could not parse expression/);
    expect(problem!.message).toContain('write \\{ and \\<');
    expect(problem!.message).not.toContain('mdx-jsx:');
    expect(mdxProblems(readMdx(`${front}\nA < b, and <div>\n\nunclosed\n`), '/site/posts/x.mdx')).toEqual([
      { line: 7, message: expect.stringMatching(/^MDX cannot read this: Expected a closing tag for `<div>`/) },
    ]);
    // The same text is ordinary Markdown in a .md post.
    expect(validateContentText(`${front}\nI wrote this {it <3 you} for you.\n`, '/site/posts/love.md', 'posts')).toEqual([]);
  });

  it('names a component used but never imported, once, where it is first used', () => {
    const text = [
      front.trimEnd(),
      "import Callout from '@/components/Callout.astro';",
      "import * as Charts from '@/components/Callout.astro';",
      'export const Note = () => null;',
      'export const components = { Aside: Callout };',
      '',
      '<Callout>fine</Callout> <Note /> <Charts.Bar /> <Aside /> <Fragment>fine</Fragment>',
      '',
      '<div><my-widget>HTML is fine</my-widget></div> <>a fragment</>',
      '',
      '<Chart data={[1, 2]} />',
      '',
      'And <Chart /> again, then <Embed.Video />.',
    ].join('\n');
    expect(mdxProblems(readMdx(text), '/elsewhere/words/posts/x.mdx')).toEqual([
      {
        line: 15,
        message:
          "<Chart> is used but Chart is never imported: add a line such as import Chart from '@/components/Chart.astro'; below the frontmatter, or remove it",
      },
      { line: 17, message: expect.stringMatching(/^<Embed\.Video> is used but Embed is never imported/) },
    ]);
  });

  it('names a name in braces that nothing defines (prose such as "the {draft} flag"), once, with its line', () => {
    const text = [
      front.trimEnd(),
      'export const year = 2026;',
      '',
      'Set the {draft} flag; {draft} again; {site.name} and { settings . theme }.',
      '',
      '{/* a comment */} {year} {frontmatter.title} {props.x} {url} {file} {Math.PI} {new Date().getFullYear()} {true} {null} {undefined}',
      '',
      '<span title={frontmatter.description} data-x={author}>fine</span> {`template`} {1 + 1} {x => x}',
    ].join('\n');
    expect(mdxProblems(readMdx(text), '/site/posts/x.mdx')).toEqual([
      {
        line: 8,
        message: '{draft} is read as JavaScript, and draft is defined nowhere, so the page cannot be built: write \\{draft\\} to show the braces as text',
      },
      { line: 8, message: expect.stringMatching(/^\{site\.name\} is read as JavaScript, and site is defined nowhere/) },
      { line: 8, message: expect.stringMatching(/^\{settings \. theme\} is read as JavaScript, and settings is defined nowhere/) },
      { line: 12, message: expect.stringMatching(/^\{author\} is read as JavaScript, and author is defined nowhere/) },
    ]);
  });

  it("names an import of the project's files or of a package that is not there, or of a component in braces, with its line; Node's and Astro's modules pass", async () => {
    const root = await projectWith({ 'src/components/Box.astro': '<div />', 'words/posts/parts/table.mdx': 'x', 'words/posts/data.json': '{}' });
    const file = path.join(root, 'words/posts/post.mdx');
    const text = [
      front.trimEnd(),
      "import Box from '@/components/Box.astro';",
      "import Table from './parts/table'; // the extension left out",
      "import data from './data.json';",
      "import raw from './data.json?raw';",
      "import { Image } from 'astro:assets';",
      "import { YouTube } from 'astro-embed';",
      "import Gone from '@/components/Gone.astro';",
      "import { Box as Boxed } from '@/components/Box.astro';",
      "import Far from '../../elsewhere/Far.astro';",
      "import { parse } from 'yaml'; // installed",
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import Widget from '@nowhere/widgets/chart';",
      '',
      '<Box /> <Table /> <Image /> <YouTube /> <Gone /> <Far /> <Widget />',
    ].join('\n');
    expect(mdxProblems(readMdx(text), file, path.join(root, 'src'))).toEqual([
      { line: 11, message: 'astro-embed is a package that is not installed: run npm install astro-embed, or remove the import' },
      { line: 12, message: "@/components/Gone.astro is not there: fix the path (from the post's folder, or @/ for src/), or remove the import" },
      { line: 13, message: "an .astro component is imported without braces: write import Box from '@/components/Box.astro';" },
      { line: 14, message: expect.stringMatching(/^\.\.\/\.\.\/elsewhere\/Far\.astro is not there/) },
      { line: 18, message: '@nowhere/widgets/chart is a package that is not installed: run npm install @nowhere/widgets, or remove the import' },
    ]);
  });

  it("puts the problems in `npm run check`'s block, for posts and pages, in the order of their lines, beside the pictures", async () => {
    const dir = await workDir('mdx-check-site');
    const files: Record<string, string> = {
      'site.config.ts': `export default { title: 'T', description: 'D', url: 'https://me.example', author: { name: 'Me' } };\n`,
      'posts/broken.mdx': `${front}\n![gone](./gone.png)\n\n<Chart />\n\nA heart {it <3 you}.\n`,
      'posts/fine.mdx': `${front}\nimport Box from '@/components/Callout.astro';\n\n<Box>Hello.</Box> \\{escaped\\}\n`,
      'pages/about.mdx': '---\ntitle: About\ndescription: D.\n---\n\n<Portrait />\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    const check = await checkSite(dir);
    expect(check.errors.map((e) => path.relative(dir, e.file)).sort()).toEqual(['pages/about.mdx', 'posts/broken.mdx']);
    const block = formatSiteCheck(check);
    expect(block).toMatch(/broken\.mdx\n {4}line 11: MDX cannot read this: Could not parse expression/);
    expect(block).toMatch(/about\.mdx\n {4}line 6: <Portrait> is used but Portrait is never imported/);
    // A file MDX cannot read says only that: its pictures and components are read once it parses.
    expect(block).not.toContain('gone.png');
    // The readings kept by the frontmatter cache say the same, in this run and the next one; a
    // missing import is looked for anew each time.
    const first = await openFrontmatterCache(path.join(dir, 'cache.bin'));
    expect(await checkSite(dir, first)).toEqual(check);
    await first.save({ prune: true });
    await writeFile(path.join(dir, 'pages/about.mdx'), "---\ntitle: About\ndescription: D.\n---\nimport Portrait from './portrait.astro';\n\n<Portrait />\n");
    const fine = await checkSite(dir, await openFrontmatterCache(path.join(dir, 'cache.bin')));
    expect(formatSiteCheck(fine)).toMatch(/about\.mdx\n {4}line 5: \.\/portrait\.astro is not there/);
    await writeFile(path.join(dir, 'pages/portrait.astro'), '<img alt="" />');
    const later = await openFrontmatterCache(path.join(dir, 'cache.bin'));
    expect((await checkSite(dir, later)).errors.map((e) => path.relative(dir, e.file))).toEqual(['posts/broken.mdx']);
  });
});
