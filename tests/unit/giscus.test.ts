import { describe, expect, it } from 'vitest';
import { giscusConfigSchema } from '../../src/lib/config/schema.ts';
import { commentsMode, giscusAttributes, giscusFrameOrigin, giscusLang, giscusTheme } from '../../src/lib/giscus.ts';

const giscus = giscusConfigSchema.parse({
  repo: 'ada/blog-comments',
  repoId: 'R_kgDOabc',
  category: 'Announcements',
  categoryId: 'DIC_kwDOabc',
});

describe('giscus widget attributes', () => {
  it('name a post’s discussion by its id, strictly, with the configured repository and category', () => {
    expect(giscusAttributes(giscus, { id: 'notes/first-light', siteLang: 'en' })).toEqual({
      host: 'https://giscus.app',
      repo: 'ada/blog-comments',
      repoid: 'R_kgDOabc',
      category: 'Announcements',
      categoryid: 'DIC_kwDOabc',
      mapping: 'specific',
      term: 'notes/first-light',
      strict: '1',
      reactionsenabled: '1',
      emitmetadata: '0',
      inputposition: 'top',
      theme: 'light',
      lang: 'en',
      loading: 'lazy',
    });
  });

  it('carry reactions, input position, language, themes and a self-hosted origin from the configuration', () => {
    const custom = giscusConfigSchema.parse({
      ...giscus,
      reactions: false,
      inputPosition: 'bottom',
      lang: 'zh-tw',
      lightTheme: 'noborder_light',
      darkTheme: 'dark_dimmed',
      host: 'https://comments.example.org/giscus/',
    });
    const attributes = giscusAttributes(custom, { id: 'p', siteLang: 'en', theme: 'dark' });
    expect(attributes).toMatchObject({
      reactionsenabled: '0',
      inputposition: 'bottom',
      lang: 'zh-TW',
      theme: 'dark_dimmed',
      host: 'https://comments.example.org',
    });
    expect(giscusFrameOrigin(custom)).toBe('https://comments.example.org');
    expect(giscusFrameOrigin(undefined)).toBeUndefined();
  });

  it('follow the site theme', () => {
    expect(giscusTheme(giscus, 'light')).toBe('light');
    expect(giscusTheme(giscus, 'dark')).toBe('dark');
  });
});

describe('giscus language', () => {
  it('uses a language giscus ships, falling back from region to language to English', () => {
    expect(giscusLang('en-GB')).toBe('en');
    expect(giscusLang('de')).toBe('de');
    expect(giscusLang('pt-BR')).toBe('pt');
    expect(giscusLang('zh-HK')).toBe('zh-HK');
    expect(giscusLang('cy')).toBe('en');
    expect(giscusLang('en', 'fr')).toBe('fr');
    expect(giscusLang('fr', 'klingon')).toBe('fr');
  });
});

describe('comments on a post', () => {
  const base = { giscus, postAllowsComments: true, published: true, devPreview: false };
  it('show giscus on a published post when it is configured', () => {
    expect(commentsMode(base)).toBe('giscus');
  });
  it('are off when the post says `comments: false`, even in the preview', () => {
    expect(commentsMode({ ...base, postAllowsComments: false })).toBe('off');
    expect(commentsMode({ ...base, giscus: undefined, postAllowsComments: false, devPreview: true })).toBe('off');
  });
  it('are absent without configuration, and the dev preview says how to set them up', () => {
    expect(commentsMode({ ...base, giscus: undefined })).toBe('off');
    expect(commentsMode({ ...base, giscus: undefined, devPreview: true })).toBe('setup-hint');
  });
  it('never open a thread for a draft or scheduled post', () => {
    expect(commentsMode({ ...base, published: false, devPreview: true })).toBe('off');
  });
});

describe('giscus configuration', () => {
  it('rejects a host that is not an http(s) URL', () => {
    expect(giscusConfigSchema.safeParse({ ...giscus, host: 'giscus.app' }).success).toBe(false);
  });
});
