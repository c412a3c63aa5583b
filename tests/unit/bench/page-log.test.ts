import { describe, expect, it } from 'vitest';
import { loggedPages, renderedPages, renderTimesIn, reusedPages } from '../../../scripts/lib/page-log.ts';

// Astro's pages phase as it logs it: with one page at a time, and with four (build.concurrency),
// where other pages' names come between a rendered page's name and its render time.
const oneAtATime = [
  ' generating static routes ',
  '12:00:01   ├─ /posts/a/index.html (+12ms) ',
  '12:00:01   ├─ /posts/b/index.html (restored)',
  '12:00:01   ├─ /rss.xml (+1.20s) ',
  '12:00:02   ├─ /posts/c/index.html (cached)',
  '12:00:02 ✓ Completed in 1.31s.',
].join('\n');
const fourAtATime = [
  ' generating static routes ',
  '12:00:01   ├─ /posts/a/index.html12:00:01   ├─ /posts/b/index.html (restored)',
  '12:00:01   ├─ /posts/2023-02-12-notes/index.html12:00:01   ├─ /page/12/index.html12:00:01   ├─ /rss.xml (+3ms) ',
  '12:00:01   ├─ /posts/c/index.html (cached)',
  '12:00:01   ├─ /tags/x/index.html (+4ms) ',
  ' (+2ms) ',
  ' (+1.05s) ',
  ' (+5ms) ',
  '12:00:02 ✓ Completed in 1.31s.',
].join('\n');

describe('the pages of a build log', () => {
  it('names each page and whether it was rendered or copied, one page at a time', () => {
    expect(loggedPages(oneAtATime)).toEqual([
      { file: '/posts/a/index.html', reused: false },
      { file: '/posts/b/index.html', reused: true },
      { file: '/rss.xml', reused: false },
      { file: '/posts/c/index.html', reused: true },
    ]);
    expect(renderTimesIn(oneAtATime)).toBe(2);
  });

  it('names each page and whether it was rendered or copied when their lines interleave', () => {
    expect(loggedPages(fourAtATime)).toEqual([
      { file: '/posts/a/index.html', reused: false },
      { file: '/posts/b/index.html', reused: true },
      { file: '/posts/2023-02-12-notes/index.html', reused: false },
      { file: '/page/12/index.html', reused: false },
      { file: '/rss.xml', reused: false },
      { file: '/posts/c/index.html', reused: true },
      { file: '/tags/x/index.html', reused: false },
    ]);
    expect(renderedPages(fourAtATime)).toEqual(
      new Set(['/posts/a/index.html', '/posts/2023-02-12-notes/index.html', '/page/12/index.html', '/rss.xml', '/tags/x/index.html']),
    );
    expect(reusedPages(fourAtATime)).toEqual(new Set(['/posts/b/index.html', '/posts/c/index.html']));
    // Every rendered page's time is there, though not next to its name.
    expect(renderTimesIn(fourAtATime)).toBe(5);
  });
});
