import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postFields } from '../../../src/lib/content/schema.ts';
import { parseSiteConfig } from '../../../src/lib/config/load.ts';
import type { ConfigError } from '../../../src/lib/config/errors.ts';
import { getBytes } from '../../../src/lib/responses/http.ts';
import { entryId } from '../../../src/lib/content/slug.ts';
import { sniffImage } from '../../../src/lib/pictures/index.ts';
import { assignToPosts, isBlocked, parseBlueskyUrl, parseJf2Entry, parseMastodonUrl, readPostRefs, recommenders } from '../../../src/lib/responses/index.ts';
import { toStore } from '../../../src/lib/responses/store.ts';
import { bridgyAliases, targetQuery } from '../../../src/lib/responses/webmention.ts';
import { mastodonText } from '../../../src/lib/responses/mastodon.ts';
import { routeServer } from '../blogroll/servers.ts';
import { png } from './stubs.ts';
import { workDir } from '../../helpers/astro.ts';

describe('reading a JF2 entry', () => {
  const base = {
    'wm-id': 7,
    'wm-property': 'in-reply-to',
    'wm-source': 'https://a.example/r',
    'wm-target': 'https://me.example/p/',
    author: { name: 'A', url: 'https://a.example/' },
    content: { text: 'Hi' },
  };

  it('keeps the kind, text and links, and never the HTML', () => {
    expect(parseJf2Entry(base)).toMatchObject({ id: 'webmention:7', kind: 'reply', url: 'https://a.example/r', text: 'Hi' });
    for (const [property, kind] of [
      ['like-of', 'like'],
      ['repost-of', 'repost'],
      ['bookmark-of', 'bookmark'],
      ['mention-of', 'mention'],
      ['rsvp', 'reply'],
      ['anything', 'mention'],
    ]) {
      expect(parseJf2Entry({ ...base, 'wm-property': property })?.kind).toBe(kind);
    }
    expect(parseJf2Entry({ ...base, content: { html: '<p>Hello <script>x()</script><b>there</b></p>' } })?.text).toBe('Hello there');
  });

  it('drops private mentions and entries without an id or a usable target', () => {
    expect(parseJf2Entry({ ...base, 'wm-private': true })).toBeUndefined();
    expect(parseJf2Entry({ ...base, 'wm-id': 'x' })).toBeUndefined();
    expect(parseJf2Entry({ ...base, 'wm-target': 'javascript:alert(1)' })).toBeUndefined();
    expect(parseJf2Entry(null)).toBeUndefined();
  });

  it('refuses non-http(s) URLs for the author, the photo and the response', () => {
    const item = parseJf2Entry({ ...base, url: 'data:text/html,x', author: { name: 'A', url: 'javascript:x', photo: 'file:///etc/passwd' } })!;
    expect(item.url).toBe('https://a.example/r');
    expect(item.author).toEqual({ name: 'A' });
  });
});

describe('Bridgy source URLs', () => {
  it('name the Mastodon reply id on the writer’s instance', () => {
    expect(bridgyAliases('https://brid.gy/comment/mastodon/@me@social.example/111/222')).toEqual(['mastodon:social.example:222']);
  });
  it('name the Bluesky reply at-URI, encoded twice', () => {
    const uri = 'at://did:plc:abc/app.bsky.feed.post/3k';
    const twice = encodeURIComponent(encodeURIComponent(uri));
    expect(bridgyAliases(`https://brid.gy/comment/bluesky/did:plc:me/${twice}/${twice}`)).toEqual([`bluesky:${uri}`]);
  });
  it('are ignored anywhere else', () => {
    expect(bridgyAliases('https://not-bridgy.example/comment/mastodon/@me@x/1/2')).toEqual([]);
  });
});

describe('syndication URLs', () => {
  it('recognise Mastodon statuses', () => {
    expect(parseMastodonUrl('https://mastodon.social/@ada/113')).toEqual({ origin: 'https://mastodon.social', host: 'mastodon.social', id: '113' });
    expect(parseMastodonUrl('https://mastodon.social/users/ada/statuses/113')?.id).toBe('113');
    expect(parseMastodonUrl('https://mastodon.social/@ada')).toBeUndefined();
  });
  it('recognise Bluesky posts by handle, hyphenated handle or DID', () => {
    expect(parseBlueskyUrl('https://bsky.app/profile/ada.example/post/3kabc')).toEqual({ actor: 'ada.example', rkey: '3kabc' });
    expect(parseBlueskyUrl('https://bsky.app/profile/my-name.bsky.social/post/3kabc')?.actor).toBe('my-name.bsky.social');
    expect(parseBlueskyUrl('https://bsky.app/profile/did:plc:abc123/post/3kabc')?.actor).toBe('did:plc:abc123');
    expect(parseBlueskyUrl('https://evil.example/profile/ada.example/post/3kabc')).toBeUndefined();
  });
  it('turn Mastodon HTML into text and safe links, skipping mentions and hashtags', () => {
    const { text, links } = mastodonText(
      '<p><a href="https://x.example/@a" class="u-url mention">@a</a> see <a href="https://good.example/">good</a> <a href="javascript:alert(1)">bad</a> <a href="https://x.example/tags/t" class="mention hashtag">#t</a></p>',
    );
    expect(text).toBe('@a see good bad #t');
    expect(links).toEqual(['https://good.example/']);
  });
});

describe('asking webmention.io about one post (no token)', () => {
  it('asks for the target with and without the slash and www., on http and https', () => {
    const url = new URL(targetQuery('https://webmention.io/api/mentions.jf2', 'https://me.example/posts/a/', 100));
    expect(url.searchParams.getAll('target[]')).toEqual([
      '//me.example/posts/a/',
      '//me.example/posts/a',
      '//www.me.example/posts/a/',
      '//www.me.example/posts/a',
    ]);
    expect(url.searchParams.has('token')).toBe(false);
  });
});

describe('moderation.block', () => {
  const item = (url: string, author?: string, source?: string) => ({
    url,
    author: { name: 'x', ...(author ? { url: author } : {}) },
    ...(source ? { source } : {}),
  });
  it('blocks a domain and its subdomains, not look-alikes', () => {
    expect(isBlocked(item('https://spam.example/a'), ['spam.example'])).toBe(true);
    expect(isBlocked(item('https://www.spam.example/a'), ['spam.example'])).toBe(true);
    expect(isBlocked(item('https://a.spam.example/a'), ['spam.example'])).toBe(true);
    expect(isBlocked(item('https://notspam.example/a'), ['spam.example'])).toBe(false);
  });
  it('blocks a profile and everything under it, by author or source', () => {
    expect(isBlocked(item('https://social.example/@troll/1', 'https://social.example/@troll'), ['https://social.example/@troll'])).toBe(true);
    expect(isBlocked(item('https://social.example/@trolley/1', 'https://social.example/@trolley'), ['https://social.example/@troll'])).toBe(false);
    expect(isBlocked(item('https://a.example/x', undefined, 'https://brid.gy/comment/x'), ['https://brid.gy/comment/x'])).toBe(true);
  });
  it('hides a blocked recommender too', () => {
    const rec = { ...parseJf2Entry({ 'wm-id': 1, 'wm-source': 'https://spam.example/.well-known/recommendations.json', 'wm-target': 'https://me.example/' })! };
    expect(recommenders([rec], [])).toEqual([{ url: 'https://spam.example/', name: 'spam.example' }]);
    expect(recommenders([rec], ['spam.example'])).toEqual([]);
  });
});

describe('avatars', () => {
  it('are recognised by their first bytes, never by their name or type', () => {
    expect(sniffImage(png())?.type).toBe('image/png');
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]))?.ext).toBe('jpg');
    expect(sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'))).toBeUndefined();
    expect(sniffImage(new TextEncoder().encode('GIF89a'))).toBeUndefined(); // too short to be an image
  });

  it('arrive byte for byte through the bounded fetcher, which keeps its address rules', async () => {
    const image = png();
    const server = await routeServer({ '/a.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(image) });
    try {
      // The writer allowed 127.0.0.1 by name; a third party's photo URL may go nowhere else private.
      const allowed = { privateHosts: ['127.0.0.1'] };
      const got = await getBytes(`${server.origin}/a.png`, { userAgent: 't', timeoutMs: 2000, maxBytes: 100_000, ...allowed });
      expect(got.ok && Buffer.from(got.bytes).equals(image)).toBe(true);
      const small = await getBytes(`${server.origin}/a.png`, { userAgent: 't', timeoutMs: 2000, maxBytes: 10, ...allowed });
      expect(small.ok).toBe(false);
      // A photo URL named by a public API may not lead into a private network.
      const blocked = await getBytes(`${server.origin}/a.png`, { userAgent: 't', timeoutMs: 2000, maxBytes: 100_000, foundOn: 'https://api.example/mentions' });
      expect(blocked).toMatchObject({ ok: false, message: expect.stringMatching(/not a public address/) });
    } finally {
      await server.close();
    }
  });
});

describe('the responses cache', () => {
  it('re-checks everything it reads: a tampered cache is no way in', () => {
    const store = toStore({
      version: 1,
      webmention: {
        items: [
          {
            id: 'webmention:1',
            channel: 'webmention',
            kind: 'reply',
            target: 'https://me.example/p/',
            url: 'javascript:alert(1)',
            author: { name: 'x' },
            text: 'x',
          },
          {
            id: 'webmention:2',
            channel: 'webmention',
            kind: 'reply',
            target: 'https://me.example/p/',
            url: 'https://ok.example/',
            author: { name: '<img src=x onerror=alert(1)>Ok', photo: 'data:image/png;base64,AAAA' },
            text: '<script>alert(1)</script>fine',
          },
        ],
      },
      social: { 'javascript:x': { items: [] }, __proto__: { items: [] } },
      avatars: {
        'https://a.example/p.png': { file: '../../../etc/passwd', checkedAt: '2026-01-01T00:00:00Z' },
        'https://a.example/q.png': { file: '0123456789abcdef0123456789abcdef.png', checkedAt: '2026-01-01T00:00:00Z' },
      },
    });
    expect(store.webmention.items.map((i) => i.id)).toEqual(['webmention:2']);
    expect(store.webmention.items[0]).toMatchObject({ author: { name: 'Ok' }, text: 'fine' });
    expect(store.webmention.items[0]!.author.photo).toBeUndefined();
    expect(Object.keys(store.social)).toEqual([]);
    expect(store.avatars['https://a.example/p.png']?.file).toBeUndefined();
    expect(store.avatars['https://a.example/q.png']?.file).toBe('0123456789abcdef0123456789abcdef.png');
    expect(() => toStore({ version: 2 })).toThrow();
  });
});

describe('post ids outside Astro', () => {
  it('match the content layer’s: slug, or the path slugged', () => {
    expect(entryId('first-light.md')).toBe('first-light');
    expect(entryId('2024/My Post.mdx')).toBe('2024/my-post');
    expect(entryId('notes/index.md')).toBe('notes');
    expect(entryId('x.md', 'custom')).toBe('custom');
  });
});

describe('a post that moved (aliases)', () => {
  it('is answered by a Webmention sent to its old address', async () => {
    const dir = await workDir('moved');
    await writeFile(
      path.join(dir, 'new-name.md'),
      '---\ntitle: Moved\ndescription: D.\npubDate: 2024-01-01\naliases: [/2019/05/moved.html, /posts/old-name]\n---\nWords.\n',
    );
    const posts = await readPostRefs(dir, { url: 'https://me.example', base: '/blog/' });
    expect(posts[0]!.oldUrls).toEqual(['https://me.example/blog/2019/05/moved.html', 'https://me.example/blog/posts/old-name/']);
    const reply = {
      id: 'webmention:1',
      channel: 'webmention' as const,
      kind: 'reply' as const,
      target: 'https://me.example/blog/posts/old-name/',
      url: 'https://peer.example/reply',
      author: { name: 'Peer' },
      published: '2024-02-01T00:00:00Z',
      text: 'Still here?',
    };
    expect(assignToPosts([reply], posts, []).map((r) => r.post)).toEqual(['new-name']);
  });
});

describe('configuration', () => {
  const minimal = { title: 'T', description: 'D.', url: 'https://me.example', author: { name: 'Me' } };
  it('has defaults: no receiver, webmention.io API, the public Bluesky AppView, nobody blocked', () => {
    const config = parseSiteConfig(minimal);
    expect(config.webmentions.endpoint).toBeUndefined();
    expect(config.webmentions.api).toBe('https://webmention.io/api/mentions.jf2');
    expect(config.social.blueskyAppView).toBe('https://public.api.bsky.app');
    expect(config.social.githubApi).toBe('https://api.github.com/graphql');
    expect(config.moderation.block).toEqual([]);
  });
  it('says what to write instead', () => {
    const problems = (raw: unknown) => {
      try {
        parseSiteConfig(raw);
      } catch (error) {
        return (error as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
      }
      return [];
    };
    expect(problems({ ...minimal, webmentions: { endpoint: 'webmention.io/me' } })).toEqual([
      'webmentions.endpoint: webmentions.endpoint must be a full http(s) URL, for example "https://example.com/"',
    ]);
    expect(problems({ ...minimal, moderation: { block: ['not a domain'] } })[0]).toContain('moderation.block entries must be a domain');
    expect(problems({ ...minimal, social: { blueskyAppView: 'ftp://x' } })[0]).toContain('social.blueskyAppView must be a full http(s) URL');
    expect(problems({ ...minimal, social: { githubLogin: 'has space' } })[0]).toContain('social.githubLogin must be a GitHub user name');
  });
});

describe('post frontmatter for responses', () => {
  const schema = postFields;
  const valid = { title: 'A Post', description: 'One sentence.', pubDate: '2024-03-14' };
  it('takes a list of syndication URLs, none by default', () => {
    expect(schema.parse(valid).syndication).toEqual([]);
    expect(schema.parse({ ...valid, syndication: ['https://mastodon.social/@me/1', 'https://bsky.app/profile/me.example/post/3k'] }).syndication).toHaveLength(
      2,
    );
  });
  it('refuses anything but http(s) URLs, saying what to write', () => {
    const result = schema.safeParse({ ...valid, syndication: ['javascript:alert(1)'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('syndication entries must be full http(s) URLs');
    expect(schema.safeParse({ ...valid, inReplyTo: 'not a url' }).success).toBe(false);
  });
});
