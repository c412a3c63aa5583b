import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEntryFile } from '../../../src/lib/blogroll/entries.ts';
import { workDir } from '../../helpers/astro.ts';
import { runScript, spawnScript } from '../../helpers/cli.ts';
import { closedPortOrigin, entryText, routeServer, rss, send, silentServer, type Handler, type TestServer } from './servers.ts';

const MY_SITE = 'https://me.example/';

const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function serve(routes: Record<string, Handler>): Promise<TestServer> {
  const server = await routeServer(routes);
  servers.push(server);
  return server;
}

// In-process (tests/helpers/cli.ts); the first test below spawns the real command once.
const blogroll = (contentDir: string, ...args: string[]) => runScript('blogroll.ts', args, { FRONTROW_CONTENT_DIR: contentDir });

async function tempContent() {
  const contentDir = await workDir('blogroll-cli');
  const dir = path.join(contentDir, 'blogroll');
  await mkdir(dir);
  return { contentDir, dir };
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('blogroll add', () => {
  it('discovers the feed from <link rel="alternate"> and writes the entry', async () => {
    const site = await serve({
      '/': send(
        `<!doctype html><html><head><title>Alice&#39;s Notes</title><meta name="description" content="Birds &amp; bees.">
         <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml">
         <link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body></body></html>`,
        'text/html',
      ),
    });
    const { contentDir, dir } = await tempContent();
    // The one spawned run of `npm run blogroll`: the command as a writer runs it.
    const result = await spawnScript('blogroll.ts', ['add', `${site.origin}/`, '--dir', dir, '--tags', 'Birds,nature', '--rel', 'friend met'], {
      FRONTROW_CONTENT_DIR: contentDir,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await readdir(dir)).toEqual(['alices-notes.md']);
    const entry = parseEntryFile(await readFile(path.join(dir, 'alices-notes.md'), 'utf8'), 'alices-notes.md');
    expect(entry.data).toMatchObject({
      name: "Alice's Notes",
      url: `${site.origin}/`,
      feed: `${site.origin}/feed.xml`,
      description: 'Birds & bees.',
      tags: ['birds', 'nature'],
      rel: 'friend met',
    });
    // The prompt is a YAML comment: the note (shown on the page) starts empty.
    expect(entry.note).toBe('');
    expect(await readFile(path.join(dir, 'alices-notes.md'), 'utf8')).toMatch(
      /^---\n# Below the closing ---, write a sentence or two on why you read Alice's Notes\.\n# It shows/,
    );
    expect(result.stdout).toMatch(/Added Alice's Notes/);
  });

  it('refuses a site already in the blogroll and leaves every file as it was', async () => {
    const { contentDir, dir } = await tempContent();
    const file = path.join(dir, 'bob.md');
    const text = entryText({ name: 'Bob', url: 'https://bob.example/', description: 'x', since: '2024-01-01' }, 'My words about Bob.');
    await writeFile(file, text);
    const result = await blogroll(contentDir, 'add', 'http://www.bob.example', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already in the blogroll: .*bob\.md/);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['bob.md']);
  });

  it('never overwrites a file that happens to have the same name', async () => {
    const site = await serve({ '/': send('<title>Bob</title>', 'text/html') });
    const { contentDir, dir } = await tempContent();
    const text = entryText({ name: 'Bob', url: 'https://other-bob.example/', description: 'x', since: '2024-01-01' }, 'The other Bob.');
    await writeFile(path.join(dir, 'bob.md'), text);
    const result = await blogroll(contentDir, 'add', `${site.origin}/`, '--dir', dir, '--feed', `${site.origin}/rss`);
    expect(result.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['bob-2.md', 'bob.md']);
    expect(await readFile(path.join(dir, 'bob.md'), 'utf8')).toBe(text);
  });

  it.each([
    [['add'], /Usage/],
    [['add', 'ftp://files.example/'], /not a full http\(s\) URL/],
    [['add', 'javascript:alert(1)'], /not a full http\(s\) URL/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['check', '--timeout', 'soon', '--site', MY_SITE], /--timeout must be a number/],
    [['add', 'http://127.0.0.1:9/', '--feed', 'data:text/xml,x', '--name', 'X'], /feed must be a full http\(s\) URL/],
    [['add', 'http://127.0.0.1:9/', '--rel', 'enemy'], /"enemy", not an XFN word/],
  ])('exits 2 on bad input %j', async (args, message) => {
    const { contentDir, dir } = await tempContent();
    const result = await blogroll(contentDir, ...args, '--dir', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('blogroll import', () => {
  it('merges a feed reader export without clobbering, and reports added and skipped', async () => {
    const { contentDir, dir } = await tempContent();
    const existing = entryText({ name: 'Alice', url: 'https://alice.example/', description: 'mine', since: '2020-01-01' }, 'My own note.');
    await writeFile(path.join(dir, 'alice.md'), existing);
    const opml = path.join(contentDir, 'export.opml');
    await writeFile(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>NetNewsWire</title></head><body>
        <outline text="Writing">
          <outline text="Alice (renamed)" type="rss" xmlUrl="https://alice.example/feed.xml" htmlUrl="https://www.alice.example"/>
          <outline text="Carol" type="rss" xmlUrl="https://carol.example/atom" htmlUrl="https://carol.example/" description="Essays"/>
        </outline>
        <outline text="Dan" type="rss" xmlUrl="https://dan.example/feed.json"/>
        <outline text="Dan again" type="rss" xmlUrl="https://dan.example/other.xml"/>
      </body></opml>`,
    );
    const result = await blogroll(contentDir, 'import', opml, '--dir', dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Added 2, skipped 2\./);
    expect(result.stdout).toMatch(/= Alice \(renamed\) \(already in .*alice\.md\)/);
    expect(result.stdout).toMatch(/= Dan again \(already in .*dan\.md\)/);
    expect((await readdir(dir)).sort()).toEqual(['alice.md', 'carol.md', 'dan.md']);
    expect(await readFile(path.join(dir, 'alice.md'), 'utf8')).toBe(existing);
    const carol = parseEntryFile(await readFile(path.join(dir, 'carol.md'), 'utf8'), 'carol.md');
    expect(carol.data).toMatchObject({ url: 'https://carol.example/', feed: 'https://carol.example/atom', description: 'Essays', tags: ['writing'] });
    const dan = parseEntryFile(await readFile(path.join(dir, 'dan.md'), 'utf8'), 'dan.md');
    expect(dan.data).toMatchObject({ url: 'https://dan.example/', feed: 'https://dan.example/feed.json' });

    const again = await blogroll(contentDir, 'import', opml, '--dir', dir);
    expect(again.stdout).toMatch(/^Added 0, skipped 4\./);
  });

  it('exits 2 for a missing or non-OPML file', async () => {
    const { contentDir, dir } = await tempContent();
    expect((await blogroll(contentDir, 'import', path.join(contentDir, 'nope.opml'), '--dir', dir)).code).toBe(2);
    const html = path.join(contentDir, 'page.opml');
    await writeFile(html, '<html><body>not opml</body></html>');
    const result = await blogroll(contentDir, 'import', html, '--dir', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a readable OPML/);
  });
});

describe('blogroll check', () => {
  it('reports feed health and reciprocity per peer', async () => {
    const opmlListing = (url: string) =>
      `<?xml version="1.0"?><opml version="2.0"><head><title>b</title></head><body><outline text="x" type="rss" xmlUrl="${url}feed.xml" htmlUrl="${url}"/></body></opml>`;
    const fresh = rss([{ title: 'New', link: 'https://x.example/1', date: daysAgo(5) }]);
    const fine = await serve({
      '/': send('<head><link rel="blogroll" type="text/xml" href="/my/blogroll.opml"></head>', 'text/html'),
      '/feed.xml': send(fresh),
      '/my/blogroll.opml': send(opmlListing('https://www.me.example/'), 'text/x-opml'),
    });
    const moved = await serve({
      '/feed.xml': (_req, res) => res.writeHead(308, { location: '/new-feed.xml' }).end(),
      '/new-feed.xml': send(fresh),
      '/.well-known/recommendations.opml': send(opmlListing('https://someone-else.example/'), 'text/x-opml'),
    });
    const gone404 = await serve({});
    const gone410 = await serve({ '/feed.xml': (_req, res) => res.writeHead(410).end() });
    const silent = await serve({
      '/feed.xml': send(rss([{ title: 'Old', link: 'https://x.example/o', date: daysAgo(200) }])),
      '/.well-known/recommendations.json': send(
        JSON.stringify([{ url: 'https://me.example', created_at: daysAgo(9), updated_at: daysAgo(9) }]),
        'application/json',
      ),
    });
    const viaFeed = await serve({
      '/feed.xml': send(rss([{ title: 'Hi', link: 'https://x.example/h', date: daysAgo(1) }], '<source:blogroll>/roll.opml</source:blogroll>')),
      '/roll.opml': send(opmlListing(MY_SITE), 'text/xml'),
    });
    const refused = await closedPortOrigin();
    const mute = await silentServer();
    servers.push(mute);

    const { contentDir, dir } = await tempContent();
    const peers = {
      fine: fine.origin,
      moved: moved.origin,
      'gone-404': gone404.origin,
      'gone-410': gone410.origin,
      silent: silent.origin,
      'via-feed': viaFeed.origin,
      refused,
      mute: mute.origin,
    };
    for (const [id, origin] of Object.entries(peers)) {
      await writeFile(
        path.join(dir, `${id}.md`),
        entryText({ name: id, url: `${origin}/`, feed: `${origin}/feed.xml`, description: 'x', since: '2024-01-01' }),
      );
    }
    const before = await Promise.all(Object.keys(peers).map((id) => stat(path.join(dir, `${id}.md`))));
    const result = await blogroll(contentDir, 'check', '--dir', dir, '--site', MY_SITE, '--timeout', '3000');
    expect(result.code).toBe(0);
    const block = (id: string) =>
      result.stdout
        .split('\n\n')[0]!
        .split(/\n(?=\S)/)
        .find((b) => b.startsWith(`${id} <`)) ?? '';
    expect(block('fine')).toMatch(/feed: fine .*last post .*\(5 days ago\)/);
    expect(block('fine')).toMatch(/reciprocity: mutual: listed in .*\/my\/blogroll\.opml/);
    expect(block('moved')).toMatch(new RegExp(`feed: MOVED .*permanently moved to ${moved.origin}/new-feed\\.xml`));
    expect(block('moved')).toMatch(/reciprocity: one-way: not listed in .*recommendations\.opml/);
    expect(block('gone-404')).toMatch(/feed: GONE .*HTTP 404/);
    expect(block('gone-404')).toMatch(/reciprocity: one-way: publishes no blogroll/);
    expect(block('gone-410')).toMatch(/feed: GONE .*HTTP 410/);
    expect(block('silent')).toMatch(/feed: silent .*200 days ago[\s\S]*nothing new for 90\+ days/);
    expect(block('silent')).toMatch(/reciprocity: mutual: listed in .*recommendations\.json/);
    expect(block('via-feed')).toMatch(/reciprocity: mutual: listed in .*\/roll\.opml/);
    expect(block('refused')).toMatch(/feed: UNREACHABLE .*ECONNREFUSED/);
    expect(block('refused')).toMatch(/reciprocity: unknown/);
    expect(block('mute')).toMatch(/feed: UNREACHABLE .*no complete answer within 3000 ms/);
    expect(result.stdout).toMatch(/8 peers: feeds /);
    // Read-only: no entry was touched.
    const after = await Promise.all(Object.keys(peers).map((id) => stat(path.join(dir, `${id}.md`))));
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
  });

  it('needs --site when there is no site config', async () => {
    const { contentDir, dir } = await tempContent();
    const result = await blogroll(contentDir, 'check', '--dir', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--site/);
  });
});
