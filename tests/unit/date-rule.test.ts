import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/lib/dates.ts';
import { postFields } from '../../src/lib/content/schema.ts';
import { readMeta } from '../../src/lib/originality/document.ts';

// One date rule for the schema, `npm run check`, the originality engine and the build:
// YYYY-MM-DD, a day that exists on the calendar.
const schema = postFields;
const post = (pubDate: unknown) => ({ title: 'T', description: 'D.', pubDate });

describe('the date rule', () => {
  it('accepts real calendar days written YYYY-MM-DD', () => {
    expect(parseDay('2026-03-14')).toEqual(new Date('2026-03-14T00:00:00Z'));
    expect(parseDay('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(parseDay('2026-03-14T09:30:00Z')).toEqual(new Date('2026-03-14T00:00:00Z'));
    // A time as other engines write it: Jekyll's new posts, YAML's own example, Hugo's.
    for (const text of ['2015-11-17 16:16:01 -0600', '2001-12-14 21:59:43.10 -5', '2019-03-01T10:00:00+01:00', '2019-03-01 9:05']) {
      expect(parseDay(text), text).toEqual(new Date(`${text.slice(0, 10)}T00:00:00Z`));
    }
  });

  it.each(['2026-14-02', '02/12/2026', '2026-02-30', '2025-02-29', '2026-3-14', 'someday', '', '20260314', '2026-03-14 noon', '2026-03-14T25'])(
    'rejects %j',
    (text) => {
      expect(parseDay(text)).toBeNull();
      const result = schema.safeParse(post(text));
      expect(result.success).toBe(false);
      if (!result.success) {
        expect(result.error.issues[0]?.path).toEqual(['pubDate']);
        expect(result.error.issues[0]?.message).toMatch(/YYYY-MM-DD/);
      }
      expect(() => readMeta({ pubDate: text }, 'x')).toThrow(/YYYY-MM-DD/);
    },
  );

  it('the schema and the engine agree on a good date', () => {
    expect(schema.parse(post('2026-02-12')).pubDate).toEqual(new Date('2026-02-12T00:00:00Z'));
    expect(readMeta({ pubDate: '2026-02-12' }, 'x').date).toBe('2026-02-12');
  });
});
