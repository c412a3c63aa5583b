import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../helpers/cli.ts';
import { routeServer, type TestServer } from '../blogroll/servers.ts';
import { communityServer, TOKEN, type Community } from './stubs.ts';
import { workDir } from '../../helpers/astro.ts';

// `npm run inbox` on a small site whose responses come from the stub servers, giscus included
// (a GitHub GraphQL stub that insists on the token).
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const SITE = 'https://me.example/';
const POST = 'https://me.example/posts/hello/';

let community: Community;
let github: TestServer;
let contentDir: string;
let cacheFile: string;

beforeAll(async () => {
  community = await communityServer({ postUrl: POST, siteUrl: SITE, likes: 3 });
  github = await routeServer({
    '/graphql': async (req, res) => {
      if (req.headers.authorization !== 'bearer gh-token')
        return res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
      let body = '';
      for await (const chunk of req) body += chunk;
      const { variables } = JSON.parse(body) as { variables: { owner: string; name: string; category: string } };
      if (req.method !== 'POST' || variables.owner !== 'me' || variables.category !== 'DIC_1') return res.writeHead(400).end('{}');
      const author = (login: string) => ({ login, url: `https://github.com/${login}` });
      return res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          data: {
            repository: {
              discussions: {
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: [
                  {
                    title: 'hello',
                    comments: {
                      nodes: [
                        {
                          id: 'DC_open',
                          url: 'https://github.com/me/site/discussions/1#discussioncomment-1',
                          createdAt: '2026-11-27T10:00:00Z',
                          bodyText: 'A giscus question',
                          author: author('reader'),
                          replies: { nodes: [] },
                        },
                        {
                          id: 'DC_done',
                          url: 'https://github.com/me/site/discussions/1#discussioncomment-2',
                          createdAt: '2026-11-27T11:00:00Z',
                          bodyText: 'Answered on giscus',
                          author: author('reader2'),
                          replies: {
                            nodes: [
                              {
                                id: 'DC_reply',
                                url: 'https://github.com/me/site/discussions/1#discussioncomment-3',
                                createdAt: '2026-11-27T12:00:00Z',
                                bodyText: 'Thanks!',
                                author: author('me'),
                              },
                            ],
                          },
                        },
                      ],
                    },
                  },
                ],
              },
            },
          },
        }),
      );
    },
  });
  contentDir = await workDir('inbox-cli');
  cacheFile = path.join(contentDir, '..', `${path.basename(contentDir)}-responses.json`);
  await mkdir(path.join(contentDir, 'posts'));
  await writeFile(
    path.join(contentDir, 'site.config.ts'),
    `export default ${JSON.stringify({
      title: 'Me',
      description: 'My blog.',
      url: 'https://me.example',
      author: { name: 'Me' },
      profiles: [
        { label: 'Mastodon', url: 'https://social.example/@ada' },
        { label: 'GitHub', url: 'https://github.com/me' },
      ],
      giscus: { repo: 'me/site', repoId: 'R_1', category: 'Comments', categoryId: 'DIC_1' },
      webmentions: { endpoint: 'https://webmention.io/me.example/webmention', api: `${community.origin}/api/mentions.jf2` },
      social: { blueskyAppView: community.origin, githubApi: `${github.origin}/graphql`, timeoutMs: 2000 },
    })};\n`,
  );
  await writeFile(
    path.join(contentDir, 'posts/hello.md'),
    `---\ntitle: Hello\ndescription: A post.\npubDate: 2026-11-01\nsyndication:\n  - ${community.mastodonUrl}\n  - ${community.blueskyUrl}\n---\n\nHello.\n`,
  );
}, 30_000);

afterAll(async () => {
  await community?.server.close();
  await github?.close();
});

/** `npm run inbox` in this process (tests/helpers/cli.ts runScript), against the stubs. */
async function inbox(args: string[], env: Record<string, string> = {}) {
  return runScript('inbox.ts', args, {
    FRONTROW_CONTENT_DIR: contentDir,
    FRONTROW_RESPONSES_CACHE: cacheFile,
    GITHUB_TOKEN: '',
    WEBMENTION_IO_TOKEN: '',
    ...env,
  });
}

/** The real command, as a child process: this file's smoke test. */
async function spawnedInbox(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'scripts/inbox.ts'), ...args], {
      cwd: root,
      env: { ...process.env, FRONTROW_CONTENT_DIR: contentDir, FRONTROW_RESPONSES_CACHE: cacheFile, GITHUB_TOKEN: '', WEBMENTION_IO_TOKEN: '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Printed {
  responses: {
    id: string;
    channel: string;
    kind: string;
    post: string;
    url: string;
    author: { name: string; url?: string };
    published: string;
    text: string;
  }[];
  frontRow: { name: string; url: string; responses: number }[];
}

describe('npm run inbox', () => {
  it('prints the unanswered conversations of every channel as JSON, and the front row', async () => {
    const { code, stdout, stderr } = await spawnedInbox(['--json', '--days', '100000'], { WEBMENTION_IO_TOKEN: TOKEN, GITHUB_TOKEN: 'gh-token' });
    expect(code, stderr).toBe(0);
    const printed = JSON.parse(stdout) as Printed;
    expect(Object.keys(printed)).toEqual(['responses', 'frontRow']);
    const byText = new Map(printed.responses.map((r) => [r.text, r]));
    expect(byText.get('Lovely post, thank you.')).toMatchObject({
      id: 'webmention:1001',
      channel: 'webmention',
      kind: 'reply',
      post: 'hello',
      url: 'https://ann.example/replies/1',
      author: { name: 'Ann Example', url: 'https://ann.example/' },
      published: '2026-11-20T10:00:00.000Z',
    });
    expect(byText.get('Cal wrote about this post.')).toMatchObject({ kind: 'mention' });
    expect(byText.get('Replying from Bluesky')).toMatchObject({ channel: 'bluesky', kind: 'reply' });
    expect(byText.get('A giscus question')).toMatchObject({ id: 'giscus:DC_open', channel: 'giscus', post: 'hello' });
    expect([...byText.keys()].some((t) => t.startsWith('Bea replied'))).toBe(false); // the writer answered on Mastodon
    expect(byText.has('Answered on giscus')).toBe(false);
    expect(printed.responses.every((r) => r.kind === 'reply' || r.kind === 'mention')).toBe(true);
    const dates = printed.responses.map((r) => r.published);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(printed.frontRow.length).toBeGreaterThan(0);
    for (const person of printed.frontRow) expect(Object.keys(person).sort()).toEqual(['name', 'responses', 'url']);
    expect(printed.frontRow.some((p) => p.url.includes('social.example/@ada'))).toBe(false);
  });

  it('says in one line that giscus is skipped without GITHUB_TOKEN', async () => {
    const { code, stdout, stderr } = await inbox(['--offline']);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((l) => l.includes('giscus'))).toEqual(['giscus: skipped (set GITHUB_TOKEN to include giscus comments).']);
    expect(stdout).toMatch(/conversations wait for your answer/);
    expect(stdout).toContain('id: webmention:1001');
    expect(stdout).toContain('Ann Example — reply on webmention, under "Hello"');
  });

  it('marks one answered by hand in content/inbox-done.txt', async () => {
    const done = await inbox(['done', 'webmention:1001']);
    expect(done.code, done.stderr).toBe(0);
    expect(await readFile(path.join(contentDir, 'inbox-done.txt'), 'utf8')).toContain('webmention:1001');
    const { stdout } = await inbox(['--offline', '--json']);
    expect((JSON.parse(stdout) as Printed).responses.map((r) => r.id)).not.toContain('webmention:1001');
  });

  it('refuses an unknown id and bad usage', async () => {
    expect((await inbox(['done', 'webmention:nope'])).code).toBe(1);
    expect((await inbox(['done'])).code).toBe(2);
    expect((await inbox(['frobnicate'])).code).toBe(2);
    expect((await inbox(['--days', 'many'])).code).toBe(2);
    expect((await inbox(['--nope'])).code).toBe(2);
  });
});
