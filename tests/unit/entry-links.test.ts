import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml, mdxToJs } from 'satteri';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryAddress, fileLinkOf, fileLinkProblems } from '../../src/lib/content/entry-links.ts';
import { siteLinksPlugin } from '../../src/lib/markdown/site-links.ts';
import { workDir } from '../helpers/astro.ts';

const post = (front: string, body = 'Words.') => `---\n${front}\n---\n\n${body}\n`;
let content: string;
const at = (file: string) => path.join(content, file);
/** A post's Markdown as the site's Markdown plugin renders it, from posts/from.md. */
const render = async (source: string, base = '/blog') =>
  (await markdownToHtml(source, { mdastPlugins: [siteLinksPlugin(base, content)], fileURL: pathToFileURL(at('posts/from.md')) })).html;

beforeAll(async () => {
  content = await workDir('entry-links');
  const files: Record<string, string> = {
    'posts/plain.md': post('title: Plain'),
    'posts/2024/with-slug.mdx': post('title: S\nslug: elsewhere/here'),
    'posts/My Notes.md': post('title: Spaced'),
    'posts/_notes.md': post('title: Kept out'),
    'pages/about.md': post('title: About'),
    'posts/2024/chart.png': 'a picture',
    'blogroll/peer.md': post('name: Peer'),
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(at(name)), { recursive: true });
    await writeFile(at(name), text);
  }
});

describe('a link written to a file', () => {
  it('is a relative URL ending in .md or .mdx, resolved from the linking file, with what follows it kept', () => {
    const from = '/site/posts/2024/post.md';
    expect(fileLinkOf('./plain.md', from)).toEqual({ file: '/site/posts/2024/plain.md', rest: '' });
    expect(fileLinkOf('../pages/about.md#team', from)).toEqual({ file: '/site/posts/pages/about.md', rest: '#team' });
    expect(fileLinkOf('other.MDX?x=1#y', from)).toEqual({ file: '/site/posts/2024/other.MDX', rest: '?x=1#y' });
    expect(fileLinkOf('My%20Notes.md', from)?.file).toBe('/site/posts/2024/My Notes.md');
    for (const url of [
      'https://example.org/README.md',
      '/posts/plain.md',
      '#plain.md',
      '//cdn.example/a.md',
      'mailto:a.md',
      'notes.markdown',
      'a.md.html',
      './picture.png',
    ]) {
      expect(fileLinkOf(url, from), url).toBeUndefined();
    }
  });

  it("leads to the address its post or page is published at: its slug, its file's name slugged", () => {
    expect(entryAddress(at('posts/plain.md'), content)).toBe('/posts/plain/');
    expect(entryAddress(at('posts/2024/with-slug.mdx'), content)).toBe('/posts/elsewhere/here/');
    expect(entryAddress(at('posts/My Notes.md'), content)).toBe('/posts/my-notes/');
    expect(entryAddress(at('pages/about.md'), content)).toBe('/about/');
    // No page is published from these.
    for (const file of ['posts/_notes.md', 'posts/gone.md', 'blogroll/peer.md', '../elsewhere.md'])
      expect(entryAddress(at(file), content), file).toBeUndefined();
  });

  it('is rewritten by the Markdown plugin to that address under the base path, links of every other kind left alone', async () => {
    const source = [
      'See [plain](./plain.md), [slugged](2024/with-slug.mdx#part), [about](../pages/about.md) and [spaced](<My Notes.md>).',
      '',
      'Also [gone](./gone.md), [outside](https://example.org/README.md), [root](/tags/) and [a ref][ref].',
      '',
      '[ref]: ./plain.md?from=ref',
    ].join('\n');
    const html = await render(source);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '/blog/posts/plain/',
      '/blog/posts/elsewhere/here/#part',
      '/blog/about/',
      '/blog/posts/my-notes/',
      './gone.md',
      'https://example.org/README.md',
      '/blog/tags/',
      '/blog/posts/plain/?from=ref',
    ]);
  });

  it("is followed in the text's HTML too, and a root-relative link or picture there gets the base path", async () => {
    const source =
      '<p><a href="./plain.md#part" class="x">a post</a>, <a href="/tags/">tags</a>, <img src="/assets/me.png" alt="Me &amp; you">, <a href="https://example.org/">out</a>, <a href="/blog/about/">once</a></p>';
    const html = await render(source);
    expect(html.trim()).toBe(
      '<p><a href="/blog/posts/plain/#part" class="x">a post</a>, <a href="/blog/tags/">tags</a>, <img src="/blog/assets/me.png" alt="Me &amp; you">, <a href="https://example.org/">out</a>, <a href="/blog/about/">once</a></p>',
    );
    // And in MDX's JSX.
    const { code } = await mdxToJs('<a href="./plain.md">a post <b>bold</b></a> and <img src="/assets/me.png" alt="Me" />', {
      mdastPlugins: [siteLinksPlugin('/blog', content)],
      fileURL: pathToFileURL(at('posts/from.mdx')),
    });
    expect(code).toContain('"/blog/posts/plain/"');
    expect(code).toContain('"/blog/assets/me.png"');
    expect(code).toContain('"bold"');
    // At the domain root, the HTML is left byte for byte as written.
    expect((await render('<img src="/assets/me.png"  alt=me>', '/')).trim()).toBe('<img src="/assets/me.png"  alt=me>');
  });

  it('is written as a wiki link too: [[name]], [[path|label]], [[name#heading]], to the post or page of that file name', async () => {
    const source =
      'See [[plain]], [[2024/with-slug|the slugged one]], [[My Notes#A Part]], [[about]] and [[gone]]; [inside [[plain]]](https://example.org/). ![[chart.png|A chart]] ![[chart.png|300]] ![[gone.png]]';
    const html = await render(source);
    expect(html.trim()).toBe(
      '<p>See <a href="/blog/posts/plain/">plain</a>, <a href="/blog/posts/elsewhere/here/">the slugged one</a>, <a href="/blog/posts/my-notes/#a-part">My Notes</a>, <a href="/blog/about/">about</a> and [[gone]]; <a href="https://example.org/">inside [[plain]]</a>. <img src="./2024/chart.png" alt="A chart"> <img src="./2024/chart.png" alt=""> ![[gone.png]]</p>',
    );
  });

  it('is named by the check when no post or page is published from it, with its line', () => {
    const text = post('title: T', '[fine](./plain.md)\n\n[gone](./gone.md) and [kept out](_notes.md)\n\n`[code](./gone.md)`');
    expect(fileLinkProblems(text, at('posts/from.md'), content)).toEqual([
      {
        line: 7,
        message: "the link to ./gone.md names a file which is not there: link to a post's file (./its-file.md) or to its address (/posts/its-slug/)",
      },
      {
        line: 7,
        message:
          "the link to _notes.md names a file which the site does not publish: link to a post's file (./its-file.md) or to its address (/posts/its-slug/)",
      },
    ]);
  });
});
