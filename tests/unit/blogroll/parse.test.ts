import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parsePeerFeed, resanitizePosts } from '../../../src/lib/blogroll/parse.ts';
import { htmlToText, safeHttpUrl } from '../../../src/lib/blogroll/text.ts';
import { workDir } from '../../helpers/astro.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const FEED = 'https://peer.example/feed.xml';

describe('safeHttpUrl', () => {
  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'https://user:pw@peer.example/',
    '',
    42,
  ])('drops %j', (raw) => {
    expect(safeHttpUrl(raw, FEED)).toBeUndefined();
  });

  it('drops a URL longer than 2,048 characters and keeps one of exactly 2,048', () => {
    const at = (length: number) => `https://peer.example/${'a'.repeat(length - 'https://peer.example/'.length)}`;
    expect(at(2048)).toHaveLength(2048);
    expect(safeHttpUrl(at(2048))).toBe(at(2048));
    expect(safeHttpUrl(at(2049))).toBeUndefined();
    // Measured before resolving: a long relative link cannot sneak under the cap.
    expect(safeHttpUrl(`/${'a'.repeat(2048)}`, FEED)).toBeUndefined();
  });

  it('keeps http(s) and resolves relative links', () => {
    expect(safeHttpUrl('/posts/1', FEED)).toBe('https://peer.example/posts/1');
    expect(safeHttpUrl('http://other.example/x?y=1#z')).toBe('http://other.example/x?y=1#z');
  });
});

describe('htmlToText', () => {
  it('keeps words and drops markup, scripts, styles and SVG with their content', () => {
    const html = `<p>Hello <b>world</b></p><script>alert("x")</script><style>p{}</style>
      <svg onload="alert(1)"><script>evil()</script><text>svg text</text></svg>
      <img src=x onerror="alert(1)"><iframe src="javascript:alert(1)">frame</iframe><p>bye &amp; thanks</p>`;
    const text = htmlToText(html);
    expect(text).toBe('Hello world bye & thanks');
  });

  it('drops a tag left open at the end, as a browser does, and keeps a lone "<" as text', () => {
    expect(htmlToText('<<I')).toBe('<');
    expect(htmlToText('x <y')).toBe('x');
    expect(htmlToText('a <!-- c')).toBe('a');
    expect(htmlToText('a < b and <p>ok</p>')).toBe('a < b and ok');
    expect(htmlToText('Use &lt;b&gt;')).toBe('Use <b>');
  });

  it('removes bidi overrides and control characters and caps the length', () => {
    expect(htmlToText('safe\u202Eexe.txt\u0007')).toBe('safeexe.txt');
    const long = htmlToText('word '.repeat(500), 50);
    expect(Array.from(long).length).toBeLessThanOrEqual(50);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('parsePeerFeed', () => {
  it('reads RSS 2.0, newest first, with plain-text titles and excerpts', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:source="http://source.scripting.com/"><channel><title>P</title>
      <source:blogroll>https://peer.example/blogroll.opml</source:blogroll>
      <item><title>Older</title><link>https://peer.example/1</link><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
      <item><title>Newer &amp; &lt;em&gt;better&lt;/em&gt;</title><link>/2</link><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>
        <description><![CDATA[<p>Body <a href="javascript:x">link</a></p>]]></description></item>
    </channel></rss>`;
    const { posts, blogrollUrl } = parsePeerFeed(xml, FEED, { now: NOW });
    expect(posts).toEqual([
      { title: 'Newer & better', url: 'https://peer.example/2', date: '2024-01-02T10:00:00.000Z', excerpt: 'Body link' },
      { title: 'Older', url: 'https://peer.example/1', date: '2024-01-01T10:00:00.000Z' },
    ]);
    expect(blogrollUrl).toBe('https://peer.example/blogroll.opml');
  });

  it('reads Atom, preferring the alternate HTML link and the published date', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>x</id><updated>2024-03-01T00:00:00Z</updated>
      <entry><title type="html">&lt;i&gt;Atom&lt;/i&gt; post</title><id>tag:x,1</id>
        <link rel="edit" href="https://peer.example/edit/1"/><link rel="alternate" type="text/html" href="https://peer.example/a/1"/>
        <published>2024-02-01T00:00:00Z</published><updated>2024-03-01T00:00:00Z</updated><summary>Short</summary></entry></feed>`;
    expect(parsePeerFeed(xml, FEED, { now: NOW }).posts).toEqual([
      { title: 'Atom post', url: 'https://peer.example/a/1', date: '2024-02-01T00:00:00.000Z', excerpt: 'Short' },
    ]);
  });

  it('reads RDF (RSS 1.0)', () => {
    const xml = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://peer.example/"><title>R</title><link>https://peer.example/</link></channel>
      <item rdf:about="https://peer.example/r/1"><title>RDF post</title><link>https://peer.example/r/1</link><dc:date>2024-04-04T00:00:00Z</dc:date></item></rdf:RDF>`;
    expect(parsePeerFeed(xml, FEED, { now: NOW }).posts).toEqual([{ title: 'RDF post', url: 'https://peer.example/r/1', date: '2024-04-04T00:00:00.000Z' }]);
  });

  it('reads JSON Feed, titling untitled notes with their first words', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: [
        { id: '1', url: 'https://peer.example/j/1', title: 'Titled', date_published: '2024-05-05T00:00:00Z' },
        { id: '2', url: 'https://peer.example/j/2', content_html: '<p>Just a <b>short</b> note</p>', date_published: '2024-05-06T00:00:00Z' },
        { id: '3', url: 'javascript:alert(1)', title: 'Hostile' },
        { id: '4', title: 'No link at all' },
      ],
    });
    expect(parsePeerFeed(json, FEED, { now: NOW }).posts).toEqual([
      { title: 'Just a short note', url: 'https://peer.example/j/2', date: '2024-05-06T00:00:00.000Z' },
      { title: 'Titled', url: 'https://peer.example/j/1', date: '2024-05-05T00:00:00.000Z' },
    ]);
  });

  it('neutralises script tags, onerror, SVG payloads and javascript:/data: links', () => {
    const xml = `<rss version="2.0"><channel><title>H</title>
      <item><title>&lt;script&gt;alert(1)&lt;/script&gt;Clean title</title><link>https://peer.example/ok</link>
        <description>&lt;img src=x onerror=alert(1)&gt;&lt;svg&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;/svg&gt;Text</description></item>
      <item><title>JS link</title><link>javascript:alert(document.cookie)</link></item>
      <item><title>Data link</title><link>data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==</link></item>
      <item><title><![CDATA[<svg xmlns="http://www.w3.org/2000/svg" onload="alert(3)"><a href="javascript:x">svg</a></svg>After]]></title><link>https://peer.example/after</link></item>
    </channel></rss>`;
    const { posts } = parsePeerFeed(xml, FEED, { now: NOW });
    expect(posts.map((p) => p.url)).toEqual(['https://peer.example/ok', 'https://peer.example/after']);
    expect(posts[0]).toMatchObject({ title: 'Clean title', excerpt: 'Text' });
    expect(posts[1]!.title).toBe('After');
    expect(JSON.stringify(posts)).not.toMatch(/script|onerror|onload|alert|javascript|svg|data:/i);
  });

  // Not expanding is what keeps it fast: the expanded title would be 10^10 "lol"s. (Speed
  // targets live in benchmarks; this checks the size of what comes out.)
  it('does not expand entity bombs (billion laughs)', () => {
    const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">${levels}]>
      <rss version="2.0"><channel><title>&lol10;</title><item><title>Bomb &lol10;</title><link>https://peer.example/b</link></item></channel></rss>`;
    let posts: { title: string }[] = [];
    try {
      posts = parsePeerFeed(xml, FEED, { now: NOW }).posts;
    } catch (error) {
      expect(error).toBeInstanceOf(FeedParseError); // refusing the feed is fine too
    }
    expect(JSON.stringify(posts).length).toBeLessThan(1000);
    expect(JSON.stringify(posts)).not.toContain('lollol');
  });

  it('does not read external entities (XXE)', async () => {
    const secret = path.join(await workDir('xxe'), 'secret.txt');
    await writeFile(secret, 'xxe-unit-marker-51c0');
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secret}">]>
      <rss version="2.0"><channel><title>x</title><item><title>Leak &xxe;</title><link>https://peer.example/x</link></item></channel></rss>`;
    let text = '';
    try {
      text = JSON.stringify(parsePeerFeed(xml, FEED, { now: NOW }));
    } catch (error) {
      expect(error).toBeInstanceOf(FeedParseError);
    }
    expect(text).not.toContain('xxe-unit-marker-51c0');
  });

  it('drops dates in the future and keeps the post', () => {
    const xml = `<rss version="2.0"><channel><title>F</title><item><title>Pinned forever</title><link>https://peer.example/f</link><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item></channel></rss>`;
    expect(parsePeerFeed(xml, FEED, { now: NOW }).posts).toEqual([{ title: 'Pinned forever', url: 'https://peer.example/f' }]);
  });

  it.each([
    ['invalid XML', '<rss version="2.0"><channel><item><title>unclosed'],
    ['an HTML page', '<!doctype html><html><head><title>Home</title></head><body><p>hi</p></body></html>'],
    ['plain text', 'Hello, world'],
    ['random JSON', '{"hello":"world"}'],
  ])('throws FeedParseError on %s', (_what, body) => {
    expect(() => parsePeerFeed(body, FEED, { now: NOW })).toThrow(FeedParseError);
  });

  it('caps titles and excerpts and keeps at most ten posts', () => {
    const items = Array.from(
      { length: 30 },
      (_, i) => `<item><title>${'T'.repeat(1000)}</title><link>https://peer.example/${i}</link><description>${'word '.repeat(2000)}</description></item>`,
    ).join('');
    const { posts } = parsePeerFeed(`<rss version="2.0"><channel><title>L</title>${items}</channel></rss>`, FEED, { now: NOW });
    expect(posts).toHaveLength(10);
    expect(Array.from(posts[0]!.title).length).toBeLessThanOrEqual(160);
    expect(Array.from(posts[0]!.excerpt!).length).toBeLessThanOrEqual(280);
  });
});

describe('resanitizePosts', () => {
  it('treats cached posts as untrusted', () => {
    expect(
      resanitizePosts([
        { title: '<script>alert(1)</script>Fine', url: 'https://peer.example/1', date: '2024-01-01T00:00:00.000Z' },
        { title: 'Bad link', url: 'javascript:alert(1)' },
        { title: 'Relative', url: '/x' },
        'junk',
        null,
      ]),
      // Cached fields are plain text (never HTML-decoded again, issue 11 #6): markup-looking
      // text stays text, which pages print escaped.
    ).toEqual([{ title: '<script>alert(1)</script>Fine', url: 'https://peer.example/1', date: '2024-01-01T00:00:00.000Z' }]);
  });
});
