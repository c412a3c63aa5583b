import { describe, expect, it } from 'vitest';
import { resanitizePosts, parsePeerFeed } from '../../../src/lib/blogroll/parse.ts';
import { cleanText, htmlToText } from '../../../src/lib/blogroll/text.ts';
import { rss } from './servers.ts';

/** Issue 11, findings 6 and 10. */

describe('cached text is text', () => {
  it('a title that mentions tags survives any number of cache round trips (304s)', () => {
    // The feed escapes the title's HTML once more, as feeds that mention tags do.
    const [post] = parsePeerFeed(
      rss([{ title: 'Use &lt;b&gt; for bold, not &lt;strong&gt;', link: 'https://peer.example/1' }]),
      'https://peer.example/feed',
    ).posts;
    expect(post?.title).toBe('Use <b> for bold, not <strong>');
    let cached = [post];
    for (let build = 0; build < 3; build++) cached = resanitizePosts(JSON.parse(JSON.stringify(cached)));
    expect(cached[0]?.title).toBe('Use <b> for bold, not <strong>');
  });
});

describe('invisible characters', () => {
  it('strips zero-width and other format characters, keeps joiners that scripts and emoji need', () => {
    expect(cleanText('Hel\u200Blo\u2060 wor\u00ADld\uFEFF\u{E0041}')).toBe('Hello world');
    expect(cleanText('می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(cleanText('👩\u200D💻 notes')).toBe('👩\u200D💻 notes');
  });

  it('a title made only of invisible characters is no title: the excerpt stands in, or the post is dropped', () => {
    for (const invisible of ['\u200B\u200C\u200D', '\u2060\uFEFF', '\u3164\u3164', '\u2800', '\u034F\u200B']) {
      expect(htmlToText(invisible), JSON.stringify(invisible)).toBe('');
    }
    const feed = rss([
      { title: '\u200B\u200B\u200B', link: 'https://peer.example/1', description: 'A real first sentence.' },
      { title: '\u200B\u3164', link: 'https://peer.example/2' },
    ]);
    const { posts } = parsePeerFeed(feed, 'https://peer.example/feed');
    expect(posts).toEqual([{ title: 'A real first sentence.', url: 'https://peer.example/1' }]);
  });
});
