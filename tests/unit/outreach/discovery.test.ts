import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverEndpoint } from '../../../src/lib/outreach/discover.ts';
import { postForm } from '../../../src/lib/outreach/net.ts';
import { html, stubServer, type SeenRequest, type StubServer } from './servers.ts';

// The 23 discovery cases of the webmention.rocks sender suite (W3C Webmention §3.1.2),
// recreated on 127.0.0.1. Each page announces its endpoint one way; a Webmention is sent and
// the test checks which URL received it. Any POST to a ".../error" endpoint is a failure.
type Page = (res: ServerResponse, origin: string, req: SeenRequest) => void;
const ABS = (origin: string, n: number | string, rest = 'webmention') => `${origin}/test/${n}/${rest}`;
const body = (inner: string) => `</head><body><article class="h-entry"><div class="e-content">${inner}</div></article></body></html>`;

let used23 = false;
const pages: Record<number, Page> = {
  1: (res) => html(res, body('Link header, unquoted rel, relative URL.'), { link: '</test/1/webmention>; rel=webmention' }),
  2: (res, o) => html(res, body('Link header, unquoted rel, absolute URL.'), { link: `<${ABS(o, 2)}>; rel=webmention` }),
  3: (res) => html(res, `<link rel="webmention" href="/test/3/webmention">${body('link tag, relative')}`),
  4: (res, o) => html(res, `<link href="${ABS(o, 4)}" rel="webmention">${body('link tag, absolute')}`),
  5: (res) => html(res, body('<a rel="webmention" href="/test/5/webmention">a tag, relative</a>')),
  6: (res, o) => html(res, body(`<a href="${ABS(o, 6)}" rel="webmention">a tag, absolute</a>`)),
  7: (res, o) => {
    // Node lower-cases header names it writes; send "LinK" raw to test case-insensitive reading.
    res.writeHead(200, ['Content-Type', 'text/html', 'LinK', `<${ABS(o, 7)}>; rel=webmention`]).end(`<!doctype html><title>7</title>${body('odd case')}`);
  },
  8: (res, o) => html(res, body('quoted rel'), { link: `<${ABS(o, 8)}>; rel="webmention"` }),
  9: (res, o) => html(res, `<link rel="webmention somethingelse" href="${ABS(o, 9)}">${body('several rel values on link')}`),
  10: (res, o) => html(res, body('several rel values in header'), { link: `<${ABS(o, 10)}>; rel="webmention somethingelse"` }),
  11: (res) =>
    html(res, `<link rel="webmention" href="/test/11/webmention/error">${body('<a href="/test/11/webmention/error" rel="webmention">a</a>')}`, {
      link: '</test/11/webmention>; rel="webmention"',
    }),
  12: (res) => html(res, `<link rel="not-webmention" href="/test/12/webmention/error">${body('<a href="/test/12/webmention" rel="webmention">right</a>')}`),
  13: (res) => html(res, body('<!-- <a href="/test/13/webmention/error" rel="webmention"></a> --> <a href="/test/13/webmention" rel="webmention">right</a>')),
  14: (res) =>
    html(
      res,
      body('<code>&lt;a href="/test/14/webmention/error" rel="webmention"&gt;&lt;/a&gt;</code> <a href="/test/14/webmention" rel="webmention">right</a>'),
    ),
  15: (res) => html(res, `<link rel="webmention" href="">${body('the page is its own endpoint')}`),
  16: (res) => html(res, body('<a href="/test/16/webmention" rel="webmention">a first</a> <link rel="webmention" href="/test/16/webmention/error">')),
  17: (res) => html(res, body('<link rel="webmention" href="/test/17/webmention"> then <a href="/test/17/webmention/error" rel="webmention">a</a>')),
  18: (res, o) => html(res, body('two Link headers'), { link: [`<${ABS(o, 18, 'webmention/error')}>; rel="other"`, `<${ABS(o, 18)}>; rel="webmention"`] }),
  19: (res, o) =>
    html(res, body('one Link header, two values'), { link: `<${ABS(o, 19, 'webmention/error')}>; rel="other", <${ABS(o, 19)}>; rel="webmention"` }),
  20: (res) => html(res, body('<link rel="webmention"> no href; <a href="/test/20/webmention" rel="webmention">this one</a>')),
  21: (res) => html(res, `<link rel="webmention" href="/test/21/webmention?query=yes">${body('query string kept')}`),
  22: (res) => html(res, `<link rel="webmention" href="22/webmention">${body('path-relative endpoint')}`),
  23: (res) => {
    res.writeHead(302, { location: '/test/23/page/k1' }).end();
  },
};

// What each case guarantees (the webmention.rocks titles, in this engine's words).
const guarantee: Record<number, string> = {
  1: 'an HTTP Link header with an unquoted rel and a relative URL',
  2: 'an HTTP Link header with an unquoted rel and an absolute URL',
  3: 'a <link> tag with a relative URL',
  4: 'a <link> tag with an absolute URL',
  5: 'an <a> tag with a relative URL',
  6: 'an <a> tag with an absolute URL',
  7: 'a Link header whose name is in odd case',
  8: 'a Link header with a quoted rel',
  9: 'a <link> tag with several rel values',
  10: 'a Link header with several rel values',
  11: 'the Link header first, when a Link header, a <link> and an <a> all announce one',
  12: 'only rel="webmention" exactly, not rel="not-webmention"',
  13: 'no endpoint inside an HTML comment',
  14: 'no endpoint inside escaped HTML',
  15: 'the page itself when the href is empty',
  16: 'the first in the document when an <a> comes before a <link>',
  17: 'the first in the document when a <link> comes before an <a>',
  18: 'the rel="webmention" one of several Link headers',
  19: 'the rel="webmention" value of one Link header with several',
  20: 'no <link> without an href, but the next one',
  21: 'the endpoint with its query string kept',
  22: 'an endpoint relative to the page path',
  23: 'an endpoint relative to the page a redirect ends on, fetching that page once',
};

// Where each case must send: path and query at the stub.
const expected: Record<number, string> = Object.fromEntries(Array.from({ length: 23 }, (_, i) => [i + 1, `/test/${i + 1}/webmention`]));
expected[15] = '/test/15';
expected[21] = '/test/21/webmention?query=yes';
expected[23] = '/test/23/page/webmention-endpoint/k2';

let server: StubServer;
beforeAll(async () => {
  server = await stubServer((req, res, origin) => {
    if (req.method === 'POST') return void res.writeHead(202).end();
    if (req.path === '/test/23/page/k1') {
      // The final page answers once only: a sender that fetches it twice fails, as on webmention.rocks.
      if (used23) return void res.writeHead(410).end('expired');
      used23 = true;
      return html(res, body('<a href="webmention-endpoint/k2" rel="webmention">endpoint</a>'), { link: '<webmention-endpoint/k2>; rel=webmention' });
    }
    const n = Number(/^\/test\/(\d+)$/.exec(req.path)?.[1]);
    const page = pages[n];
    if (!page) return void res.writeHead(404).end();
    page(res, origin, req);
  });
});
afterAll(() => server?.close());

const net = { userAgent: 'test', timeoutMs: 3000, maxBytes: 1_000_000 };

describe('Webmention endpoint discovery (webmention.rocks cases, on a local stub)', () => {
  for (let n = 1; n <= 23; n++) {
    it(`finds ${guarantee[n]} (webmention.rocks ${n})`, async () => {
      const target = `${server.origin}/test/${n}`;
      const found = await discoverEndpoint(target, net);
      expect(found.kind).toBe('endpoint');
      if (found.kind !== 'endpoint') return;
      const answer = await postForm(found.endpoint, { source: 'https://me.example/posts/a/', target }, { ...net, foundOn: found.page });
      expect(answer).toMatchObject({ kind: 'response', status: 202 });
      const posted = server.posts().filter((p) => p.form['target'] === target);
      expect(posted).toHaveLength(1);
      const [post] = posted;
      expect(`${post!.path}${post!.query ? `?${post!.query}` : ''}`).toBe(expected[n]);
      // The form carries exactly source and target; the endpoint's query stays in the URL.
      expect(post!.form).toEqual({ source: 'https://me.example/posts/a/', target });
      expect(server.posts().some((p) => p.path.endsWith('/error'))).toBe(false);
    });
  }
});
