import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBlogroll, DEFAULT_CONFIG } from '../../../src/lib/blogroll/commands.ts';
import { entryText, routeServer, rss, send, type TestServer } from '../blogroll/servers.ts';
import { workDir } from '../../helpers/astro.ts';

// `npm run blogroll -- check` names the sites that recommend you but are not in your blogroll.
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function run(dir: string, recommenders: { url: string; name: string }[]) {
  const out: string[] = [];
  const code = await checkBlogroll('https://me.example/', {
    dir,
    config: { ...DEFAULT_CONFIG, timeoutMs: 2000 },
    userAgent: 't',
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    recommenders,
  });
  return { code, out: out.join('\n') };
}

describe('recommend back?', () => {
  it('names each recommender missing from the blogroll, and not the ones already in it', async () => {
    const peer = await routeServer({ '/feed.xml': send(rss([{ title: 'P', link: 'https://peer.example/p', date: new Date().toISOString() }])) });
    servers.push(peer);
    const dir = path.join(await workDir('recback'), 'blogroll');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'peer.md'),
      entryText({ name: 'Peer', url: 'https://www.peer.example', feed: `${peer.origin}/feed.xml`, description: 'A peer.', since: '2024-01-01' }),
    );
    const { code, out } = await run(dir, [
      { url: 'https://peer.example/', name: 'Peer' },
      { url: 'https://fan.example/', name: 'A Fan' },
    ]);
    expect(code).toBe(0);
    expect(out).toContain('recommend back? A Fan  https://fan.example/');
    expect(out).not.toContain('recommend back? Peer');
  });

  it('speaks up even when the blogroll is empty, and stays quiet when nobody recommends you', async () => {
    const dir = path.join(await workDir('recback'), 'blogroll');
    await mkdir(dir);
    expect((await run(dir, [{ url: 'https://fan.example/', name: 'A Fan' }])).out).toContain('recommend back? A Fan');
    expect((await run(dir, [])).out).not.toContain('recommend back?');
  });
});
