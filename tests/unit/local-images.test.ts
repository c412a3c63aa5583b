import { describe, expect, it } from 'vitest';
import { validateContentText } from '../../src/lib/content/validate.ts';
import { htmlPictures, localImages } from '../../src/lib/markdown/local-images.ts';

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

// Checked by hand on the sample site, 2026-12-03: each picture below was published as an <img>
// pointing at the post's address, where no file was; the build passed.
describe('htmlPictures: pictures of <img> tags, which the build does not publish', () => {
  it('finds a relative src in raw HTML of Markdown, with its line; leaves full, root-relative and data URLs, code and empty src', () => {
    const body = [
      '<img src="./a.png" alt="A">', // line 4
      '',
      "<p>Look:\n<img alt='B' src='images/b.png'></p>", // lines 6-7
      '',
      '<IMG SRC=c.png>', // line 9
      '',
      '<img src="https://example.org/x.png"> <img src="/x.png"> <img src="data:image/png;base64,AAAA"> <img src="">',
      '',
      '`<img src="./code.png">`',
      '',
      '```html',
      '<img src="./fenced.png">',
      '```',
    ].join('\n');
    expect(htmlPictures(md(body), '/x/post.md')).toEqual([
      { url: './a.png', line: 4 },
      { url: 'images/b.png', line: 7 },
      { url: 'c.png', line: 9 },
    ]);
    expect(htmlPictures(md('![written as Markdown](./a.png)'), '/x/post.md')).toEqual([]);
  });

  it("finds a relative src of an <img> element in MDX; an imported picture in braces is the build's", () => {
    const body = [
      "import pic from './p.png';",
      '',
      '<img src="./a.png" alt="A" />',
      '',
      '<img src={pic.src} alt="B" />',
      '',
      'And <img src="b.png" /> inline.',
    ].join('\n');
    expect(htmlPictures(md(body), '/x/post.mdx')).toEqual([
      { url: './a.png', line: 6 },
      { url: 'b.png', line: 10 },
    ]);
  });

  it('is named by the check with the way to write it', () => {
    const page = '---\ntitle: T\ndescription: D.\n---\n<img src="./a.png" alt="A">\n';
    expect(validateContentText(page, '/x/page.md', 'pages')).toEqual([
      { field: 'line 5', message: 'the picture ./a.png of this <img> tag is not published, so readers would see none: write it as ![what it shows](./a.png)' },
    ]);
  });
});
