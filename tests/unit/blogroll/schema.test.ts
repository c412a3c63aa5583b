import { describe, expect, it } from 'vitest';
import { entryFileText, parseEntryFile } from '../../../src/lib/blogroll/entries.ts';
import { blogrollEntrySchema, findDuplicatePeers, type Peer } from '../../../src/lib/blogroll/index.ts';

const valid = {
  name: 'Alice Example',
  url: 'https://alice.example/',
  feed: 'https://alice.example/feed.xml',
  description: 'Notes on birds.',
  tags: ['Nature Writing', 'birds'],
  since: '2024-05-01',
  rel: 'Friend  met friend',
};

const peer = (id: string, url: string): Peer => ({
  id,
  file: `content/blogroll/${id}.md`,
  data: blogrollEntrySchema.parse({ ...valid, url }),
  note: '',
});

describe('blogrollEntrySchema', () => {
  it('accepts a full entry and normalises tags, date and rel', () => {
    const data = blogrollEntrySchema.parse(valid);
    expect(data.tags).toEqual(['nature-writing', 'birds']);
    expect(data.since).toEqual(new Date('2024-05-01'));
    expect(data.rel).toBe('friend met');
  });

  it('makes feed, avatar and rel optional and tags default to none', () => {
    const data = blogrollEntrySchema.parse({ name: 'B', url: 'http://b.example', description: 'd', since: '2020-01-01' });
    expect(data.tags).toEqual([]);
    expect(data.feed).toBeUndefined();
  });

  it.each([
    [{ url: 'javascript:alert(1)' }, /url must be a full http\(s\) URL/],
    [{ feed: 'data:text/xml,<rss/>' }, /feed must be a full http\(s\) URL/],
    [{ rel: 'friend stalker' }, /"stalker", not an XFN word/],
    [{ rel: 'me' }, /"me", not an XFN word/],
    [{ since: 'last spring' }, /since must be a date/],
    [{ description: '   ' }, /description is required/],
    [{ avatar: 'javascript:alert(1)' }, /avatar must be a path/],
    [{ feeed: 'https://alice.example/feed' }, /feeed/],
  ])('rejects %o with a clear message', (change, message) => {
    const result = blogrollEntrySchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('requires name, url, description and since', () => {
    const result = blogrollEntrySchema.safeParse({});
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['description', 'name', 'since', 'url']);
  });
});

describe('findDuplicatePeers', () => {
  it('names both files when two entries point at the same site', () => {
    const error = findDuplicatePeers([
      peer('alice', 'https://alice.example/'),
      peer('bob', 'https://bob.example/'),
      peer('alice-again', 'http://www.Alice.example'),
    ]);
    expect(error?.message).toContain('content/blogroll/alice.md and content/blogroll/alice-again.md');
    expect(error?.duplicates).toHaveLength(1);
  });

  it('tells different paths on one host apart and passes distinct sites', () => {
    expect(findDuplicatePeers([peer('a', 'https://host.example/~a/'), peer('b', 'https://host.example/~b/')])).toBeUndefined();
  });
});

describe('entry files', () => {
  it('round-trips what the CLI writes through the schema', () => {
    const text = entryFileText(
      { name: 'Zoë: "the" <one>', url: 'https://z.example/', description: 'Colons: and # hashes', tags: ['A b'], since: new Date('2025-02-03') },
      'Why I read her.',
    );
    expect(text).toContain('tags: [a-b]');
    expect(text).toContain('since: 2025-02-03');
    const parsed = parseEntryFile(text, 'z.md');
    expect(parsed.data.name).toBe('Zoë: "the" <one>');
    expect(parsed.data.description).toBe('Colons: and # hashes');
    expect(parsed.note).toBe('Why I read her.');
    expect(parsed.id).toBe('z');
  });

  it('names the file and the field in errors', () => {
    expect(() => parseEntryFile('---\nname: X\nurl: nope\n---\n', 'content/blogroll/x.md')).toThrow(
      /content\/blogroll\/x\.md has 3 problems[\s\S]*url: url must be a full http\(s\) URL/,
    );
    expect(() => parseEntryFile('---\nname: [unclosed\n---\n', 'x.md')).toThrow(/x\.md[\s\S]*not valid YAML/);
  });
});
