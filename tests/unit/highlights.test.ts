import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { highlightsPlugin } from '../../src/lib/markdown/highlights.ts';
import { proseWordCount } from '../../src/lib/markdown/prose.ts';

const render = async (source: string) => (await markdownToHtml(source, { mdastPlugins: [highlightsPlugin()] })).html;

// Obsidian's highlights: `==these words==`.
describe('a highlight', () => {
  it('is marked text, in a paragraph and in a link', async () => {
    expect(await render('Some ==key words== here, and ==two==.\n')).toBe('<p>Some <mark>key words</mark> here, and <mark>two</mark>.</p>\n');
    expect(await render('[a ==bright== link](https://example.org/)\n')).toBe('<p><a href="https://example.org/">a <mark>bright</mark> link</a></p>\n');
  });

  it('is only marks that touch their words: a comparison, code and an empty pair stay as written', async () => {
    expect(await render('If a == b == c, or a ==b, or ====.\n')).toBe('<p>If a == b == c, or a ==b, or ====.</p>\n');
    expect(await render('`==code==`\n')).toBe('<p><code>==code==</code></p>\n');
  });

  it('works in MDX too', async () => {
    const { code } = await mdxToJs('Some ==key== words.\n', { mdastPlugins: [highlightsPlugin()] });
    expect(code).toMatch(/_components\.mark, \{\s*children: "key"/);
  });

  it('counts its words as prose, not its marks', () => {
    expect(proseWordCount('Some ==key words== here.\n', 'md')).toBe(4);
  });
});
