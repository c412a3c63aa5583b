import { existsSync } from 'node:fs';
import path from 'node:path';
import { lineAt, walk } from '../markdown/walk.ts';
import { addressOf, isEntryFile } from './entry-files.ts';
import { memoByFile } from './file-memo.ts';
import { parseDay } from '../dates.ts';
import { readRawFrontmatter } from './frontmatter.ts';
import { postState } from './publish.ts';
import { entryId } from './slug.ts';
import { wikiLinks } from './wiki-links.ts';
import type { LineProblem } from './validate.ts';

/**
 * Links written to another post's file, as editors make them (`[see](./other-post.md)`,
 * `../pages/about.md#team`): the site publishes no `.md` file, so each becomes the address the
 * file is published at. Astro leaves such a link as written, a broken link on the site.
 */

/** A relative URL ending in `.md` or `.mdx` (before any `?` or `#`): not a full URL, not root-relative. */
const FILE_LINK = /^(?![a-z][a-z\d+.-]*:|[/\\#])([^?#]*\.mdx?)([?#].*)?$/i;

/** The file a link names, resolved from the linking file, and what follows it (`#part`); undefined for any other link. */
export function fileLinkOf(url: string, fromFile: string): { file: string; rest: string } | undefined {
  const match = FILE_LINK.exec(url);
  if (!match) return undefined;
  let name = match[1]!;
  try {
    name = decodeURI(name);
  } catch {
    // Kept as written: a name with a stray % is looked for as it is.
  }
  return { file: path.resolve(path.dirname(fromFile), name), rest: match[2] ?? '' };
}

/**
 * The address of the post or page published from `file`, or undefined when none is: the file is
 * not there, or not one the site reads (outside posts/ and pages/, or kept out with `_`).
 */
export function entryAddress(file: string, contentDir: string): string | undefined {
  return linkedEntry(file, contentDir)?.address;
}

/** The post or page published from `file`: its address and its frontmatter. */
function linkedEntry(file: string, contentDir: string): { address: string; data: Record<string, unknown>; kind: 'posts' | 'pages' } | undefined {
  for (const kind of ['posts', 'pages'] as const) {
    const relative = path.relative(path.join(contentDir, kind), file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const data = isEntryFile(relative, kind) ? frontmatterOf(file) : undefined;
    return data && { address: addressOf(entryId(relative, data['slug']), kind), data, kind };
  }
  return undefined;
}

/** A linked file's frontmatter (its `slug:`, whether it is a draft), read once while the file stays as it was. */
const frontmatterOf = memoByFile((text) => readRawFrontmatter(text).data);

/**
 * Links from a published text to a post or page that is not published yet (a draft, a post
 * dated later): readers would meet a missing page until it is. A warning each.
 */
export function linksToUnpublished(text: string, file: string, contentDir: string, now = new Date()): LineProblem[] {
  return [...fileLinks(text, file), ...wikiLinkTargets(text, file, contentDir)].flatMap(({ url, target, line }) => {
    const entry = linkedEntry(target, contentDir);
    if (!entry) return [];
    const date = parseDay(entry.data['pubDate']);
    const state =
      entry.data['draft'] === true
        ? 'draft'
        : entry.kind === 'posts' && date && postState({ draft: false, pubDate: date }, now) === 'scheduled'
          ? 'scheduled'
          : undefined;
    if (!state) return [];
    return [
      {
        line,
        message: `the link to ${url} leads to a ${state === 'draft' ? 'draft' : 'post scheduled for later'}: readers get a missing page until it is published`,
      },
    ];
  });
}

/** The wiki links of a text that name a post or page (`[[Other post]]`), with their lines. */
function wikiLinkTargets(text: string, file: string, contentDir: string): { url: string; target: string; line: number }[] {
  if (!text.includes('[[')) return [];
  const found: { url: string; target: string; line: number }[] = [];
  walk(text, file, (node) => {
    if (node.type !== 'text') return;
    for (const link of wikiLinks(node.value, contentDir)) {
      if (link.file) found.push({ url: link.written, target: link.file, line: lineAt(node.position?.start.line ?? 1, node.value, link.index) });
    }
  });
  return found;
}

/** The links of a text (`[a](x)` and `[a]: x`) written to a file, with their lines. */
function fileLinks(text: string, file: string): { url: string; target: string; line: number }[] {
  if (!/\.mdx?\b/i.test(text)) return [];
  const found: { url: string; target: string; line: number }[] = [];
  walk(text, file, (node) => {
    if ((node.type !== 'link' && node.type !== 'definition') || !node.url) return;
    const link = fileLinkOf(node.url, file);
    if (link) found.push({ url: node.url, target: link.file, line: node.position?.start.line ?? 1 });
  });
  return found;
}

/**
 * A picture from another site, which a build shows from its own copy: `![…](https://…)`, an
 * `<img src="https://…">`, or `![…]` or `![…][…]` with a definition of another site's address.
 */
const REMOTE_PICTURE = /!\[[^\]]*\]\(\s*<?https?:\/\/|<img\b[^>]*\ssrc\s*=\s*["']?https?:\/\//i;
const PICTURE_REFERENCE = /!\[[^\]]*\](?!\()/;
const REMOTE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?https?:\/\//im;

/**
 * Whether the text's rendered HTML depends on more than the text: a link to a file or a wiki
 * link (that file's address), or a picture from another site (whether the build has a copy yet).
 */
export function rendersFromElsewhere(text: string, file: string): boolean {
  const remotePicture = REMOTE_PICTURE.test(text) || (PICTURE_REFERENCE.test(text) && REMOTE_DEFINITION.test(text));
  return remotePicture || text.includes('[[') || fileLinks(text, file).length > 0;
}

/**
 * Links to a file no post or page is published from: readers would meet a missing page. Without
 * `contentDir` only a missing file is named.
 */
export function fileLinkProblems(text: string, file: string, contentDir?: string): LineProblem[] {
  return fileLinks(text, file).flatMap(({ url, target, line }) => {
    const published = contentDir ? entryAddress(target, contentDir) !== undefined : existsSync(target);
    if (published) return [];
    const why = existsSync(target) ? 'which the site does not publish' : 'which is not there';
    return [{ line, message: `the link to ${url} names a file ${why}: link to a post's file (./its-file.md) or to its address (/posts/its-slug/)` }];
  });
}
