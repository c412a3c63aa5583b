import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blogrollEntrySchema, readOpmlSubscriptions, toOpml, type Peer } from '../../../src/lib/blogroll/index.ts';
import { cleanText } from '../../../src/lib/blogroll/text.ts';

/** Export then import gives back every peer: name, site, feed and description (issue 11, point 4). */

const word = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .map((s) => cleanText(s))
  .filter((s) => s.length > 0);
const text = (max: number) =>
  fc
    .array(word, { minLength: 1, maxLength: 8 })
    .map((words) => words.join(' ').slice(0, max))
    .filter((s) => cleanText(s) === s && s.length > 0);
const httpUrl = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: false });

const peerArb = fc.record({
  name: text(100),
  url: httpUrl,
  feed: fc.option(httpUrl, { nil: undefined }),
  description: text(250),
});

describe('OPML round trip', () => {
  it('readOpmlSubscriptions(toOpml(peers)) lists every peer as it was', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.uniqueArray(peerArb, { maxLength: 8, selector: (p) => new URL(p.url).href }), (raw) => {
        const peers: Peer[] = [];
        for (const [i, p] of raw.entries()) {
          const parsed = blogrollEntrySchema.safeParse({ ...p, since: '2024-01-01', ...(p.feed ? {} : { feed: undefined }) });
          if (parsed.success) peers.push({ id: `p${i}`, data: parsed.data, note: '' });
        }
        const xml = toOpml(peers, { title: 'Me', url: 'https://me.example/', ownerName: 'Me' });
        const subs = readOpmlSubscriptions(xml).filter((s) => s.xmlUrl || s.htmlUrl);
        expect(subs).toHaveLength(peers.length);
        for (const peer of peers) {
          const sub = subs.find((s) => s.htmlUrl === new URL(peer.data.url).href);
          expect(sub, peer.data.url).toBeDefined();
          expect(sub!.title).toBe(peer.data.name);
          expect(sub!.description).toBe(peer.data.description);
          expect(sub!.xmlUrl).toBe(peer.data.feed ? new URL(peer.data.feed).href : undefined);
          checked++;
        }
      }),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThan(200); // the generator yields valid peers, not only rejects
  });
});
