import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDoneMark, buildInbox, readDoneMarks, type InboxEntry, type PostResponse } from '../../../src/lib/responses/index.ts';
import { workDir } from '../../helpers/astro.ts';

// The inbox "answered" rules, one by one. The writer is https://me.example/ with a Mastodon
// profile and the GitHub login "me".
const SITE = 'https://me.example/';
const PROFILES = ['https://social.example/@me', 'https://github.com/me'];
const NOW = new Date('2026-12-01T00:00:00Z');
const POSTS = [{ id: 'hello', url: 'https://me.example/posts/hello/', syndication: ['https://social.example/@me/1'], published: true }];

let n = 0;
function response(fields: Partial<PostResponse> & { author?: PostResponse['author'] }): PostResponse {
  n++;
  return {
    id: `webmention:${n}`,
    channel: 'webmention',
    kind: 'reply',
    target: 'https://me.example/posts/hello/',
    url: `https://reader${n}.example/reply`,
    author: { name: `Reader ${n}`, url: `https://reader${n}.example/` },
    published: new Date(NOW.getTime() - n * 3_600_000).toISOString(),
    text: `Reply ${n}`,
    post: 'hello',
    ...fields,
  };
}

const inbox = (responses: PostResponse[], extra: Partial<Parameters<typeof buildInbox>[1]> = {}) =>
  buildInbox(responses, { siteUrl: SITE, profiles: PROFILES, githubLogin: 'me', posts: POSTS, done: new Set(), now: NOW, ...extra });
const ids = (entries: InboxEntry[]) => entries.map((e) => e.id);

describe('the inbox', () => {
  it('lists unanswered replies and mentions, newest first, and never likes, reposts or bookmarks', () => {
    const older = response({ published: '2026-11-01T00:00:00Z' });
    const newer = response({ kind: 'mention', published: '2026-11-20T00:00:00Z' });
    const like = response({ kind: 'like' });
    const repost = response({ kind: 'repost' });
    const bookmark = response({ kind: 'bookmark' });
    expect(ids(inbox([older, newer, like, repost, bookmark]).responses)).toEqual([newer.id, older.id]);
  });

  it('prints the documented JSON fields', () => {
    const reply = response({});
    const [entry] = inbox([reply]).responses;
    expect(Object.keys(entry!).sort()).toEqual(['author', 'channel', 'id', 'kind', 'post', 'published', 'text', 'url']);
    expect(entry).toMatchObject({ id: reply.id, channel: 'webmention', kind: 'reply', post: 'hello', url: reply.url, author: reply.author, text: reply.text });
  });

  it('counts a reply from one of the writer’s profiles under a response as an answer', () => {
    const question = response({ id: 'mastodon:social.example:2', channel: 'mastodon' });
    const answer = response({
      id: 'mastodon:social.example:3',
      channel: 'mastodon',
      parent: question.id,
      author: { name: 'Me', url: 'https://social.example/@me' },
    });
    const result = inbox([question, answer]);
    expect(ids(result.responses)).toEqual([]);
  });

  it('counts an answer further down the thread too, but not an answer to someone else', () => {
    const question = response({ id: 'bluesky:at://a/1', channel: 'bluesky' });
    const follow = response({ id: 'bluesky:at://b/2', channel: 'bluesky', parent: question.id });
    const other = response({ id: 'bluesky:at://c/3', channel: 'bluesky' });
    const answer = response({ id: 'bluesky:at://me/4', channel: 'bluesky', parent: follow.id, author: { name: 'Me', url: 'https://me.example/' } });
    expect(ids(inbox([question, follow, other, answer]).responses)).toEqual([other.id]);
  });

  it('counts a reply from the writer’s own site as theirs, never as waiting', () => {
    const mine = response({ author: { name: 'Me', url: 'https://me.example/notes/1' } });
    expect(inbox([mine]).responses).toEqual([]);
  });

  it('counts a published post whose inReplyTo is the response’s URL, whatever its scheme or slash', () => {
    const answered = response({ url: 'https://peer.example/their-reply/' });
    const waiting = response({ url: 'https://peer.example/other/' });
    const posts = [
      ...POSTS,
      { id: 'answer', url: 'https://me.example/posts/answer/', syndication: [], inReplyTo: 'http://www.peer.example/their-reply', published: true },
    ];
    expect(ids(inbox([answered, waiting], { posts }).responses)).toEqual([waiting.id]);
  });

  it('does not count a draft answer yet', () => {
    const asked = response({ url: 'https://peer.example/asked/' });
    const posts = [
      ...POSTS,
      { id: 'draft', url: 'https://me.example/posts/draft/', syndication: [], inReplyTo: 'https://peer.example/asked/', published: false },
    ];
    expect(ids(inbox([asked], { posts }).responses)).toEqual([asked.id]);
  });

  it('on giscus, counts a reply by the writer’s GitHub login', () => {
    const comment = response({ id: 'giscus:C1', channel: 'giscus', target: 'hello', author: { name: 'reader', url: 'https://github.com/reader' } });
    const reply = response({ id: 'giscus:C2', channel: 'giscus', target: 'hello', parent: 'giscus:C1', author: { name: 'Me', url: 'https://github.com/Me' } });
    const unanswered = response({ id: 'giscus:C3', channel: 'giscus', target: 'hello', author: { name: 'other', url: 'https://github.com/other' } });
    const replyByOther = response({
      id: 'giscus:C4',
      channel: 'giscus',
      target: 'hello',
      parent: 'giscus:C3',
      author: { name: 'other2', url: 'https://github.com/other2' },
    });
    expect(ids(inbox([comment, reply, unanswered, replyByOther]).responses).sort()).toEqual(['giscus:C3', 'giscus:C4']);
  });

  it('counts a giscus reply by the configured login even without a github.com profile', () => {
    const comment = response({ id: 'giscus:D1', channel: 'giscus', author: { name: 'reader' } });
    const reply = response({ id: 'giscus:D2', channel: 'giscus', parent: 'giscus:D1', author: { name: 'writer-login' } });
    expect(ids(inbox([comment, reply], { profiles: [], githubLogin: 'writer-login' }).responses)).toEqual([]);
  });

  it('honours marks made by hand, by id or by the id of a Bridgy copy', () => {
    const marked = response({});
    const viaAlias = response({ id: 'mastodon:social.example:9', channel: 'mastodon', aliases: ['webmention-alias'] });
    const open = response({});
    expect(ids(inbox([marked, viaAlias, open], { done: new Set([marked.id, 'webmention-alias']) }).responses)).toEqual([open.id]);
  });

  it('names the front row: most responses in the last 90 days, merged by profile URL, the writer left out', () => {
    const ann = { name: 'Ann', url: 'https://ann.example/' };
    const responses = [
      response({ author: ann, kind: 'like' }),
      response({ author: { name: 'Ann (Mastodon name)', url: 'http://www.ann.example' }, channel: 'mastodon' }),
      response({ author: ann }),
      response({ author: { name: 'Bob', url: 'https://bob.example/' } }),
      response({ author: { name: 'Old', url: 'https://old.example/' }, published: '2026-01-01T00:00:00Z' }),
      response({ author: { name: 'Old', url: 'https://old.example/' }, published: '2026-01-02T00:00:00Z' }),
      response({ author: { name: 'Me', url: 'https://social.example/@me' } }),
    ];
    const { frontRow } = inbox(responses);
    expect(frontRow.map((p) => [p.url ? new URL(p.url).hostname.replace('www.', '') : '', p.responses])).toEqual([
      ['ann.example', 3],
      ['bob.example', 1],
    ]);
    expect(Object.keys(frontRow[0]!).sort()).toEqual(['name', 'responses', 'url']);
  });
});

describe('marks made by hand', () => {
  it('are appended to a small text file, never rewritten', async () => {
    const file = path.join(await workDir('inbox'), 'inbox-done.txt');
    expect(await addDoneMark(file, 'webmention:1', NOW)).toBe(true);
    expect(await addDoneMark(file, 'webmention:1', NOW)).toBe(false);
    expect(await addDoneMark(file, 'mastodon:social.example:2', NOW)).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^# .*\nwebmention:1 {2}# 2026-12-01\nmastodon:social.example:2 {2}# 2026-12-01\n$/);
    expect([...(await readDoneMarks(file))]).toEqual(['webmention:1', 'mastodon:social.example:2']);
  });
});
