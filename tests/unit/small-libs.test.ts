import { describe, expect, it } from 'vitest';
import { normalizeTag, slugify } from '../../src/lib/content/slug.ts';
import { proseWordCount, readingMinutes } from '../../src/lib/content/reading-time.ts';
import { absolutizeHtml } from '../../src/lib/feed/absolutize.ts';
import { paginateList } from '../../src/lib/pagination.ts';
import { groupByYear, isoDay } from '../../src/lib/dates.ts';
import { absoluteUrl, normalizeBase, withBase } from '../../src/lib/urls.ts';
import { jsonForScript } from '../../src/lib/seo.ts';
import { plural } from '../../src/lib/plural.ts';
import { mapLimit } from '../../src/lib/map-limit.ts';

describe('slugs', () => {
  it.each([
    ['My Post Title', 'my-post-title'],
    ['  Hello, World!  ', 'hello-world'],
    ['Café au lait', 'cafe-au-lait'],
    ["Don't panic", 'dont-panic'],
    ['Don’t panic (typographic apostrophe)', 'dont-panic-typographic-apostrophe'],
    ['RSS & OPML in 2026', 'rss-opml-in-2026'],
    ['Ünïcödé — dash', 'unicode-dash'],
    ['日本語 title', '日本語-title'],
  ])('%s → %s', (input, slug) => expect(slugify(input)).toBe(slug));

  it('turns a tag as written ("Slow_Web", "IndieWeb") into its slug', () => {
    expect(normalizeTag('Slow_Web')).toBe('slow-web');
    expect(normalizeTag('IndieWeb')).toBe('indieweb');
  });
});

// Publishing state: see publishing.test.ts.

describe('reading time', () => {
  it('counts prose, not code, imports or URLs', () => {
    const md =
      "---\ntitle: x\n---\nimport A from './a';\n\nOne two three.\n\n```js\nconst not = counted;\n```\n\nSee [four](https://x.example/a-b-c) https://y.example/z\n";
    expect(proseWordCount(md)).toBe(5); // One two three See four
  });
  it('is at least a minute and about 230 words per minute', () => {
    expect(readingMinutes('word')).toBe(1);
    expect(readingMinutes('word '.repeat(230 * 5))).toBe(5);
  });
});

describe('base paths', () => {
  it('normalises a configured base to "/" or "/name/"', () => {
    expect(normalizeBase('/')).toBe('/');
    expect(normalizeBase('blog')).toBe('/blog/');
    expect(normalizeBase('/blog/')).toBe('/blog/');
  });
  it('prefixes internal links with the base once, and leaves absolute URLs and fragments alone', () => {
    expect(withBase('/tags/', '/blog/')).toBe('/blog/tags/');
    expect(withBase('/blog/tags/', '/blog/')).toBe('/blog/tags/');
    expect(withBase('/', '/blog')).toBe('/blog/');
    expect(withBase('/x/', '/')).toBe('/x/');
    expect(withBase('https://a.example/', '/blog/')).toBe('https://a.example/');
    expect(withBase('#top', '/blog/')).toBe('#top');
  });
  it('builds absolute URLs under the base path', () => {
    expect(absoluteUrl('/rss.xml', 'https://me.github.io', '/repo')).toBe('https://me.github.io/repo/rss.xml');
  });
});

describe('feed HTML', () => {
  it('makes relative links and images absolute against the post URL', () => {
    const html =
      '<a href="../other/">o</a><img src="/blog/_astro/a.png" srcset="/blog/a.png 1x, b.png 2x"><a href="#fn-1">1</a><a href="mailto:me@x.example">m</a>';
    const out = absolutizeHtml(html, 'https://me.example/blog/posts/this/');
    expect(out).toContain('href="https://me.example/blog/posts/other/"');
    expect(out).toContain('src="https://me.example/blog/_astro/a.png"');
    expect(out).toContain('srcset="https://me.example/blog/a.png 1x, https://me.example/blog/posts/this/b.png 2x"');
    expect(out).toContain('href="https://me.example/blog/posts/this/#fn-1"');
    expect(out).toContain('href="mailto:me@x.example"');
  });
});

describe('pagination', () => {
  it('splits a list into pages and links each page to its neighbours', () => {
    const pages = paginateList([1, 2, 3, 4, 5], 2, { first: '/', rest: '/page/' });
    expect(pages.map((p) => p.items)).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages[0]).toMatchObject({ number: 1, total: 3, next: '/page/2/' });
    expect(pages[0]?.prev).toBeUndefined();
    expect(pages[1]).toMatchObject({ prev: '/', next: '/page/3/' });
    expect(pages[2]?.next).toBeUndefined();
  });
  it('has one empty page for an empty blog', () => {
    expect(paginateList([], 5, { first: '/', rest: '/page/' })).toEqual([{ items: [], number: 1, total: 1 }]);
  });
});

describe('dates', () => {
  it('groups by UTC year, newest year first, order within a year kept', () => {
    const d = (s: string) => new Date(s);
    const groups = groupByYear([d('2024-05-01'), d('2023-01-01'), d('2024-01-01')], (x) => x);
    expect(groups.map(([y, items]) => [y, items.map(isoDay)])).toEqual([
      [2024, ['2024-05-01', '2024-01-01']],
      [2023, ['2023-01-01']],
    ]);
  });
});

describe('counts', () => {
  it("names one thing, or many with the language's digit grouping", () => {
    expect(plural(1, 'post', 'en')).toBe('1 post');
    expect(plural(0, 'post', 'en')).toBe('0 posts');
    expect(plural(1009, 'post', 'en')).toBe('1,009 posts');
    expect(plural(2, 'reply', 'en', 'replies')).toBe('2 replies');
  });
});

describe('JSON-LD', () => {
  it('cannot close its script element', () => {
    expect(jsonForScript({ t: '</script><script>alert(1)</script>' })).not.toContain('</script');
  });
});

describe('tag URLs', () => {
  it('use the slug of the label the writer wrote', async () => {
    const { tagPath } = await import('../../src/lib/urls.ts');
    expect(tagPath('Writing Life')).toBe('/tags/writing-life/');
    expect(tagPath('C++ & Rust')).toBe('/tags/c-rust/');
    expect(tagPath('habits')).toBe('/tags/habits/');
  });
});

describe('the generated avatar', () => {
  it('shows the initials of author.name, escaped', async () => {
    const { initialsOf, initialsAvatarSvg } = await import('../../src/lib/avatar.ts');
    expect(initialsOf('Mara Lindqvist')).toBe('ML');
    expect(initialsOf('ada')).toBe('A');
    expect(initialsOf('José de la Cruz')).toBe('JC');
    expect(initialsOf('  ')).toBe('?');
    const svg = initialsAvatarSvg('<Zoë> & "Ng"');
    expect(svg).toMatch(/^<svg [^>]*aria-label="&lt;Zoë&gt; &amp; &quot;Ng&quot;"/);
    expect(svg).toContain('>ZN</text>');
  });
});

describe('work a few at a time (mapLimit)', () => {
  it('keeps the items’ order and runs at most `limit` at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimit([30, 5, 20, 1, 10, 2], 2, async (ms) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 40, 2, 20, 4]);
    expect(most).toBe(2);
  });

  it('runs every item once, with fewer items than lanes too', async () => {
    const seen: string[] = [];
    await mapLimit(['only'], 4, async (item) => seen.push(item));
    expect(seen).toEqual(['only']);
  });
});
