import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml, mdxToJs } from 'satteri';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorsOf } from '../../src/lib/content/wiki-links.ts';
import { blockIdsPlugin } from '../../src/lib/markdown/block-ids.ts';
import { proseWordCount } from '../../src/lib/markdown/prose.ts';
import { siteLinksPlugin } from '../../src/lib/markdown/site-links.ts';
import { workDir } from '../helpers/astro.ts';

let content = '';
/** A post's Markdown as the site renders it (the same plugins, in the same order as astro.config.mjs). */
const render = async (source: string) =>
  (
    await markdownToHtml(source, {
      mdastPlugins: [siteLinksPlugin('/blog', content), blockIdsPlugin()],
      fileURL: pathToFileURL(path.join(content, 'posts/from.md')),
    })
  ).html;

beforeAll(async () => {
  content = await workDir('block-ids');
  await mkdir(path.join(content, 'posts'), { recursive: true });
  await writeFile(path.join(content, 'posts/other.md'), '---\ntitle: Other\n---\n\nA thought. ^idea-1\n');
});

// Obsidian's block ids (`A thought. ^idea-1`) and the wiki links to them (`[[Other#^idea-1]]`).
describe('a block id', () => {
  it("becomes its paragraph's id, and readers never see the marker", async () => {
    expect(await render('A *first* thought. ^idea-1\n')).toBe('<p id="^idea-1">A <em>first</em> thought.</p>\n');
    expect(await render('> Quoted words ^q-2\n')).toContain('<p id="^q-2">Quoted words</p>');
  });

  it("is a list item's when it ends the item's own text, as in Obsidian", async () => {
    const html = await render('- one ^first\n- two\n');
    expect(html).toContain('<li id="^first">one</li>');
    expect(html).toContain('<li>two</li>');
  });

  it("on a line of its own is the block's before it: a table, a quote, a list", async () => {
    const html = await render('| a |\n|---|\n| 1 |\n\n^table-1\n\n> Quoted\n\n^q\n\n- x\n- y\n\n^list\n');
    expect(html).toContain('<table id="^table-1">');
    expect(html).toContain('<blockquote id="^q">');
    expect(html).toContain('<ul id="^list">');
    expect(html).not.toMatch(/<p>\^/);
  });

  it('is only one at the end of a paragraph, after a space: not in the middle, not in code', async () => {
    expect(await render('x ^2 y, and e=mc^2\n')).toBe('<p>x ^2 y, and e=mc^2</p>\n');
    expect(await render('```\nlet power = a ^b\n```\n')).toContain('let power = a ^b');
  });

  it('keeps a wiki link before it', async () => {
    expect(await render('As in [[other]] ^see-also\n')).toBe('<p id="^see-also">As in <a href="/blog/posts/other/">other</a></p>\n');
  });

  it('is what a wiki link to the block leads to', async () => {
    // `^` is written percent-encoded; a browser decodes the fragment to find the element (HTML's "indicated part").
    expect(await render('See [[other#^idea-1|that thought]].\n')).toContain('<a href="/blog/posts/other/#%5Eidea-1">that thought</a>');
    // A heading's part stays its slug.
    expect(await render('See [[other#A Part]].\n')).toContain('href="/blog/posts/other/#a-part"');
  });

  it('gives an MDX post the same', async () => {
    const { code } = await mdxToJs('A thought. ^idea-1\n', { mdastPlugins: [blockIdsPlugin()] });
    expect(code).toMatch(/id: "\^idea-1"/);
    expect(code).not.toMatch(/\^idea-1"?\s*\]/);
  });

  it('is no prose: it counts for no word of the reading time or the originality check', () => {
    expect(proseWordCount('A thought in four words. ^idea-1\n', 'md')).toBe(5);
    expect(proseWordCount('- one ^first\n- two\n', 'md')).toBe(2);
    expect(proseWordCount('> Quoted words\n\n^q\n', 'md')).toBe(2);
  });
});

describe("a post's anchors, which wiki links' parts name", () => {
  it('are its headings, as Astro names them, and its block ids, read again once the file changed', async () => {
    const file = path.join(content, 'posts/anchors.md');
    await writeFile(file, '---\ntitle: A\n---\n\n## Notes\n\n## Notes\n\nA thought. ^kept\n');
    expect([...(anchorsOf(file) ?? [])]).toEqual(['notes', 'notes-1', '^kept']);
    await writeFile(file, '---\ntitle: A\n---\n\n## Notes\n\nA thought. ^kept\n\n> A quote\n\n^quoted\n');
    expect([...(anchorsOf(file) ?? [])]).toEqual(['notes', '^kept', '^quoted']);
  });
});
