import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../src/lib/config/load.ts';
import { closestKey } from '../../src/lib/config/suggest.ts';

const valid = { title: 'T', description: 'D', url: 'https://me.example', author: { name: 'Me' } };

function problemsOf(raw: unknown): string {
  try {
    parseSiteConfig(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('a misspelt setting', () => {
  it('gets "did you mean …?"', () => {
    expect(problemsOf({ ...valid, postPerPage: 5 })).toContain('unknown setting "postPerPage": did you mean "postsPerPage"?');
    expect(problemsOf({ ...valid, titel: 'x' })).toContain('did you mean "title"?');
    expect(problemsOf({ ...valid, author: { name: 'Me', avatr: '/a.svg' } })).toContain('author: unknown setting "avatr": did you mean "avatar"?');
    expect(problemsOf({ ...valid, blogroll: { rivr: false } })).toContain('did you mean "river"?');
  });

  it('says "check the spelling or remove it" when nothing is close', () => {
    expect(problemsOf({ ...valid, zzzzzzzz: 1 })).toContain('unknown setting "zzzzzzzz": check the spelling or remove it');
  });

  it('has no stack trace to print: the message is the whole story', () => {
    try {
      parseSiteConfig({ ...valid, titel: 'x' });
    } catch (error) {
      expect((error as Error).stack ?? '').not.toMatch(/\bat /);
    }
  });

  it('suggests the known key nearest a misspelt one (case and a missing s), and none when nothing is near', () => {
    expect(closestKey('pubdate', ['title', 'pubDate', 'updatedDate'])).toBe('pubDate');
    expect(closestKey('tag', ['title', 'tags'])).toBe('tags');
    expect(closestKey('foo', ['title', 'tags'])).toBeUndefined();
  });
});
