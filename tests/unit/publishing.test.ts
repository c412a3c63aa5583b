import { describe, expect, it } from 'vitest';
import { isPublished, postState } from '../../src/lib/content/publish.ts';

// The one rule that decides what a production build shows; "now" is injected, never read from
// the clock, so these hold in any time zone and on any day.
describe('a post’s publishing state', () => {
  const now = new Date('2026-06-01T00:00:00.000Z');
  const post = (pubDate: string, draft = false) => ({ draft, pubDate: new Date(pubDate) });

  it('is draft whenever `draft: true`, even when its date is long past or still to come', () => {
    expect(postState(post('2020-01-01', true), now)).toBe('draft');
    expect(postState(post('2099-01-01', true), now)).toBe('draft');
    expect(isPublished(post('2020-01-01', true), now)).toBe(false);
  });

  it('is scheduled while its date is in the future, down to the millisecond', () => {
    expect(postState(post('2026-06-01T00:00:00.001Z'), now)).toBe('scheduled');
    expect(postState(post('2026-06-02'), now)).toBe('scheduled');
    expect(isPublished(post('2026-06-01T00:00:00.001Z'), now)).toBe(false);
  });

  it('goes live on its date: published from the very moment of its pubDate', () => {
    expect(postState(post('2026-06-01'), now)).toBe('published');
    expect(isPublished(post('2026-06-01'), now)).toBe(true);
    expect(postState(post('2026-05-31T23:59:59.999Z'), now)).toBe('published');
  });

  it('uses the current time when no "now" is given', () => {
    expect(postState(post('2000-01-01'))).toBe('published');
    expect(postState(post('2999-01-01'))).toBe('scheduled');
    expect(isPublished(post('2000-01-01'))).toBe(true);
    expect(isPublished(post('2999-01-01'))).toBe(false);
  });
});
