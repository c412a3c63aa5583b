// The pages Astro's build log names, read so that it holds with `build.concurrency` > 1 (the
// benchmark and the incremental build tests read it).
//
// Astro logs a page in two writes: `<time>   ├─ /posts/a/index.html`, then, once the page is
// written, ` (+3ms)` and the line's end. A page taken from the last build gets both writes at
// once: `├─ /posts/a/index.html (restored)` (or `(cached)` when dist/ still had it). With several
// pages rendering at a time, other pages' names come between a rendered page's name and its
// time: `12:00:01   ├─ /posts/a/index.html12:00:01   ├─ /posts/b/index.html (+3ms)`. So a
// page's name says whether it was rendered or copied (a copy's mark follows its name at once),
// but a render time cannot be matched to its page.

export interface LoggedPage {
  /** The file as Astro names it, from the output folder: `/posts/a/index.html`, `/rss.xml`. */
  file: string;
  /** Taken from the last build (`restored`: copied from Astro's cache; `cached`: left in the kept output folder), not rendered. */
  reused: boolean;
}

// A page's file ends where its copy mark, its render time, a space or the next log line's time
// (`12:00:01`) begins.
const PAGE = /├─ (\/\S*?)(?=\s|\d\d?[:.]\d\d[:.]\d\d|$)( \((?:restored|cached)\))?/g;
const RENDER_TIME = / \(\+[\d.]+m?s\)/g;

/** Every page the text names, in the order Astro started them. */
export function loggedPages(text: string): LoggedPage[] {
  return [...text.matchAll(PAGE)].map((m) => ({ file: m[1]!, reused: m[2] !== undefined }));
}

/** How many rendered pages the text ends (their ` (+12ms)` or ` (+1.20s)`). */
export function renderTimesIn(text: string): number {
  return text.match(RENDER_TIME)?.length ?? 0;
}

/** The pages of a build log that were rendered, not taken from the last build. */
export const renderedPages = (text: string): Set<string> => pagesWhere(text, false);

/** The pages of a build log that were taken from the last build (copied back or left in place). */
export const reusedPages = (text: string): Set<string> => pagesWhere(text, true);

const pagesWhere = (text: string, reused: boolean) => new Set(loggedPages(text).flatMap((p) => (p.reused === reused ? [p.file] : [])));
