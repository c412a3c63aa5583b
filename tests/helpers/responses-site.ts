import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentServer } from '../unit/blogroll/servers.ts';
import { communityServer, TOKEN, type Community } from '../unit/responses/stubs.ts';
import { copyContent, workDir } from './astro.ts';

/**
 * A copy of the fixture site that hears responses from stub servers on 127.0.0.1: a JF2 API
 * (friendly, hostile, 10,000 likes), Mastodon and Bluesky copies of "First Light", a copy on a
 * server that never answers and one that answers broken JSON. For the build and browser tests.
 */
export const SITE_URL = 'https://fixture.example/blog/';
export const POST_URL = 'https://fixture.example/blog/posts/first-light/';

export async function responsesSite(options: { likes?: number } = {}) {
  const community: Community = await communityServer({ postUrl: POST_URL, siteUrl: SITE_URL, likes: options.likes ?? 10_000, hostile: true });
  const silent = await silentServer();
  const content = await copyContent();
  const configFile = path.join(content, 'site.config.ts');
  const config = (await readFile(configFile, 'utf8')).replace(
    'blogroll: { river: false, fetch: false },',
    // The stub's avatars sit on 127.0.0.1, which a writer may allow by name.
    `blogroll: { river: false, fetch: false, privateHosts: ['127.0.0.1'] },
  webmentions: { endpoint: 'https://webmention.io/fixture.example/webmention', api: '${community.origin}/api/mentions.jf2' },
  social: { blueskyAppView: '${community.origin}', timeoutMs: 4000 },
  moderation: { block: ['spam.example'] },`,
  );
  if (!config.includes('webmentions:')) throw new Error('could not configure webmentions in the fixture');
  await writeFile(configFile, config);
  const post = path.join(content, 'posts/first-light.md');
  const copies = [community.mastodonUrl, community.blueskyUrl, `${silent.origin}/@ada/999`, community.brokenUrl];
  await writeFile(
    post,
    (await readFile(post, 'utf8')).replace(
      'tags: [Writing Life, habits]',
      `tags: [Writing Life, habits]\nsyndication:\n${copies.map((u) => `  - ${u}`).join('\n')}`,
    ),
  );
  const cache = path.join(await workDir('responses-cache'), 'responses.json');
  return {
    community,
    silent,
    content,
    cache,
    env: { FRONTROW_RESPONSES_CACHE: cache, WEBMENTION_IO_TOKEN: TOKEN },
    close: async () => {
      await community.server.close();
      await silent.close();
    },
  };
}
