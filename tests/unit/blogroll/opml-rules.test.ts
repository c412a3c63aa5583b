import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { OpmlParseError } from '../../../src/lib/blogroll/opml.ts';
import { blogrollEntrySchema, listsSite, readOpmlSubscriptions, toOpml, type Peer } from '../../../src/lib/blogroll/index.ts';

// The rules of reading and writing OPML, one at a time (formats.test.ts has the round trips).
const opml = (body: string, head = '<head><title>t</title></head>') => `<?xml version="1.0"?><opml version="2.0">${head}<body>${body}</body></opml>`;
const nested = (levels: number, leaf: string): string => (levels === 0 ? leaf : `<outline text="F${levels}">${nested(levels - 1, leaf)}</outline>`);

describe('readOpmlSubscriptions', () => {
  it('returns exactly the fields an outline has: no empty xmlUrl, htmlUrl or description', () => {
    const subs = readOpmlSubscriptions(
      opml(`<outline text="Feed only" xmlUrl="https://a.example/feed"/>
        <outline text="Site only" htmlUrl="https://b.example/"/>
        <outline text="Described" xmlUrl="https://c.example/feed" description="  Writes   about birds. "/>`),
    );
    expect(subs).toStrictEqual([
      { title: 'Feed only', xmlUrl: 'https://a.example/feed', folders: [] },
      { title: 'Site only', htmlUrl: 'https://b.example/', folders: [] },
      { title: 'Described', xmlUrl: 'https://c.example/feed', description: 'Writes about birds.', folders: [] },
    ]);
  });

  it('names an untitled outline after its host, from its site or else its feed', () => {
    const subs = readOpmlSubscriptions(opml('<outline htmlUrl="https://b.example/home"/><outline xmlUrl="https://c.example/rss"/>'));
    expect(subs.map((s) => s.title)).toEqual(['b.example', 'c.example']);
  });

  it('takes a site link from `url` when there is no htmlUrl, and treats a folder with a site link as a folder', () => {
    const subs = readOpmlSubscriptions(
      opml(`<outline type="link" text="Linked" url="https://d.example/"/>
        <outline text="Folder" htmlUrl="https://e.example/"><outline text="Inside" xmlUrl="https://f.example/feed"/></outline>`),
    );
    expect(subs).toStrictEqual([
      { title: 'Linked', htmlUrl: 'https://d.example/', folders: [] },
      { title: 'Inside', xmlUrl: 'https://f.example/feed', folders: ['Folder'] },
    ]);
  });

  it('reads folders 20 deep and stops below that (a hostile file cannot nest forever)', () => {
    const at = (depth: number) => readOpmlSubscriptions(opml(nested(depth, '<outline text="Deep" xmlUrl="https://deep.example/feed"/>')));
    expect(at(20).map((s) => s.folders.length)).toEqual([20]);
    expect(at(21)).toEqual([]);
  });

  it('reads a file with leading white space, and a body without outlines as no subscriptions', () => {
    expect(readOpmlSubscriptions(`\n\n  ${opml('<outline text="A" xmlUrl="https://a.example/feed"/>')}`)).toHaveLength(1);
    expect(readOpmlSubscriptions('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head></opml>')).toEqual([]);
  });

  it('throws an OpmlParseError, named so, for what is not OPML', () => {
    let caught: unknown;
    try {
      readOpmlSubscriptions('<rss version="2.0"><channel></channel></rss>');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OpmlParseError);
    expect((caught as Error).name).toBe('OpmlParseError');
  });
});

describe('listsSite', () => {
  it('matches a home page, or a feed on the site or below it, and nothing else', () => {
    expect(listsSite([{ htmlUrl: 'https://me.example/' }], 'https://me.example')).toBe(true);
    expect(listsSite([{ xmlUrl: 'https://me.example/' }], 'https://me.example/')).toBe(true);
    expect(listsSite([{ xmlUrl: 'https://me.example/blog/feed.xml' }], 'https://me.example/blog/')).toBe(true);
    expect(listsSite([{ htmlUrl: 'https://other.example/', xmlUrl: 'https://me.example/rss' }], 'https://me.example/')).toBe(true);
    expect(listsSite([{ htmlUrl: 'https://me.example.evil/' }], 'https://me.example/')).toBe(false);
    expect(listsSite([{ xmlUrl: 'https://me.example.evil/feed' }], 'https://me.example/')).toBe(false);
    expect(listsSite([{ xmlUrl: 'https://me.exampleblog/feed' }], 'https://me.example/')).toBe(false);
    expect(listsSite([{ htmlUrl: 'https://other.example/' }], 'https://me.example/')).toBe(false);
    expect(listsSite([{}], 'https://me.example/')).toBe(false);
    expect(listsSite([], 'https://me.example/')).toBe(false);
  });
});

describe('toOpml', () => {
  const peer = (data: Record<string, unknown>): Peer => ({
    id: 'p',
    data: blogrollEntrySchema.parse({ description: 'd', since: '2024-01-01', ...data }),
    note: '',
  });
  const outlines = (xml: string) => [new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).opml.body.outline].flat();

  it('writes categories only for a peer with tags', () => {
    const [tagged, untagged] = outlines(
      toOpml([peer({ name: 'A', url: 'https://a.example/', tags: ['x'] }), peer({ name: 'B', url: 'https://b.example/' })], {
        title: 'T',
        url: 'https://me.example/',
        ownerName: 'Me',
      }),
    );
    expect(tagged.category).toBe('/x');
    expect(untagged).not.toHaveProperty('category');
  });

  it('dates the file by the newest `since`, or by the given date', () => {
    const peers = [peer({ name: 'A', url: 'https://a.example/', since: '2024-05-01' }), peer({ name: 'B', url: 'https://b.example/', since: '2025-02-03' })];
    const site = { title: 'T', url: 'https://me.example/', ownerName: 'Me' };
    expect(toOpml(peers, site)).toContain('<dateModified>Mon, 03 Feb 2025 00:00:00 GMT</dateModified>');
    expect(toOpml(peers, site, { modified: new Date('2026-01-01T00:00:00Z') })).toContain('<dateModified>Thu, 01 Jan 2026 00:00:00 GMT</dateModified>');
  });
});
