import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { calloutsPlugin } from '../../src/lib/markdown/callouts.ts';
import { proseWordCount } from '../../src/lib/markdown/prose.ts';

const render = async (source: string) => (await markdownToHtml(source, { mdastPlugins: [calloutsPlugin()] })).html;

// Callouts as Obsidian and GitHub write them: a quote opened by `[!kind]`.
describe('a callout', () => {
  it('is the aside the MDX <Callout> makes, with the title written, its inline markup kept', async () => {
    expect(await render('> [!note] A *quiet* aside\n> Its **first** words.\n>\n> More words.\n')).toBe(
      '<aside class="callout callout-note" aria-label="A quiet aside"><p class="callout-title">A <em>quiet</em> aside</p><div class="callout-body"><p>Its <strong>first</strong> words.</p><p>More words.</p></div></aside>\n',
    );
  });

  it("is titled by its kind's name when none is written, as GitHub writes it, and looks like a tip, a warning or a note", async () => {
    const html = await render(
      '> [!WARNING]\n> Careful with [this](https://example.org/).\n\n> [!important]\n> Read me.\n\n> [!question]- Folded in Obsidian\n> Why?\n',
    );
    expect(html).toContain(
      '<aside class="callout callout-warning" aria-label="Warning"><p class="callout-title">Warning</p><div class="callout-body"><p>Careful with <a href="https://example.org/">this</a>.</p></div></aside>',
    );
    expect(html).toContain('<aside class="callout callout-tip" aria-label="Important"><p class="callout-title">Important</p>');
    expect(html).toContain(
      '<aside class="callout callout-note" aria-label="Folded in Obsidian"><p class="callout-title">Folded in Obsidian</p><div class="callout-body"><p>Why?</p></div>',
    );
  });

  it('is only a quote that opens with the mark: any other quote stays a quote', async () => {
    expect(await render('> Just a quote, [!note] inside.\n')).toBe('<blockquote>\n<p>Just a quote, [!note] inside.</p>\n</blockquote>\n');
    expect(await render('> [not a callout]\n')).toContain('<blockquote>');
  });

  it('works in MDX too', async () => {
    const { code } = await mdxToJs('> [!tip] Try this\n> It helps.\n', { mdastPlugins: [calloutsPlugin()] });
    expect(code).toContain('className: "callout callout-tip"');
    expect(code).not.toContain('[!tip]');
  });

  it('keeps its title as prose, not its mark', () => {
    expect(proseWordCount('> [!note] Two words\n> And three more.\n', 'md')).toBe(5);
    expect(proseWordCount('> [!WARNING]\n> Careful.\n', 'md')).toBe(1);
  });
});
