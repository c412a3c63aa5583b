import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/config/errors.ts';
import { parseSiteConfig } from '../../src/lib/config/load.ts';

// Every rule of content/site.config.ts, one row each: what is accepted at the edges, what is
// refused, and the message that tells the writer what to write instead.
const minimal = { title: 'My Blog', description: 'Notes.', url: 'https://me.example', author: { name: 'Me' } };
const giscus = { repo: 'me/blog', repoId: 'R_1', category: 'Comments', categoryId: 'DIC_1' };

/** `minimal` with one setting changed; `a.b` paths reach into sections. */
function withSetting(setting: string, value: unknown): Record<string, unknown> {
  const raw: Record<string, unknown> = structuredClone(minimal);
  const [head, key] = setting.split('.') as [string, string | undefined];
  if (key === undefined) raw[head] = value;
  else raw[head] = { ...(head === 'giscus' ? giscus : {}), ...(raw[head] as object | undefined), [key]: value };
  return raw;
}

function problems(raw: unknown): { field: string; message: string }[] {
  try {
    parseSiteConfig(raw, 'content/site.config.ts');
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
}

const URL_FIX = 'must be a full http(s) URL, for example "https://example.com/"';

describe('a site configuration setting that breaks a rule', () => {
  it.each([
    ['title', '', 'title is required: the name of your blog'],
    ['description', '', 'description is required: one sentence about your blog'],
    ['url', 'me.example', `url ${URL_FIX}`],
    ['url', 'ftp://me.example/', `url ${URL_FIX}`],
    ['base', 'my blog', 'base must be a path such as "/" or "/my-blog"'],
    ['base', 'blog', 'base must be a path such as "/" or "/my-blog"'],
    ['lang', 'English', 'lang must be a language tag such as "en" or "en-GB"'],
    ['author.name', '', 'author.name is required'],
    ['author.url', 'ftp://me.example/', `author.url ${URL_FIX}`],
    ['fediverseCreator', 'me@social.example', 'fediverseCreator must look like "@you@instance.social"'],
    ['fediverseCreator', '@me@localhost', 'fediverseCreator must look like "@you@instance.social"'],
    ['giscus.repo', 'noslash', 'giscus.repo must look like "owner/repo"'],
    ['giscus.repoId', '', 'giscus.repoId is required: copy it from https://giscus.app'],
    ['giscus.category', '', 'giscus.category is required, for example "Announcements"'],
    ['giscus.categoryId', '', 'giscus.categoryId is required: copy it from https://giscus.app'],
    ['giscus.host', 'ftp://giscus.example', `giscus.host ${URL_FIX}`],
    // Each pattern holds for the whole value, not just its start or its end.
    ['base', '/blog/ draft', 'base must be a path such as "/" or "/my-blog"'],
    ['base', 'x/blog', 'base must be a path such as "/" or "/my-blog"'],
    ['lang', 'en-GB!', 'lang must be a language tag such as "en" or "en-GB"'],
    ['fediverseCreator', 'x@me@social.example', 'fediverseCreator must look like "@you@instance.social"'],
    ['fediverseCreator', '@me@social.example/x', 'fediverseCreator must look like "@you@instance.social"'],
    ['giscus.repo', 'me/blog/x', 'giscus.repo must look like "owner/repo"'],
    ['giscus.repo', 'x y/blog', 'giscus.repo must look like "owner/repo"'],
    ['url', 'xhttp://me.example/', `url ${URL_FIX}`],
    ['url', 'httpsx://me.example/', `url ${URL_FIX}`],
  ])('%s = %j is refused with "%s"', (setting, value, message) => {
    expect(problems(withSetting(setting, value))).toEqual([{ field: setting, message }]);
  });

  it('names a profile URL and a nav link by their place in the list', () => {
    expect(
      problems({
        ...minimal,
        profiles: [
          { label: 'A', url: 'https://a.example/' },
          { label: 'B', url: 'nope' },
        ],
      }),
    ).toEqual([{ field: 'profiles[1].url', message: `profiles[].url ${URL_FIX}` }]);
    expect(
      problems({
        ...minimal,
        nav: [
          { label: '', href: '/x/' },
          { label: 'About', href: '' },
        ],
      }),
    ).toEqual([
      { field: 'nav[0].label', message: 'a link needs a label, for example "About"' },
      { field: 'nav[1].href', message: 'a link needs an href, for example "/about/"' },
    ]);
  });
});

describe('the ranges of numeric settings', () => {
  it.each([
    ['postsPerPage', [1, 100], [0, 101, 2.5]],
    ['postsPerTagPage', [1, 1000], [0, 1001, 2.5]],
    ['archiveOnOnePage', [1, 100_000], [0, 100_001, 2.5]],
    ['tocMinHeadings', [1, 50], [0, 1.5]],
    ['blogroll.riverSize', [1, 50], [0, 51, 1.5]],
    ['blogroll.riverPerPeer', [1, 10], [0, 11, 1.5]],
    ['blogroll.concurrency', [1, 16], [0, 17, 1.5]],
    ['blogroll.timeoutMs', [100, 60_000], [99, 60_001, 100.5]],
    ['blogroll.maxBytes', [1024, 50_000_000], [1023, 1024.5]],
    ['blogroll.maxAgeMinutes', [0, 10_000], [-1, 0.5]],
    ['blogroll.silentDays', [1, 3650], [0, 1.5]],
    ['originality.rehashThreshold', [0, 1], [-0.01, 1.01]],
    ['originality.relatedThreshold', [0, 1], [-0.01, 1.01]],
    ['originality.passageThreshold', [0, 1], [-0.01, 1.01]],
    ['originality.reuseWeight', [0, 1], [-0.01, 1.01]],
    ['originality.minPassageWords', [5, 500], [4, 5.5]],
    ['originality.maxRelated', [0, 50], [-1, 51, 1.5]],
  ] as const)('%s accepts %j and refuses %j', (setting, accepted, refused) => {
    const [section, key] = setting.includes('.') ? setting.split('.') : [undefined, setting];
    for (const value of accepted) {
      const config = parseSiteConfig(withSetting(setting, value)) as unknown as Record<string, Record<string, unknown>>;
      expect(section ? config[section]![key!] : config[key!], `${setting} = ${value}`).toBe(value);
    }
    for (const value of refused)
      expect(
        problems(withSetting(setting, value)).map((p) => p.field),
        `${setting} = ${value}`,
      ).toEqual([setting]);
  });

  it('refuses a failOn other than none, rehash or passage', () => {
    expect(problems(withSetting('originality.failOn', 'always')).map((p) => p.field)).toEqual(['originality.failOn']);
    for (const failOn of ['none', 'rehash', 'passage']) expect(parseSiteConfig(withSetting('originality.failOn', failOn)).originality.failOn).toBe(failOn);
  });
});

describe('accepted forms', () => {
  it('links Archive, Tags, Blogroll, About and Follow in the header by default', () => {
    expect(parseSiteConfig(minimal).nav).toEqual([
      { label: 'Archive', href: '/archive/' },
      { label: 'Tags', href: '/tags/' },
      { label: 'Blogroll', href: '/blogroll/' },
      { label: 'About', href: '/about/' },
      { label: 'Follow', href: '/follow/' },
    ]);
  });

  it.each([
    ['base', '/'],
    ['base', '/my-blog'],
    ['base', '/my.blog/2026/'],
    ['lang', 'en'],
    ['lang', 'en-GB'],
    ['lang', 'zh-Hant-TW'],
    ['fediverseCreator', '@you@mastodon.social'],
    ['fediverseCreator', '@Some.One@Social.Example.COM'],
    ['url', 'http://localhost:4321'],
    ['giscus.repo', 'me.name/blog-comments_2'],
    ['giscus.host', 'https://giscus.example.com'],
  ])('%s = %j', (setting, value) => {
    expect(problems(withSetting(setting, value))).toEqual([]);
  });

  it('fills the comments defaults when a giscus section is given', () => {
    expect(parseSiteConfig({ ...minimal, giscus }).giscus).toEqual({
      ...giscus,
      reactions: true,
      inputPosition: 'top',
      lightTheme: 'light',
      darkTheme: 'dark',
      host: 'https://giscus.app',
    });
    expect(problems(withSetting('giscus.inputPosition', 'middle')).map((p) => p.field)).toEqual(['giscus.inputPosition']);
    for (const position of ['top', 'bottom']) expect(parseSiteConfig(withSetting('giscus.inputPosition', position)).giscus?.inputPosition).toBe(position);
    expect(problems(withSetting('giscus.lightTheme', '')).map((p) => p.field)).toEqual(['giscus.lightTheme']);
  });
});
