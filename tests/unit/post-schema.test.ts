import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postFields, postSchema } from '../../src/lib/content/schema.ts';

// The fields, the cover image as written: what the content check parses.
const schema = postFields;
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

  it('keeps the label the writer wrote, one per slug (the slug is only for URLs)', () => {
    const post = schema.parse({ ...valid, tags: ['Writing Life', 'writing-life', 'IndieWeb', 'slow_web', ' C++ & Rust '] });
    expect(post.tags).toEqual(['Writing Life', 'IndieWeb', 'slow_web', 'C++ & Rust']);
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

describe('response posts (replies, likes, bookmarks)', () => {
  it('a reply may be a note: no title or description, and gets a title from what it answers', () => {
    const note = schema.parse({ pubDate: '2026-11-30', inReplyTo: 'https://www.alice.example/2026/on-notes/' });
    expect(note).toMatchObject({ title: 'Reply to alice.example/2026/on-notes', description: 'Reply to alice.example/2026/on-notes', note: true });
    expect(schema.parse({ pubDate: '2026-11-30', likeOf: 'https://bob.example/' }).title).toBe('Liked bob.example');
    expect(schema.parse({ pubDate: '2026-11-30', bookmarkOf: 'https://c.example/x' }).title).toBe('Bookmarked c.example/x');
  });

  it('a titled reply keeps its title and is no note', () => {
    const post = schema.parse({ ...valid, inReplyTo: 'https://alice.example/p' });
    expect(post).toMatchObject({ title: 'A Post', note: false, inReplyTo: 'https://alice.example/p' });
  });

  it('refuses a response URL that is not http(s), naming the field', () => {
    expect(fieldsOf({ pubDate: '2026-11-30', inReplyTo: 'javascript:alert(1)' })).toContain('inReplyTo');
    expect(fieldsOf({ ...valid, likeOf: 'not a url' })).toEqual(['likeOf']);
  });
});

describe('the schema Astro builds for each post', () => {
  // Astro's image() helper resolves the path against the post's folder; a stand-in that counts its calls.
  function helper() {
    const calls: string[] = [];
    const image = () =>
      z.string().transform(async (path, ctx) => {
        calls.push(path);
        if (path.includes('gone')) {
          ctx.addIssue({ code: 'custom', message: `Image ${path} does not exist.` });
          return z.NEVER;
        }
        return { src: `/_astro/${path.slice(2)}`, width: 800 };
      });
    return { image, calls };
  }

  it('is the same fields: a post without a cover never meets the helper', async () => {
    const { image, calls } = helper();
    const post = await postSchema(image).parseAsync({ ...valid, tags: ['IndieWeb'] });
    expect(post).toEqual(await postFields.parseAsync({ ...valid, tags: ['IndieWeb'] }));
    expect(post).not.toHaveProperty('image');
    expect(calls).toEqual([]);
  });

  it('hands the cover to the helper and keeps what it made of it', async () => {
    const { image, calls } = helper();
    const post = await postSchema(image).parseAsync({ ...valid, image: './cover.jpg', imageAlt: 'A desk' });
    expect(post.image).toEqual({ src: '/_astro/cover.jpg', width: 800 });
    expect(post.imageAlt).toBe('A desk');
    expect(calls).toEqual(['./cover.jpg']);
  });

  it("reports the helper's problem under image", async () => {
    const { image } = helper();
    const result = await postSchema(image).safeParseAsync({ ...valid, image: './gone.jpg', imageAlt: 'A desk' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['image', 'Image ./gone.jpg does not exist.']]);
  });

  it('reports the fields first, without asking the helper', async () => {
    const { image, calls } = helper();
    const result = await postSchema(image).safeParseAsync({ pubDate: '2024-03-14', image: './cover.jpg' });
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['description', 'imageAlt', 'title']);
    expect(calls).toEqual([]);
  });
});
