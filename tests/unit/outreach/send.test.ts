import { fetch as undiciFetch } from 'undici';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createTcpServer, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendWebmentions, type SendOptions } from '../../../src/lib/outreach/send.ts';
import { html, stubServer, type StubServer } from './servers.ts';
import { workDir } from '../../helpers/astro.ts';

// A built site (dist/) made by hand in the shape of Frontrow's post pages, and receivers on
// 127.0.0.1: a peer whose pages announce an endpoint, and that endpoint.
const SITE = 'https://me.example/blog/';
const NOW = new Date('2026-12-01T12:00:00Z');
const RECENT = '2026-11-30T09:00:00.000Z';
const OLD = '2024-01-01T09:00:00.000Z';

function postPage(title: string, date: string, content: string, extra = ''): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><header><a href="/blog/">Home</a></header>
<article class="h-entry"><h1 class="p-name">${title}</h1>${extra}<time class="dt-published" datetime="${date}">d</time>
<div class="e-content">${content}</div><footer><a href="/blog/follow/">Follow</a></footer></article></body></html>`;
}

let peer: StubServer;
// A receiver that accepts connections and never answers (set in the bounds tests).
let hangingEndpoint = '';
let dist: string;
let recordFile: string;
const warnings: string[] = [];

async function writePost(id: string, page: string) {
  await mkdir(path.join(dist, 'posts', id), { recursive: true });
  await writeFile(path.join(dist, 'posts', id, 'index.html'), page);
}

function run(extra: Partial<SendOptions> = {}) {
  return sendWebmentions({
    dist,
    siteRoot: SITE,
    recordFile,
    baselineDays: 7,
    maxAttempts: 3,
    concurrency: 4,
    net: { userAgent: 'Frontrow-Webmention/test', timeoutMs: 1500, maxBytes: 500_000 },
    now: NOW,
    warn: (line) => warnings.push(line),
    ...extra,
  });
}

beforeAll(async () => {
  peer = await stubServer((req, res) => {
    if (req.method === 'POST' && req.path === '/webmention') {
      return void res.writeHead(201, { location: '/webmention/status/1' }).end();
    }
    if (req.path.startsWith('/post/')) return html(res, `<link rel="webmention" href="/webmention"></head><body>${req.path}</body></html>`);
    if (req.path === '/quiet') return html(res, '</head><body>no endpoint here</body></html>');
    if (req.path === '/hangs') return html(res, `<link rel="webmention" href="${hangingEndpoint}"></head><body></body></html>`);
    if (req.path === '/' || req.path === '/friend/') return html(res, '</head><body>home</body></html>', { link: '</webmention>; rel="webmention"' });
    res.writeHead(404).end();
  });
});
afterAll(() => peer?.close());

beforeEach(async () => {
  const work = await workDir('wm');
  dist = path.join(work, 'dist');
  recordFile = path.join(work, 'cache', 'webmentions-sent.json');
  await mkdir(dist, { recursive: true });
  peer.seen.length = 0;
  warnings.length = 0;
});

const posted = () => peer.posts().map((p) => p.form);

describe('sending Webmentions for the built site', () => {
  it('sends once per link in e-content (not nav, footer or own pages), records it, and a second run sends nothing', async () => {
    await mkdir(path.dirname(recordFile), { recursive: true });
    await writeFile(recordFile, JSON.stringify({ version: 1, since: OLD, sources: {} }));
    await writePost(
      'hello',
      postPage(
        'Hello',
        OLD,
        `<p>Read <a href="${peer.origin}/post/1#intro">this</a>, <a href="${peer.origin}/quiet">that</a> and <a href="/blog/posts/other/">mine</a>.</p>`,
      ),
    );
    const first = await run();
    expect(posted()).toEqual([{ source: `${SITE}posts/hello/`, target: `${peer.origin}/post/1` }]);
    expect(first.results.map((r) => r.outcome.kind).sort()).toEqual(['no-endpoint', 'sent']);
    const record = JSON.parse(await readFile(recordFile, 'utf8'));
    expect(record.sources[`${SITE}posts/hello/`][`${peer.origin}/post/1`]).toMatchObject({
      state: 'sent',
      status: 201,
      location: `${peer.origin}/webmention/status/1`,
    });

    peer.seen.length = 0;
    const second = await run();
    expect(second.results).toEqual([]);
    expect(peer.seen).toEqual([]);
  });

  it('re-sends an edited post to its current targets and to the ones it no longer links to, then forgets those', async () => {
    await mkdir(path.dirname(recordFile), { recursive: true });
    await writeFile(recordFile, JSON.stringify({ version: 1, since: OLD, sources: {} }));
    await writePost('edit', postPage('Edit', OLD, `<p><a href="${peer.origin}/post/a">A</a> <a href="${peer.origin}/post/b">B</a></p>`));
    await run();
    expect(posted()).toHaveLength(2);

    peer.seen.length = 0;
    await writePost('edit', postPage('Edit', OLD, `<p>Rewritten: <a href="${peer.origin}/post/a">A</a> <a href="${peer.origin}/post/c">C</a></p>`));
    const report = await run();
    expect(report.results.map((r) => [r.target.replace(peer.origin, ''), r.reason]).sort()).toEqual([
      ['/post/a', 'updated'],
      ['/post/b', 'removed'],
      ['/post/c', 'new'],
    ]);
    expect(
      posted()
        .map((f) => f['target']!.replace(peer.origin, ''))
        .sort(),
    ).toEqual(['/post/a', '/post/b', '/post/c']);
    const record = JSON.parse(await readFile(recordFile, 'utf8'));
    expect(Object.keys(record.sources[`${SITE}posts/edit/`]).sort()).toEqual([`${peer.origin}/post/a`, `${peer.origin}/post/c`]);

    // A rebuild that changes only markup (asset names, classes) is no edit.
    peer.seen.length = 0;
    await writePost(
      'edit',
      postPage('Edit', OLD, `<p class="x">Rewritten: <a class="y" href="${peer.origin}/post/a">A</a> <a href="${peer.origin}/post/c">C</a></p>`),
    );
    expect((await run()).results).toEqual([]);
  });

  it('tells the targets of a deleted post (the page is gone), but holds back when most pages vanish at once', async () => {
    await mkdir(path.dirname(recordFile), { recursive: true });
    await writeFile(recordFile, JSON.stringify({ version: 1, since: OLD, sources: {} }));
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) await writePost(id, postPage(id, OLD, `<a href="${peer.origin}/post/${id}">x</a>`));
    await run();
    peer.seen.length = 0;
    await rm(path.join(dist, 'posts', 'p5'), { recursive: true });
    const one = await run();
    expect(one.results.map((r) => [r.reason, r.target])).toEqual([['deleted', `${peer.origin}/post/p5`]]);
    expect(posted()).toEqual([{ source: `${SITE}posts/p5/`, target: `${peer.origin}/post/p5` }]);

    peer.seen.length = 0;
    await rm(path.join(dist, 'posts'), { recursive: true });
    await writePost('p1', postPage('p1', OLD, `<a href="${peer.origin}/post/p1">x</a>`));
    const many = await run();
    expect(many.heldDeletes).toHaveLength(3);
    expect(peer.seen).toEqual([]);
    expect(warnings.some((w) => /3 pages sent to before are missing/.test(w))).toBe(true);
  });

  it('without a record (first run, lost cache) sends only for recent posts and records the rest as a baseline', async () => {
    await writePost('old', postPage('Old', OLD, `<a href="${peer.origin}/post/old">x</a>`));
    await writePost('new', postPage('New', RECENT, `<a href="${peer.origin}/post/new">x</a>`));
    const report = await run();
    expect(report.baseline).toBe(true);
    expect(report.baselined).toBe(1);
    expect(posted()).toEqual([{ source: `${SITE}posts/new/`, target: `${peer.origin}/post/new` }]);
    const record = JSON.parse(await readFile(recordFile, 'utf8'));
    expect(record.sources[`${SITE}posts/old/`][`${peer.origin}/post/old`].state).toBe('baseline');
    peer.seen.length = 0;
    expect((await run()).results).toEqual([]);
  });

  it('--dry-run lists what would be sent and touches neither the network nor the record', async () => {
    await writePost('new', postPage('New', RECENT, `<a href="${peer.origin}/post/new">x</a>`));
    const report = await run({ dryRun: true });
    expect(report.results.map((r) => [r.target, r.outcome.kind])).toEqual([[`${peer.origin}/post/new`, 'planned']]);
    expect(peer.seen).toEqual([]);
    await expect(readFile(recordFile)).rejects.toThrow();
  });

  it('notifies the in-reply-to, like-of and bookmark-of targets of a response post', async () => {
    const cite = (cls: string, n: string) => `<div class="${cls} h-cite"><a class="u-url p-name" href="${peer.origin}/post/${n}">Their post</a></div>`;
    await writePost('reply', postPage('Reply', RECENT, '<p>Agreed.</p>', cite('u-in-reply-to', 'r') + cite('u-like-of', 'l') + cite('u-bookmark-of', 'b')));
    await run();
    expect(
      posted()
        .map((f) => f['target']!.replace(peer.origin, ''))
        .sort(),
    ).toEqual(['/post/b', '/post/l', '/post/r']);
  });
});

describe('recommendation notifications', () => {
  const writeRecs = (urls: { url: string; created_at: string }[]) =>
    mkdir(path.join(dist, '.well-known'), { recursive: true }).then(() => writeFile(path.join(dist, '.well-known/recommendations.json'), JSON.stringify(urls)));

  it('sends source=<site>/.well-known/recommendations.json to each peer once, and again when the peer is removed', async () => {
    await writeRecs([
      { url: `${peer.origin}/`, created_at: RECENT },
      { url: `${peer.origin}/friend/`, created_at: RECENT },
    ]);
    await run();
    const source = `${SITE}.well-known/recommendations.json`;
    expect(posted()).toEqual(
      expect.arrayContaining([
        { source, target: `${peer.origin}/` },
        { source, target: `${peer.origin}/friend/` },
      ]),
    );
    expect(posted()).toHaveLength(2);

    // Another peer added: only the newcomer hears about it.
    peer.seen.length = 0;
    await writeRecs([
      { url: `${peer.origin}/`, created_at: RECENT },
      { url: `${peer.origin}/friend/`, created_at: RECENT },
      { url: `${peer.origin}/post/z`, created_at: RECENT },
    ]);
    await run();
    expect(posted()).toEqual([{ source, target: `${peer.origin}/post/z` }]);

    // A peer removed: told once (the file no longer names them), then forgotten.
    peer.seen.length = 0;
    await writeRecs([
      { url: `${peer.origin}/`, created_at: RECENT },
      { url: `${peer.origin}/post/z`, created_at: RECENT },
    ]);
    const report = await run();
    expect(report.results.map((r) => [r.reason, r.target])).toEqual([['removed', `${peer.origin}/friend/`]]);
    peer.seen.length = 0;
    expect((await run()).results).toEqual([]);
  });
});

describe('bounds', () => {
  let silent: { origin: string; close(): Promise<void> };
  beforeAll(async () => {
    const sockets = new Set<Socket>();
    const server = createTcpServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    silent = {
      origin: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
    };
    hangingEndpoint = `${silent.origin}/webmention`;
  });
  afterAll(() => silent?.close());

  it('a hanging target costs one warning line and the timeout, and is retried on the next run', async () => {
    await writePost('hang', postPage('Hang', RECENT, `<a href="${silent.origin}/post">stuck</a> <a href="${peer.origin}/post/ok">fine</a>`));
    const started = Date.now();
    const report = await run();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(report.results.find((r) => r.target.startsWith(silent.origin))?.outcome.kind).toBe('failed');
    expect(posted()).toEqual([{ source: `${SITE}posts/hang/`, target: `${peer.origin}/post/ok` }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/will retry on the next run/);

    warnings.length = 0;
    const again = await run();
    expect(again.results.map((r) => [r.reason, r.target])).toEqual([['retry', `${silent.origin}/post`]]);
  });

  it('a receiver that never answers the POST costs one warning line and the timeout, and is retried', async () => {
    await writePost('hang-receiver', postPage('Hang', RECENT, `<a href="${peer.origin}/hangs">their post</a>`));
    const report = await run();
    expect(report.results.map((r) => r.outcome)).toEqual([{ kind: 'failed', message: `${hangingEndpoint}: no answer within 1500 ms` }]);
    expect(warnings).toEqual([expect.stringMatching(/\/hangs .*no answer within 1500 ms; will retry on the next run\./)]);
    expect((await run()).results.map((r) => r.reason)).toEqual(['retry']);
  });

  it('asks one host one request at a time, other hosts meanwhile', async () => {
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    let both = 0;
    const slow = async (name: string) =>
      stubServer(async (req, res) => {
        inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
        most.set(name, Math.max(most.get(name) ?? 0, inFlight.get(name)!));
        both = Math.max(both, (inFlight.get('one') ?? 0) + (inFlight.get('two') ?? 0));
        await new Promise((r) => setTimeout(r, 60));
        inFlight.set(name, inFlight.get(name)! - 1);
        if (req.method === 'POST') return void res.writeHead(202).end();
        html(res, '<link rel="webmention" href="/wm"></head><body></body></html>');
      });
    const [one, two] = await Promise.all([slow('one'), slow('two')]);
    const links = [one, two].flatMap((s) => [1, 2, 3].map((n) => `<a href="${s.origin}/post/${n}">${n}</a>`)).join(' ');
    await writePost('busy', postPage('Busy', RECENT, links));
    const report = await run();
    await Promise.all([one.close(), two.close()]);
    expect(report.results.filter((r) => r.outcome.kind === 'sent')).toHaveLength(6);
    expect(most.get('one')).toBe(1);
    expect(most.get('two')).toBe(1);
    // …while the two hosts were asked side by side.
    expect(both).toBe(2);
  });

  it('an endpoint announced by a public page never leads into a private network', async () => {
    // "public.test" resolves to a public address; requests to it are answered by the local stub.
    const resolve = async (host: string) => (host === 'public.test' ? ['93.184.216.34'] : ['127.0.0.1']);
    const local = new URL(peer.origin);
    const viaStub: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      if (url.hostname === 'public.test') {
        url.hostname = local.hostname;
        url.port = local.port;
      }
      // undici's fetch, as in production: it honours the guarded agent that checks addresses.
      return undiciFetch(url, init as never) as unknown as Promise<Response>;
    };
    const evil = await stubServer((_req, res) => html(res, `<link rel="webmention" href="${peer.origin}/webmention"></head><body></body></html>`));
    const evilViaPublic: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      if (url.hostname === 'public.test') {
        const e = new URL(evil.origin);
        url.hostname = e.hostname;
        url.port = e.port;
      }
      return viaStub(url, init);
    };
    await writePost('ssrf', postPage('SSRF', RECENT, `<a href="http://public.test:80/post/x">public page</a>`));
    const report = await run({ net: { userAgent: 't', timeoutMs: 1500, maxBytes: 500_000, fetch: evilViaPublic, resolve } });
    await evil.close();
    expect(report.results[0]?.outcome).toMatchObject({ kind: 'rejected' });
    expect(String((report.results[0]?.outcome as { message?: string } | undefined)?.message)).toMatch(/not a public address/);
    expect(peer.posts()).toEqual([]);
  });
});
