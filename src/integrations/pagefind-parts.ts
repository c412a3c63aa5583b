import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { searchPartCount, searchPartOf } from '../lib/search.ts';

/**
 * Where a post page's text for search ends: its footer (related posts, responses, comments)
 * changes with other posts and with readers, and Pagefind ignores all of it
 * (`data-pagefind-ignore="all"`, src/pages/posts/[...id].astro). Nothing after it on the page is
 * read either (the neighbours' links and the site's footer are outside `data-pagefind-body`).
 */
export const SEARCH_TEXT_END = '<footer class="post-footer" data-pagefind-ignore="all"';

/** One part of the search index: its post pages (paths from the site's root) and the key of all Pagefind reads of them. */
export interface SearchPart {
  n: number;
  /** The pages Pagefind indexes (those with `data-pagefind-body`), in path order. */
  pages: string[];
  key: string;
}

/** Files under `dir`, relative to it, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The built site's post pages (every HTML file under `posts/`), as paths from the site's root, sorted. */
export async function postPageFiles(site: string): Promise<string[]> {
  const files = await filesUnder(path.join(site, 'posts'));
  return files.filter((file) => file.endsWith('.html')).map((file) => `posts/${file.split(path.sep).join('/')}`);
}

/**
 * The post pages `files` (postPageFiles) in parts of about `partSize` (one part without it;
 * src/lib/search.ts), each with a key: `settings` (Pagefind's version and options), the part's
 * place, and each page's path and bytes up to `SEARCH_TEXT_END` (the whole page where it has
 * none). An equal key means Pagefind would write the same part. Pages are read synchronously
 * into one growing buffer, not a buffer each (120 MB at 5,000 posts): 0.55-0.65 s there.
 */
export function planSearchParts(site: string, files: readonly string[], settings: string, partSize?: number): SearchPart[] {
  const count = searchPartCount(files.length, partSize);
  const parts = Array.from({ length: count }, (_, n) => ({
    n,
    pages: [] as string[],
    hash: createHash('sha256').update(JSON.stringify([settings, count, n])),
  }));
  const end = Buffer.from(SEARCH_TEXT_END);
  const body = Buffer.from('data-pagefind-body');
  let buffer = Buffer.allocUnsafe(1 << 18);
  for (const page of files) {
    const fd = openSync(path.join(site, page), 'r');
    let length = 0;
    try {
      const size = fstatSync(fd).size;
      if (size > buffer.length) buffer = Buffer.allocUnsafe(size);
      while (length < size) {
        const read = readSync(fd, buffer, length, size - length, length);
        if (read === 0) break;
        length += read;
      }
    } finally {
      closeSync(fd);
    }
    const bytes = buffer.subarray(0, length);
    const cut = bytes.indexOf(end);
    const part = parts[searchPartOf(page, count)]!;
    part.hash
      .update(`\0${page}\0`)
      .update(cut === -1 ? bytes : bytes.subarray(0, cut))
      .update('\0');
    if (bytes.indexOf(body) !== -1) part.pages.push(page);
  }
  return parts.map(({ n, pages, hash }) => ({ n, pages, key: hash.digest('hex') }));
}

/** Pagefind's glob (the `wax` crate's syntax) for exactly these pages: alternatives, each with wax's meta-characters escaped. */
export function globOf(pages: readonly string[]): string {
  const escaped = pages.map((page) => page.replace(/[?*$()[\]{},]/g, '\\$&'));
  return escaped.length === 1 ? escaped[0]! : `{${escaped.join(',')}}`;
}
