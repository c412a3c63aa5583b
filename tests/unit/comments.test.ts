import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { openComment } from '../../src/lib/content/open-comment.ts';
import { commentsPlugin } from '../../src/lib/markdown/comments.ts';
import { proseWordCount } from '../../src/lib/markdown/prose.ts';

const render = async (source: string) => (await markdownToHtml(source, { mdastPlugins: [commentsPlugin()] })).html;

// Obsidian's comments, `%%a note to self%%`, which its reading view never shows.
describe('an Obsidian comment', () => {
  it('is left out of the page, in a line, inside emphasis, and code keeps its marks', async () => {
    expect(await render('One %%a note%% two *three %%x%% four* `co%%de`.\n')).toBe('<p>One  two <em>three  four</em> <code>co%%de</code>.</p>\n');
  });

  it('is left out over lines and blocks, code included, and a block it empties goes', async () => {
    const html = await render('Before.\n\n%%\nA private block\n\nover paragraphs\n\n```\ncode\n```\n%%\n\nAfter.\n');
    expect(html).toBe('<p>Before.</p>\n<p>After.</p>\n');
  });

  it("leaves a heading's words, and list items, as Obsidian shows them", async () => {
    expect(await render('## Title %%working title%%\n')).toBe('<h2>Title</h2>\n');
    expect(await render('- item %%secret\n- more\n%% shown\n')).toBe('<ul>\n<li>item</li>\n<li>shown</li>\n</ul>\n');
  });

  it('left open, hides the rest of the post, as in Obsidian, and the check names its line', async () => {
    const source = 'Sales grew 5%% last year.\n\nThe rest.\n';
    expect(await render(source)).toBe('<p>Sales grew 5</p>\n');
    expect(openComment(source, 'post.md')).toEqual([
      { line: 1, message: '%% opens an Obsidian comment that nothing closes, so readers see nothing after it: close it with %%, or write a percent sign once' },
    ]);
    expect(openComment('A %%closed%% one, and `%%` in code.\n\n```\n%%\n```\n', 'post.md')).toEqual([]);
  });

  it('is left out of MDX too', async () => {
    const { code } = await mdxToJs('Shown %%hidden%% words.\n', { mdastPlugins: [commentsPlugin()] });
    expect(code).not.toContain('hidden');
    expect(code).toContain('Shown');
  });

  it('is no prose: not in the reading time or the originality check, code excepted', () => {
    expect(proseWordCount('Two words %%and a private note%%\n', 'md')).toBe(2);
    expect(proseWordCount('%%\nA whole\n\nblock\n%%\nOne.\n', 'md')).toBe(1);
    expect(proseWordCount('Four words and `%%` code.\n', 'md')).toBe(4);
  });
});
