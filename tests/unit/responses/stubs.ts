import { deflateSync } from 'node:zlib';
import { routeServer, type Handler, type TestServer } from '../blogroll/servers.ts';

/**
 * Stand-ins on 127.0.0.1 for everything the responses feature asks: a webmention.io JF2 API,
 * a Mastodon server, a Bluesky AppView, GitHub's GraphQL API and avatar hosts. Friendly and
 * hostile answers side by side, as the real internet has them.
 */

/** Strings that appear only in hostile payloads: none may reach a built file. */
export const PAYLOAD_MARKERS = ['pwned', 'onerror', 'javascript:', 'data:text/html', '<script>alert', 'secret-token', 'private-mention', 'spam-text'];

export const TOKEN = 'secret-token-123';

/** A real 16×16 PNG. */
export function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(16, 0);
  header.writeUInt32BE(16, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows = Buffer.concat(Array.from({ length: 16 }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(48, 0x7f)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

export interface CommunityOptions {
  /** The post's public URL, as webmention.io stores the target. */
  postUrl: string;
  /** The site's home page, where recommendations point. */
  siteUrl: string;
  likes?: number;
  hostile?: boolean;
}

export interface Community {
  server: TestServer;
  origin: string;
  /** Syndication URLs of the post: Mastodon status and Bluesky post, both answered here. */
  mastodonUrl: string;
  blueskyUrl: string;
  /** A Mastodon-looking status whose API answers invalid JSON. */
  brokenUrl: string;
  /** The most requests this server had in progress at once. */
  maxInFlight: () => number;
}

const json =
  (data: unknown): Handler =>
  (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data));

export function jf2Children(origin: string, options: CommunityOptions): Record<string, unknown>[] {
  const host = new URL(origin).host;
  const post = options.postUrl;
  const variant = post.replace('https://', 'http://www.').replace(/\/$/, '');
  const children: Record<string, unknown>[] = [
    {
      type: 'entry',
      'wm-id': 1001,
      'wm-property': 'in-reply-to',
      'wm-source': 'https://ann.example/replies/1',
      'wm-target': post,
      url: 'https://ann.example/replies/1',
      published: '2026-11-20T10:00:00+00:00',
      author: { type: 'card', name: 'Ann Example', url: 'https://ann.example/', photo: `${origin}/avatars/ann.png` },
      content: { html: '<p>Lovely post, <b>thank you</b>.</p>', text: 'Lovely post, thank you.' },
    },
    {
      type: 'entry',
      'wm-id': 1002,
      'wm-property': 'mention-of',
      'wm-source': 'https://cal.example/notes/7',
      'wm-target': variant,
      url: 'https://cal.example/notes/7',
      published: '2026-11-21T09:00:00Z',
      author: { type: 'card', name: 'Cal Mentions', url: 'https://cal.example/', photo: '' },
      content: { text: 'Cal wrote about this post.' },
    },
    {
      // Bridgy's copy of the Mastodon reply 222, which the build also reads directly.
      type: 'entry',
      'wm-id': 1003,
      'wm-property': 'in-reply-to',
      'wm-source': `https://brid.gy/comment/mastodon/@ada@${host}/111/222`,
      'wm-target': post,
      url: `${origin}/@bea/222`,
      published: '2026-11-22T08:00:00Z',
      author: { type: 'card', name: 'Bea Fedi', url: `${origin}/@bea`, photo: `${origin}/avatars/bea.png` },
      content: { text: 'Bea replied on Mastodon.' },
    },
    {
      type: 'entry',
      'wm-id': 1004,
      'wm-property': 'mention-of',
      'wm-source': 'https://peer-rec.example/.well-known/recommendations.json',
      'wm-target': options.siteUrl,
      url: 'https://peer-rec.example/.well-known/recommendations.json',
      author: { type: 'card', name: '', url: '', photo: '' },
      content: {},
    },
    {
      type: 'entry',
      'wm-id': 1005,
      'wm-property': 'like-of',
      'wm-source': 'https://bookmarker.example/b/1',
      'wm-target': post,
      url: 'https://bookmarker.example/b/1',
      author: { type: 'card', name: 'Dee Likes', url: 'https://dee.example/', photo: `${origin}/avatars/dee.png` },
    },
  ];
  if (options.hostile) {
    children.push(
      {
        type: 'entry',
        'wm-id': 2001,
        'wm-property': 'in-reply-to',
        'wm-source': 'https://hostile.example/reply',
        'wm-target': post,
        url: "javascript:alert('pwned-url')",
        published: '2026-11-23T08:00:00Z',
        author: {
          type: 'card',
          name: '<script>alert("pwned-name")</script>Mallory',
          url: "javascript:alert('pwned-author')",
          photo: 'data:text/html;base64,PHNjcmlwdD5wd25lZDwvc2NyaXB0Pg==',
        },
        content: {
          html: `<img src=x onerror="alert('pwned-onerror')">Hostile but readable<script>alert('pwned-script')</script><a href="javascript:alert('pwned-link')">click</a>`,
        },
      },
      {
        type: 'entry',
        'wm-id': 2002,
        'wm-property': 'in-reply-to',
        'wm-source': 'https://huge.example/reply',
        'wm-target': post,
        url: 'https://huge.example/reply',
        published: '2026-11-23T09:00:00Z',
        author: { type: 'card', name: 'Huge Sender', url: 'https://huge.example/', photo: `${origin}/avatars/huge.png` },
        content: { text: `Huge start ${'a'.repeat(5 * 1024 * 1024)} pwned-huge-tail` },
      },
      {
        type: 'entry',
        'wm-id': 2003,
        'wm-property': 'in-reply-to',
        'wm-source': 'https://svg.example/reply',
        'wm-target': post,
        url: 'https://svg.example/reply',
        published: '2026-11-23T10:00:00Z',
        author: { type: 'card', name: 'Svg Sender', url: 'https://svg.example/', photo: `${origin}/avatars/evil.png` },
        content: { text: 'My avatar is a script.' },
      },
      {
        type: 'entry',
        'wm-id': 2004,
        'wm-property': 'in-reply-to',
        'wm-source': 'https://spam.example/buy',
        'wm-target': post,
        url: 'https://spam.example/buy',
        author: { type: 'card', name: 'Spammer', url: 'https://spam.example/', photo: `${origin}/avatars/spam.png` },
        content: { text: 'spam-text buy now' },
      },
      {
        type: 'entry',
        'wm-id': 2005,
        'wm-private': true,
        'wm-property': 'in-reply-to',
        'wm-source': 'https://private.example/dm',
        'wm-target': post,
        url: 'https://private.example/dm',
        author: { type: 'card', name: 'Private Person', url: 'https://private.example/' },
        content: { text: 'private-mention, not for the page' },
      },
    );
  }
  for (let i = 0; i < (options.likes ?? 0); i++) {
    children.push({
      type: 'entry',
      'wm-id': 10_000 + i,
      'wm-property': 'like-of',
      'wm-source': `https://liker${i}.example/likes/1`,
      'wm-target': post,
      url: `https://liker${i}.example/likes/1`,
      author: { type: 'card', name: `Liker ${i}`, url: `https://liker${i}.example/`, photo: `${origin}/avatars/liker.png?n=${i}` },
    });
  }
  return children;
}

export async function communityServer(options: CommunityOptions): Promise<Community> {
  let origin = '';
  let children: Record<string, unknown>[] = [];
  const image = png();
  let inFlight = 0;
  let maxInFlight = 0;
  const routes: Record<string, Handler> = {
    '/api/mentions.jf2': (req, res) => {
      const url = new URL(req.url ?? '/', origin);
      const targets = url.searchParams.getAll('target[]');
      const perPage = Number(url.searchParams.get('per-page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 0);
      const since = Number(url.searchParams.get('since_id') ?? 0);
      let list = children.filter((c) => Number(c['wm-id']) > since);
      if (targets.length > 0 && !url.searchParams.has('token')) {
        // Per-post mode: webmention.io matches a scheme-less //host/path on http and https.
        const bare = (u: string) => u.replace(/^https?:/, '');
        list = list.filter((c) => targets.includes(bare(String(c['wm-target']))));
      } else if (url.searchParams.get('token') !== TOKEN) {
        return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"forbidden"}');
      }
      return json({ type: 'feed', name: 'Webmentions', children: list.slice(page * perPage, (page + 1) * perPage) })(req, res);
    },
    '/avatars/ann.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(image),
    '/avatars/bea.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(image),
    '/avatars/dee.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(image),
    '/avatars/liker.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(image),
    // An SVG with a script, labelled as a PNG: refused by its first bytes.
    '/avatars/evil.png': (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'image/png' })
        .end('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'pwned-svg\')"><script>alert("pwned")</script></svg>'),
    '/avatars/huge.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.concat([image, Buffer.alloc(3_000_000)])),
    '/api/v1/statuses/111': json({ id: '111', url: `http://placeholder/@ada/111`, favourites_count: 7, reblogs_count: 2, replies_count: 3 }),
    '/api/v1/statuses/111/context': (req, res) =>
      json({
        ancestors: [],
        descendants: [
          {
            id: '222',
            in_reply_to_id: '111',
            visibility: 'public',
            url: `${origin}/@bea/222`,
            created_at: '2026-11-22T08:00:00.000Z',
            content:
              '<p>Bea replied on Mastodon. <a href="https://bea.example/notes" rel="nofollow noopener" target="_blank">bea.example/notes</a> <a href="javascript:alert(\'pwned-mastolink\')">x</a></p>',
            spoiler_text: '',
            account: { acct: 'bea', display_name: 'Bea Fedi', url: `${origin}/@bea`, avatar_static: `${origin}/avatars/bea.png` },
          },
          {
            id: '333',
            in_reply_to_id: '111',
            visibility: 'public',
            url: `${origin}/@mal/333`,
            created_at: '2026-11-24T08:00:00.000Z',
            content: `<p>Fedi <span class="h-card"><a href="${origin}/@ada" class="u-url mention">@ada</a></span> question?<img src=x onerror="alert('pwned-fedi')"><script>alert('pwned')</script></p>`,
            account: { acct: 'mal', display_name: 'Mal <b>Bold</b>', url: `${origin}/@mal`, avatar_static: "javascript:alert('pwned-avatar')" },
          },
          {
            id: '444',
            in_reply_to_id: '222',
            visibility: 'public',
            url: 'https://social.example/@ada/444',
            created_at: '2026-11-25T08:00:00.000Z',
            content: '<p>Thank you, Bea!</p>',
            account: { acct: 'ada@social.example', display_name: 'Ada Fixture', url: 'https://social.example/@ada' },
          },
          { id: '555', in_reply_to_id: '111', visibility: 'direct', url: `${origin}/@dm/555`, content: 'pwned-direct', account: {} },
        ],
      })(req, res),
    '/api/v1/statuses/666': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "666", "oops'),
    '/xrpc/com.atproto.identity.resolveHandle': json({ did: 'did:plc:adafixture' }),
    '/xrpc/app.bsky.feed.getPostThread': (req, res) => {
      const uri = new URL(req.url ?? '/', origin).searchParams.get('uri');
      if (uri !== 'at://did:plc:adafixture/app.bsky.feed.post/3kroot') return res.writeHead(400).end('{"error":"NotFound"}');
      const author = (handle: string, name: string, labels: unknown[] = []) => ({
        did: `did:plc:${handle.split('.')[0]}`,
        handle,
        displayName: name,
        avatar: `${origin}/avatars/ann.png`,
        labels,
      });
      return json({
        thread: {
          $type: 'app.bsky.feed.defs#threadViewPost',
          post: {
            uri,
            cid: 'c',
            author: author('ada.example', 'Ada'),
            record: { text: 'root' },
            likeCount: 4,
            repostCount: 1,
            replyCount: 3,
            indexedAt: '2026-11-20T00:00:00Z',
          },
          replies: [
            {
              $type: 'app.bsky.feed.defs#threadViewPost',
              post: {
                uri: 'at://did:plc:sky/app.bsky.feed.post/3kreply',
                cid: 'c',
                author: author('sky.example', 'Sky Reader'),
                record: { text: 'Replying from Bluesky <script>alert("pwned-bsky")</script>', createdAt: '2026-11-26T08:00:00Z' },
                indexedAt: '2026-11-26T08:00:00Z',
              },
              replies: [],
            },
            {
              $type: 'app.bsky.feed.defs#threadViewPost',
              post: {
                uri: 'at://did:plc:hidden/app.bsky.feed.post/3khidden',
                cid: 'c',
                author: author('hidden.example', 'Hidden', [{ val: '!no-unauthenticated' }]),
                record: { text: 'pwned-nounauth', createdAt: '2026-11-26T09:00:00Z' },
                indexedAt: '2026-11-26T09:00:00Z',
              },
            },
            { $type: 'app.bsky.feed.defs#notFoundPost', uri: 'at://did:plc:gone/app.bsky.feed.post/x', notFound: true },
            { $type: 'app.bsky.feed.defs#blockedPost', uri: 'at://did:plc:blocked/app.bsky.feed.post/y', blocked: true, author: { did: 'did:plc:blocked' } },
          ],
        },
      })(req, res);
    },
  };
  // Counts requests in progress at once: the feature must ask this one host one at a time.
  const counted = Object.fromEntries(
    Object.entries(routes).map(([route, handler]) => [
      route,
      (async (req, res) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        res.on('close', () => inFlight--);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return handler(req, res);
      }) as Handler,
    ]),
  );
  const server = await routeServer(counted);
  origin = server.origin;
  children = jf2Children(origin, options);
  return {
    server,
    origin,
    mastodonUrl: `${origin}/@ada/111`,
    blueskyUrl: 'https://bsky.app/profile/ada.example/post/3kroot',
    brokenUrl: `${origin}/@ada/666`,
    maxInFlight: () => maxInFlight,
  };
}
