import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postSchema } from '../../src/lib/content/schema.ts';

// Astro passes its image() helper; a string stands in for it here.
const schema = postSchema(z.string());
const valid = { title: 'A Post', description: 'One sentence.', pubDate: '2024-03-14' };

function fieldsOf(raw: unknown): string[] {
  const result = schema.safeParse(raw);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('post frontmatter', () => {
  it('parses a minimal post with defaults', () => {
    const post = schema.parse(valid);
    expect(post.pubDate).toEqual(new Date('2024-03-14'));
    expect(post.draft).toBe(false);
    expect(post.tags).toEqual([]);
    expect(post.comments).toBe(true);
  });

  it('normalises tags to lower-case kebab-case without duplicates', () => {
    const post = schema.parse({ ...valid, tags: ['Writing Life', 'writing-life', 'IndieWeb', 'slow_web'] });
    expect(post.tags).toEqual(['writing-life', 'indieweb', 'slow-web']);
  });

  it('accepts a description of up to 300 characters, after trimming, and names the limit beyond', () => {
    expect(schema.parse({ ...valid, description: 'd'.repeat(300) }).description).toHaveLength(300);
    expect(schema.parse({ ...valid, description: `  ${'d'.repeat(300)}  ` }).description).toHaveLength(300);
    const result = schema.safeParse({ ...valid, description: 'd'.repeat(301) });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['description', expect.stringMatching(/300 characters/)]]);
  });

  it('requires title, description and pubDate', () => {
    expect(fieldsOf({}).sort()).toEqual(['description', 'pubDate', 'title']);
  });

  it('rejects a date that is not a date, naming the field', () => {
    const result = schema.safeParse({ ...valid, pubDate: 'someday' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues[0]?.path).toEqual(['pubDate']);
      expect(result.error.issues[0]?.message).toContain('YYYY-MM-DD');
    }
  });

  it('requires imageAlt when a cover image is set', () => {
    expect(fieldsOf({ ...valid, image: './cover.jpg' })).toEqual(['imageAlt']);
    expect(schema.safeParse({ ...valid, image: './cover.jpg', imageAlt: 'A desk' }).success).toBe(true);
  });

  it('rejects an updatedDate before pubDate', () => {
    expect(fieldsOf({ ...valid, updatedDate: '2020-01-01' })).toEqual(['updatedDate']);
  });

  it('accepts only http(s) canonical URLs', () => {
    expect(fieldsOf({ ...valid, canonicalUrl: 'javascript:alert(1)' })).toEqual(['canonicalUrl']);
    expect(schema.parse({ ...valid, canonicalUrl: 'https://medium.com/@me/x' }).canonicalUrl).toBe('https://medium.com/@me/x');
  });

  it('rejects a non-boolean draft flag', () => {
    expect(fieldsOf({ ...valid, draft: 'yes' })).toEqual(['draft']);
  });
});
