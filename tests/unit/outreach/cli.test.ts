import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureContent, workDir } from '../../helpers/astro.ts';
import { runScript, spawnScript } from '../../helpers/cli.ts';
import { html, stubServer, type StubServer } from './servers.ts';

/** `npm run webmentions` in this process (tests/helpers/cli.ts runScript). */
function cli(args: string[]) {
  return runScript('webmentions.ts', args, { FRONTROW_CONTENT_DIR: fixtureContent });
}

/** The real command, spawned: this file's smoke test. */
function spawnedCli(args: string[]) {
  return spawnScript('webmentions.ts', args, { FRONTROW_CONTENT_DIR: fixtureContent });
}

let peer: StubServer;
let work: string;
beforeAll(async () => {
  peer = await stubServer((req, res) => {
    if (req.method === 'POST') return void res.writeHead(202).end();
    html(res, '<link rel="webmention" href="/wm"></head><body></body></html>');
  });
  work = await workDir('wm-cli');
  await mkdir(path.join(work, 'dist/posts/hi'), { recursive: true });
  await writeFile(
    path.join(work, 'dist/posts/hi/index.html'),
    `<article class="h-entry"><h1 class="p-name">Hi</h1><time class="dt-published" datetime="2020-01-01">x</time><div class="e-content"><a href="${peer.origin}/their-post">them</a></div></article>`,
  );
  await mkdir(path.join(work, 'cache'));
  await writeFile(path.join(work, 'cache/sent.json'), JSON.stringify({ version: 1, since: '2020-01-01T00:00:00Z', sources: {} }));
});
afterAll(() => peer?.close());

describe('npm run webmentions', () => {
  it('exits 2 on bad usage and prints the usage', async () => {
    for (const args of [[], ['sned'], ['send', '--bogus'], ['send', 'extra']]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/Usage:/);
    }
  });

  it('exits 1 with a clear line when there is no build', async () => {
    const result = await spawnedCli(['send', '--dist', path.join(work, 'nothing'), '--record', path.join(work, 'cache/none.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/npm run build/);
  });

  it('--dry-run --json reports what would be sent; a real run sends it and records it', async () => {
    const args = ['send', '--dist', path.join(work, 'dist'), '--record', path.join(work, 'cache/sent.json')];
    const dry = await cli([...args, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.results).toEqual([
      expect.objectContaining({ source: 'https://fixture.example/blog/posts/hi/', target: `${peer.origin}/their-post`, outcome: { kind: 'planned' } }),
    ]);
    expect(peer.posts()).toEqual([]);

    const real = await cli(args);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/1 sent/);
    expect(peer.posts()).toEqual([{ path: '/wm', query: '', form: { source: 'https://fixture.example/blog/posts/hi/', target: `${peer.origin}/their-post` } }]);
    const record = JSON.parse(await readFile(path.join(work, 'cache/sent.json'), 'utf8'));
    expect(record.sources['https://fixture.example/blog/posts/hi/'][`${peer.origin}/their-post`].state).toBe('sent');
  });
});
