import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseOpml, parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import {
  blogrollEntrySchema,
  listsSite,
  readOpmlSubscriptions,
  sourceBlogrollElement,
  SOURCE_NAMESPACE,
  toOpml,
  toRecommendationsJson,
  type Peer,
} from '../../../src/lib/blogroll/index.ts';

const peer = (id: string, data: Record<string, unknown>): Peer => ({
  id,
  data: blogrollEntrySchema.parse({ description: 'Writes things.', since: '2024-01-01', ...data }),
  note: '',
});

const peers = [
  peer('zed', {
    name: 'Zed & Co <Ltd>',
    url: 'https://zed.example/',
    feed: 'https://zed.example/feed.xml?a=1&b=2',
    description: 'Quotes "here" & <there>',
    tags: ['craft', 'tools'],
    since: '2025-03-04',
  }),
  peer('amy', { name: 'Amy', url: 'https://amy.example/' }),
];
const site = { title: 'Field Notes', url: 'https://me.example/', ownerName: 'Mara' };

describe('toOpml', () => {
  const xml = toOpml(peers, site, { discoveredFeeds: new Map() });

  it('is well-formed OPML 2.0 that a real OPML parser reads back', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parseOpml(xml);
    expect(doc.head).toMatchObject({ title: 'Field Notes: blogroll', ownerName: 'Mara', ownerId: 'https://me.example/' });
    const zed = doc.body?.outlines?.find((o) => o.htmlUrl === 'https://zed.example/');
    expect(zed).toMatchObject({
      text: 'Zed & Co <Ltd>',
      title: 'Zed & Co <Ltd>',
      type: 'rss',
      xmlUrl: 'https://zed.example/feed.xml?a=1&b=2',
      description: 'Quotes "here" & <there>',
      category: '/craft,/tools',
    });
    expect(xml).toMatch(/<opml version="2\.0">/);
  });

  it('writes a peer without a known feed as a link outline, or with the discovered feed', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const amy = [doc.opml.body.outline].flat().find((o: { text: string }) => o.text === 'Amy');
    expect(amy).toMatchObject({ type: 'link', url: 'https://amy.example/', htmlUrl: 'https://amy.example/' });
    expect(amy.xmlUrl).toBeUndefined();
    const withFeed = toOpml(peers, site, { discoveredFeeds: new Map([['https://amy.example/', 'https://amy.example/rss']]) });
    expect(readOpmlSubscriptions(withFeed).find((s) => s.title === 'Amy')?.xmlUrl).toBe('https://amy.example/rss');
  });

  it('is the same for the same peers (reproducible builds)', () => {
    expect(toOpml([...peers].reverse(), site)).toBe(toOpml(peers, site));
    expect(xml).toContain('<dateModified>Tue, 04 Mar 2025 00:00:00 GMT</dateModified>');
  });
});

describe('readOpmlSubscriptions', () => {
  const exported = `<?xml version="1.0"?><opml version="1.0"><head><title>Reader export</title></head><body>
    <outline text="Friends" title="Friends">
      <outline text="Alice" type="rss" xmlUrl="https://alice.example/feed" htmlUrl="https://alice.example/"/>
      <outline text="Evil" type="rss" xmlUrl="javascript:alert(1)" htmlUrl="data:text/html,x"/>
    </outline>
    <outline text="Bob&#x202E;" xmlurl="https://bob.example/atom.xml"/>
  </body></opml>`;

  it('flattens folders, keeps only http(s) URLs and plain text', () => {
    expect(readOpmlSubscriptions(exported)).toEqual([
      { title: 'Alice', xmlUrl: 'https://alice.example/feed', htmlUrl: 'https://alice.example/', folders: ['Friends'] },
      { title: 'Bob', xmlUrl: 'https://bob.example/atom.xml', folders: [] },
    ]);
  });

  it('finds a site in a blogroll by home page or by a feed under it', () => {
    const subs = readOpmlSubscriptions(exported);
    expect(listsSite(subs, 'http://www.alice.example')).toBe(true);
    expect(listsSite(subs, 'https://bob.example/')).toBe(true);
    expect(listsSite(subs, 'https://carol.example/')).toBe(false);
  });

  it('refuses what is not OPML', () => {
    expect(() => readOpmlSubscriptions('<html><body>hi</body></html>')).toThrow(/not a readable OPML/);
  });
});

describe('toRecommendationsJson', () => {
  it("has Ghost's shape: url, created_at, updated_at; newest first", () => {
    const data = JSON.parse(toRecommendationsJson(peers));
    expect(data).toEqual([
      { url: 'https://zed.example/', created_at: '2025-03-04T00:00:00.000Z', updated_at: '2025-03-04T00:00:00.000Z' },
      { url: 'https://amy.example/', created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z' },
    ]);
  });
});

describe('sourceBlogrollElement', () => {
  it('escapes the URL, so the channel stays well-formed XML, and reads back as <source:blogroll>', () => {
    const url = 'https://me.example/.well-known/recommendations.opml?x=1&y=2&z=<3>';
    const element = sourceBlogrollElement(url);
    // feedsmith reads a raw `&` back without complaint: a strict XML parser is the judge.
    expect(element).toBe('<source:blogroll>https://me.example/.well-known/recommendations.opml?x=1&amp;y=2&amp;z=&lt;3&gt;</source:blogroll>');
    const rssXml = `<?xml version="1.0"?><rss version="2.0" xmlns:source="${SOURCE_NAMESPACE}"><channel><title>Me</title><link>https://me.example/</link><description>d</description>${element}</channel></rss>`;
    expect(XMLValidator.validate(rssXml)).toBe(true);
    expect(parseRssFeed(rssXml).sourceNs?.blogroll).toBe(url);
  });
});

describe('toOpml with no peers yet', () => {
  it('is still a valid OPML 2.0 document that lists no feed', () => {
    const xml = toOpml([], site);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parseOpml(xml).head?.title).toBe('Field Notes: blogroll');
    expect(readOpmlSubscriptions(xml)).toEqual([]);
  });
});
