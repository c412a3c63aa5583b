import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeedCache, writeFeedCache } from '../../../src/lib/blogroll/cache.ts';
import { readPeerTexts } from '../../../src/lib/blogroll/index.ts';
import { CONTENT_MAX_CHARS, EXCERPT_MAX_CHARS, parsePeerFeed } from '../../../src/lib/blogroll/parse.ts';
import { workDirSync } from '../../helpers/astro.ts';

/** What the originality check reads of peers' posts: bounded plain text, kept in the cache. */

const NOW = new Date('2026-06-01T00:00:00Z');
const FEED = 'https://peer.example/feed.xml';
const longParagraphs = Array.from({ length: 400 }, (_, i) => `<p>Paragraph ${i} says something about notebooks &amp; walks.</p>`).join('');

const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Peer</title>${items}</channel></rss>`;

describe('post content in the feed cache', () => {
  it('keeps the full content as plain text, capped, when the feed carries more than a summary', () => {
    const { posts } = parsePeerFeed(
      rss(
        `<item><title>Long</title><link>https://peer.example/long</link><description>A short summary.</description><content:encoded><![CDATA[<script>alert(1)</script>${longParagraphs}]]></content:encoded></item>`,
      ),
      FEED,
      { now: NOW },
    );
    const [post] = posts;
    expect(post?.excerpt).toBe('A short summary.');
    expect(post?.content?.startsWith('Paragraph 0 says something about notebooks & walks.')).toBe(true);
    expect(post?.content).not.toContain('alert');
    expect(post?.content).not.toContain('<');
    expect(Array.from(post!.content!).length).toBeLessThanOrEqual(CONTENT_MAX_CHARS);
  });

  it('stores no content when the summary is all there is (it is the excerpt)', () => {
    const { posts } = parsePeerFeed(
      rss('<item><title>Short</title><link>https://peer.example/short</link><description>Only a summary.</description></item>'),
      FEED,
      { now: NOW },
    );
    expect(posts[0]).toEqual({ title: 'Short', url: 'https://peer.example/short', excerpt: 'Only a summary.' });
  });

  it('keeps a long description as content beyond the excerpt, and the peer name, through the cache', async () => {
    const { posts } = parsePeerFeed(
      rss(`<item><title>Full in description</title><link>https://peer.example/d</link><description><![CDATA[${longParagraphs}]]></description></item>`),
      FEED,
      { now: NOW },
    );
    expect(Array.from(posts[0]!.excerpt!).length).toBeLessThanOrEqual(EXCERPT_MAX_CHARS);
    expect(posts[0]!.content!.length).toBeGreaterThan(EXCERPT_MAX_CHARS);
    const file = join(workDirSync('content'), 'feeds.json');
    await writeFeedCache(file, { version: 1, feeds: { 'peer.example': { name: 'Pat\u001b[2J Peer', feedUrl: FEED, posts } } });
    const { cache } = await readFeedCache(file);
    expect(cache.feeds['peer.example']?.name).toBe('Pat[2J Peer');
    expect(cache.feeds['peer.example']?.posts[0]?.content).toBe(posts[0]!.content);
    const [text] = readPeerTexts(file);
    expect(text).toMatchObject({ peer: 'Pat[2J Peer', title: 'Full in description', url: 'https://peer.example/d', date: null, full: true });
    expect(text!.text).toBe(posts[0]!.content);
  });

  it('reads an edited cache as untrusted: no bad links, no control characters, capped, nothing from a damaged file', () => {
    const dir = workDirSync('peer-texts');
    const file = join(dir, 'feeds.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        feeds: {
          a: {
            feedUrl: FEED,
            posts: [
              { title: 'Bad', url: 'javascript:alert(1)', excerpt: 'x' },
              { title: 'T\u202Eitle', url: 'https://a.example/p', date: 'yesterday', excerpt: 'short', content: 'y'.repeat(50_000) },
              ...Array.from({ length: 20 }, (_, i) => ({ title: `Post ${i}`, url: `https://a.example/${i}`, excerpt: 'e' })),
            ],
          },
        },
      }),
    );
    const texts = readPeerTexts(file);
    expect(texts).toHaveLength(9); // the first 10 posts, minus the one without an http(s) link
    expect(texts[0]).toMatchObject({ peer: 'a.example', title: 'Title', date: null, full: true });
    expect(Array.from(texts[0]!.text).length).toBeLessThanOrEqual(20_000);
    writeFileSync(file, 'not json');
    expect(readPeerTexts(file)).toEqual([]);
    expect(readPeerTexts(join(dir, 'missing.json'))).toEqual([]);
  });
});
