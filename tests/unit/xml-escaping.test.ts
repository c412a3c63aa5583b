import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../src/lib/feed/xml.ts';

describe('escapeXml', () => {
  it('escapes each of the five XML special characters, ampersands first', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    // `&` first: an entity written by a later step is not escaped a second time.
    expect(escapeXml('<&>')).toBe('&lt;&amp;&gt;');
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('leaves text without special characters as it is', () => {
    expect(escapeXml('https://me.example/rss.xml')).toBe('https://me.example/rss.xml');
    expect(escapeXml('')).toBe('');
  });

  it('makes any text safe as an element text and a double- or single-quoted attribute', () => {
    const hostile = `"'><script>alert(1)</script>&x;&#0;`;
    const doc = `<r a="${escapeXml(hostile)}" b='${escapeXml(hostile)}'>${escapeXml(hostile)}</r>`;
    expect(XMLValidator.validate(doc)).toBe(true);
    expect(doc).not.toContain('<script>');
  });
});
