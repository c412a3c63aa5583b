import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BuildOrderFeed, directoryPageFile, isPostPageFile, literalGlob, pageKey, requestKey } from '../../src/lib/search-feed.ts';

describe('the files Pagefind reads', () => {
  it.each([
    ['/posts/first-light', 'page', 'posts/first-light/index.html'],
    ['/posts/archive/2023-02-12-atomic-notes/', 'page', 'posts/archive/2023-02-12-atomic-notes/index.html'],
    ['/posts/café', 'page', 'posts/caf%C3%A9/index.html'],
    ['/posts/old', 'redirect', 'posts/old/index.html'],
    ['/', 'page', 'index.html'],
    ['', 'page', 'index.html'],
    ['/404', 'page', '404.html'],
    ['/tags/rss', 'page', 'tags/rss/index.html'],
    ['/rss.xml', 'endpoint', 'rss.xml'],
    ['/posts/x/card.html', 'endpoint', 'posts/x/card.html'],
  ])('Astro writes %j (%s) to %s', (pathname, type, file) => expect(directoryPageFile(pathname, type)).toBe(file));

  it('are the .html files under posts/', () => {
    expect(isPostPageFile('posts/first-light/index.html')).toBe(true);
    expect(isPostPageFile('posts/a/b/index.html')).toBe(true);
    expect(isPostPageFile('page/2/index.html')).toBe(false);
    expect(isPostPageFile('posts.html')).toBe(false);
    expect(isPostPageFile('posts/feed.xml')).toBe(false);
  });

  it('are named to Pagefind by a glob that matches only them', () => {
    expect(literalGlob('posts/first-light/index.html')).toBe('posts/first-light/index.html');
    expect(literalGlob('posts/a(b),c{d}[e]*?$:<f>/index.html')).toBe('posts/a\\(b\\)\\,c\\{d\\}\\[e\\]\\*\\?\\$\\:\\<f\\>/index.html');
    // Characters that are not special stay as they are: escaping them makes an invalid glob.
    expect(literalGlob("posts/caf%C3%A9;@&=+!~'#/index.html")).toBe("posts/caf%C3%A9;@&=+!~'#/index.html");
  });
});

describe('the page a prerender request is for', () => {
  it('is named as in Astro’s list, without the base and the trailing slash', () => {
    expect(requestKey('http://localhost/blog/posts/first-light/', '/blog/')).toBe(pageKey('/posts/first-light'));
    expect(requestKey('http://localhost/posts/first-light/', '/')).toBe(pageKey('/posts/first-light'));
    expect(requestKey('http://localhost/blog/', '/blog/')).toBe(pageKey('/'));
    expect(requestKey('http://localhost/blog/rss.xml', '/blog/')).toBe(pageKey('/rss.xml'));
    expect(requestKey('http://localhost/posts/caf%C3%A9/', '/')).toBe(pageKey('/posts/café'));
    // A path that only starts like the base keeps it.
    expect(requestKey('http://localhost/blogroll/', '/blog/')).toBe(pageKey('/blogroll'));
  });
});

/** Astro's list of a small site: pagination, posts, tags. */
const site = [
  { pathname: '/page/2', searchFile: undefined },
  { pathname: '/posts/c', searchFile: 'posts/c/index.html' },
  { pathname: '/posts/a', searchFile: 'posts/a/index.html' },
  { pathname: '/posts/b', searchFile: 'posts/b/index.html' },
  { pathname: '/rss.xml', searchFile: undefined },
  { pathname: '/posts/d', searchFile: 'posts/d/index.html' },
  { pathname: '/tags/x', searchFile: undefined },
];

/**
 * Astro building `site` one page at a time: it renders the pages in `rendered` (telling the
 * feed first) and copies the others from its cache; each is on disk before the next starts.
 * Returns the files the feed sent, in order, and checks that each was on disk when sent.
 */
function build(rendered: ReadonlySet<string>): string[] {
  const onDisk = new Set<string>();
  const sent: string[] = [];
  const feed = new BuildOrderFeed((file) => {
    expect(onDisk.has(file), `${file} sent before it was written`).toBe(true);
    sent.push(file);
  });
  feed.plan(site);
  for (const page of site) {
    if (rendered.has(page.pathname)) feed.reached(pageKey(page.pathname));
    if (page.searchFile) onDisk.add(page.searchFile);
  }
  feed.finish();
  return sent;
}

describe('handing the post pages to Pagefind while Astro builds them', () => {
  const inListOrder = ['posts/c/index.html', 'posts/a/index.html', 'posts/b/index.html', 'posts/d/index.html'];

  it('sends every post page once, in the list’s order, whichever pages were rendered or copied from the cache', () => {
    fc.assert(
      fc.property(fc.subarray(site.map((p) => p.pathname)), (rendered) => {
        expect(build(new Set(rendered))).toEqual(inListOrder);
      }),
    );
  });

  it('sends a page as soon as Astro starts the next one, not at the end', () => {
    const sent: string[] = [];
    const feed = new BuildOrderFeed((file) => sent.push(file));
    feed.plan(site);
    expect(feed.files).toEqual(inListOrder);
    expect(feed.reached(pageKey('/posts/a'))).toBe(false);
    expect(sent).toEqual(['posts/c/index.html']);
    expect(feed.reached(pageKey('/rss.xml'))).toBe(false);
    expect(sent).toEqual(['posts/c/index.html', 'posts/a/index.html', 'posts/b/index.html']);
    // A page Astro did not list, and a page already passed, send nothing.
    feed.reached(pageKey('/elsewhere'));
    feed.reached(pageKey('/posts/c'));
    expect(sent).toHaveLength(3);
    // The page after the last post page: every post page is on disk.
    expect(feed.reached(pageKey('/tags/x'))).toBe(true);
    expect(sent).toEqual(inListOrder);
    feed.finish();
    expect(sent).toEqual(inListOrder);
  });

  it('builds a path listed twice once, the first time, as Astro does', () => {
    const sent: string[] = [];
    const feed = new BuildOrderFeed((file) => sent.push(file));
    feed.plan([...site, { pathname: '/posts/c/', searchFile: 'posts/c/index.html' }]);
    feed.finish();
    expect(sent).toEqual(inListOrder);
  });
});
