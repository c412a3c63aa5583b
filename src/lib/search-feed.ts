// Which built pages Pagefind reads, and in what order (src/integrations/pagefind.ts). Pagefind
// numbers pages in the order it is given them, and its index files carry those numbers: the
// same pages in another order make other bytes. A rebuild renders some post pages and copies
// the others from Astro's cache, so the order must not depend on which pages were rendered:
// it is the order Astro builds the pages in, which its list of pages fixes before it renders any.

/**
 * Whether a file of the built site (relative, `/`-separated) is one Pagefind reads: an `.html`
 * file under `posts/`, a post page, the only pages with `data-pagefind-body`.
 */
export function isPostPageFile(file: string): boolean {
  return file.startsWith('posts/') && file.endsWith('.html');
}

/**
 * A glob (Pagefind's syntax) that matches this one file: its special characters escaped. Any
 * other escape is an invalid glob, so a backslash cannot be matched (Astro's file names never
 * have one: it writes a page's path through `encodeURI`).
 */
export function literalGlob(file: string): string {
  return file.replace(/[?*$:<>()[\]{},]/g, '\\$&');
}

/**
 * The file Astro writes a path of a route of this type to, relative to the output folder, with
 * `build.format: 'directory'` (Astro's getOutFolder and getOutFile): an endpoint's path is its
 * file, a page's is a folder with an `index.html`.
 */
export function directoryPageFile(pathname: string, routeType: string): string {
  const path = encodeURI(pathname).replace(/^\/+/, '');
  if (routeType === 'endpoint') return path;
  if (path === '404' || path === '500') return `${path}.html`;
  return path === '' ? 'index.html' : `${path.replace(/\/+$/, '')}/index.html`;
}

/** A page's path as Astro's list names it, or as a request for it does (no base, no trailing slash). */
export function pageKey(pathname: string): string {
  return `/${pathname.replace(/^\/+|\/+$/g, '')}`;
}

/** The key of the page a prerender request is for, on a site under `base` (`/` or `/blog/`). */
export function requestKey(url: string, base: string): string {
  let pathname = new URL(url).pathname;
  try {
    pathname = decodeURI(pathname);
  } catch {
    // A malformed escape: the key then matches no page, which only delays that page's turn.
  }
  const root = base.replace(/\/+$/, '');
  if (root && (pathname === root || pathname.startsWith(`${root}/`))) pathname = pathname.slice(root.length);
  return pageKey(pathname);
}

/** A page in Astro's list: its path, and the file it is written to when that file is one Pagefind reads. */
export interface PlannedPage {
  pathname: string;
  searchFile?: string | undefined;
}

/**
 * Hands the post pages to `send` in the order Astro builds them, each once it is on disk. Astro
 * builds one page at a time, in its list's order, and writes (or copies from its cache) each
 * page before it starts the next: when it starts a page, every page before it in the list is
 * on disk. `reached` is told of each page Astro starts; `finish`, once Astro is done.
 */
export class BuildOrderFeed {
  readonly #send: (file: string) => void;
  /** Key of each page → how many of the searchable pages come before it. */
  readonly #before = new Map<string, number>();
  readonly #files: string[] = [];
  #sent = 0;

  constructor(send: (file: string) => void) {
    this.#send = send;
  }

  /** Astro's list of pages, in its order; a path listed twice is built once, the first time (as Astro does). */
  plan(pages: readonly PlannedPage[]): void {
    for (const page of pages) {
      const key = pageKey(page.pathname);
      if (this.#before.has(key)) continue;
      this.#before.set(key, this.#files.length);
      if (page.searchFile) this.#files.push(page.searchFile);
    }
  }

  /**
   * Astro starts the page of this key: the searchable pages before it are on disk. An unknown
   * key sends nothing. True once every searchable page has been sent.
   */
  reached(key: string): boolean {
    const before = this.#before.get(key);
    if (before !== undefined) this.#sendUpTo(before);
    return this.#sent === this.#files.length;
  }

  /** Every page is on disk: the rest are sent. */
  finish(): void {
    this.#sendUpTo(this.#files.length);
  }

  /** The searchable files planned, in order. */
  get files(): readonly string[] {
    return this.#files;
  }

  #sendUpTo(count: number): void {
    while (this.#sent < count) this.#send(this.#files[this.#sent++]!);
  }
}
