import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/config/errors.ts';
import { parseSiteConfig } from '../../src/lib/config/load.ts';

const minimal = {
  title: 'My Blog',
  description: 'Notes.',
  url: 'https://me.example',
  author: { name: 'Me' },
};

function problemsOf(raw: unknown): { field: string; message: string }[] {
  try {
    parseSiteConfig(raw, 'content/site.config.ts');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('content/site.config.ts');
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected the configuration to be rejected');
}

describe('site configuration', () => {
  it('fills documented defaults for a minimal configuration', () => {
    const config = parseSiteConfig(minimal);
    expect(config.base).toBe('/');
    expect(config.lang).toBe('en');
    expect(config.postsPerPage).toBe(10);
    expect(config.profiles).toEqual([]);
    expect(config.nav.map((n) => n.href)).toContain('/archive/');
    expect(config.giscus).toBeUndefined();
    expect(config.originality.failOn).toBe('none');
    expect(config.blogroll.river).toBe(true);
  });

  it('accepts a full configuration', () => {
    const config = parseSiteConfig({
      ...minimal,
      base: '/my-blog',
      lang: 'en-GB',
      author: { name: 'Me', url: 'https://me.example/about/', avatar: '/me.jpg' },
      profiles: [{ label: 'Mastodon', url: 'https://social.example/@me' }],
      fediverseCreator: '@me@social.example',
      giscus: { repo: 'me/blog', repoId: 'R_1', category: 'Comments', categoryId: 'DIC_1' },
      originality: { failOn: 'passage' },
    });
    expect(config.base).toBe('/my-blog');
    expect(config.giscus?.inputPosition).toBe('top');
    expect(config.originality.failOn).toBe('passage');
  });

  it('names the field and the fix for a bad URL', () => {
    const problems = problemsOf({ ...minimal, url: 'me.example' });
    expect(problems).toEqual([{ field: 'url', message: expect.stringContaining('full http(s) URL') }]);
  });

  it('names nested fields', () => {
    const problems = problemsOf({ ...minimal, author: { name: 'Me', url: 'ftp://x' }, profiles: [{ label: 'X', url: 'nope' }] });
    expect(problems.map((p) => p.field).sort()).toEqual(['author.url', 'profiles[0].url']);
  });

  it('reports a missing required setting', () => {
    const { title: _omit, ...rest } = minimal;
    const problems = problemsOf(rest);
    expect(problems[0]?.field).toBe('title');
    expect(problems[0]?.message).toMatch(/missing|required/);
  });

  it('rejects unknown settings so typos do not pass silently', () => {
    const problems = problemsOf({ ...minimal, titel: 'x' });
    expect(problems[0]?.message).toContain('"titel"');
  });

  it('rejects a malformed base path, language and giscus repo', () => {
    const problems = problemsOf({
      ...minimal,
      base: 'my blog',
      lang: 'English',
      giscus: { repo: 'noslash', repoId: 'R', category: 'c', categoryId: 'C' },
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['base', 'giscus.repo', 'lang']);
  });

  it('rejects originality thresholds outside [0, 1]', () => {
    const problems = problemsOf({ ...minimal, originality: { rehashThreshold: 2 } });
    expect(problems[0]?.field).toBe('originality.rehashThreshold');
  });
});

describe('the search index in parts', () => {
  it('is one index unless the writer sets searchPartSize', () => {
    expect(parseSiteConfig(minimal).searchPartSize).toBeUndefined();
    expect(parseSiteConfig({ ...minimal, searchPartSize: 1500 }).searchPartSize).toBe(1500);
  });

  it('names the field and the fix for a part size that is not a number of posts', () => {
    expect(problemsOf({ ...minimal, searchPartSize: '1500' })).toEqual([
      expect.objectContaining({ field: 'searchPartSize', message: expect.stringContaining('for example 1500') }),
    ]);
    expect(problemsOf({ ...minimal, searchPartSize: 1 })).toEqual([
      expect.objectContaining({ field: 'searchPartSize', message: expect.stringContaining('leave it out to keep one search index') }),
    ]);
  });
});

describe('reaching-out settings', () => {
  it('defaults: 20 feed items, no newsletter, sending on with a 7-day baseline, Follow in the nav', () => {
    const config = parseSiteConfig(minimal);
    expect(config.feedItems).toBe(20);
    expect(config.newsletter).toBeUndefined();
    expect(config.outreach).toEqual({ send: true, baselineDays: 7, maxAttempts: 5 });
    expect(config.nav.map((n) => n.href)).toContain('/follow/');
  });

  it('names the field and the fix for a bad newsletter, feedItems or outreach value', () => {
    const fields = problemsOf({ ...minimal, feedItems: 0, newsletter: { action: 'mailto:me@example.org', provider: '' }, outreach: { sned: true } }).map(
      (p) => p.field,
    );
    expect(fields).toEqual(expect.arrayContaining(['feedItems', 'newsletter.action', 'newsletter.provider', 'outreach']));
  });

  it('a newsletter fills the email field name and no hidden fields', () => {
    const config = parseSiteConfig({ ...minimal, newsletter: { action: 'https://buttondown.com/api/emails/embed-subscribe/me', provider: 'Buttondown' } });
    expect(config.newsletter).toEqual({
      action: 'https://buttondown.com/api/emails/embed-subscribe/me',
      provider: 'Buttondown',
      emailField: 'email',
      hidden: {},
    });
  });
});
