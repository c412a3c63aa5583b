import { describe, expect, it } from 'vitest';
import { localImages } from '../../src/lib/markdown/local-images.ts';

const md = (body: string) => `---\ntitle: T\n---\n${body}\n`;

describe('localImages: the pictures the build takes from beside a post', () => {
  it.each([
    ['plain', '![a view](./images/a.png)', './images/a.png'],
    ['no ./', '![a view](images/a.png "A title")', 'images/a.png'],
    ['brackets in the alt text', '![a [small] view](./a.png)', './a.png'],
    ['an escaped bracket in the alt text', '![a \\] view](./a.png)', './a.png'],
    ['alt text over two lines', '![a\nview](./a.png)', './a.png'],
    ['a space, in angle brackets', '![a view](<./my pic.png>)', './my pic.png'],
    ['a space, encoded', '![a view](./my%20pic.png)', './my pic.png'],
    ['parentheses in the name', '![a view](./a_(1).png)', './a_(1).png'],
    ['an escaped parenthesis', '![a view](./a\\(1.png)', './a(1.png'],
    ['in a list and a quote', '- > ![a view](./a.png)', './a.png'],
    ['a link around it', '[![a view](./a.png)](https://example.org/)', './a.png'],
  ])('finds one written %s, parsed or not', (_, body, url) => {
    expect(localImages(md(body), '/x/post.md')).toEqual([{ url, line: 4 }]);
    // Asked only for that picture (as when it is missing), the first look must not miss it.
    expect(localImages(md(body), '/x/post.md', (u) => u === url)).toEqual([{ url, line: 4 }]);
  });

  it('leaves out what the build leaves alone: code, escapes, references, HTML, full and root-relative URLs', () => {
    const body = [
      '`![code](./a.png)` \\![escaped](./b.png)',
      '',
      '```',
      '![fenced](./c.png)',
      '```',
      '',
      '    ![indented code](./d.png)',
      '',
      '![ref][r] <img src="./e.png"> ![full](https://example.org/f.png) ![root](/g.png) ![data](data:image/png;base64,AA==)',
      '',
      '[r]: ./h.png',
    ].join('\n');
    expect(localImages(md(body), '/x/post.md')).toEqual([]);
  });

  it('reads MDX as MDX: text in braces is code', () => {
    const body = "![a view](./a.png) {'![in code](./b.png)'}";
    expect(localImages(md(body), '/x/post.md').map((p) => p.url)).toEqual(['./a.png', './b.png']);
    expect(localImages(md(body), '/x/post.mdx').map((p) => p.url)).toEqual(['./a.png']);
    expect(localImages(md('{it <3 you} ![a view](./a.png)'), '/x/post.mdx')).toEqual([]);
  });

  it('parses only when a picture written like one is asked for', () => {
    const asked: string[] = [];
    const text = md('![a](./a.png) `![b](./b.png)`');
    const wanted = (url: string) => {
      asked.push(url);
      return url === './b.png';
    };
    expect(localImages(text, '/x/post.md', wanted)).toEqual([]);
    expect(asked).toEqual(['./a.png', './b.png', './a.png']);
  });
});
