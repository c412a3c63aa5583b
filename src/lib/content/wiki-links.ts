import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger, { slug as githubSlug } from 'github-slugger';
import { BLOCK_ID, BLOCK_ID_ALONE, blockAnchor } from '../markdown/block-ids.ts';
import { eachNode, lineAt, walk } from '../markdown/walk.ts';
import { entryAddress } from './entry-links.ts';
import { memoByFile } from './file-memo.ts';
import { unreadablePicture } from './picture-file.ts';
import type { LineProblem } from './validate.ts';

/**
 * Wiki links as editors such as Obsidian write them, `[[Other post]]`, `[[notes/idea|the idea]]`,
 * `[[Other post#A heading]]`, `[[Other post#^a-block]]`: Markdown shows them as written, so the site links each to the post
 * or page whose file has that name (anywhere in posts/ or pages/, as Obsidian finds it). One that
 * names no such file stays text, and the check names it.
 */
export const WIKI_LINK = /(!?)\[\[([^\]\n|#]+)(#[^\]\n|]*)?(?:\|([^\]\n]+))?\]\]/g;

export interface WikiLink {
  /** The text as written. */
  written: string;
  embed: boolean;
  /** The file or picture it names. */
  name: string;
  /** The address to link to (with `#heading`), when a post or page has that name, and its file. */
  address: string | undefined;
  /** The part of it linked to, as written after `#` (a heading, or `^a-block`). */
  part: string | undefined;
  file: string | undefined;
  /** For an embed (`![[photo.png]]`), the picture's path from the post (`./images/photo.png`), when it is there. */
  picture: string | undefined;
  /** For an embed of a note (`![[Other post]]`, which Obsidian shows in place), the post or page file it names. */
  note: string | undefined;
  label: string;
  index: number;
}

/** The wiki links of a piece of text in `fromFile`, each resolved against the content folder. */
export function wikiLinks(text: string, contentDir: string, fromFile?: string): WikiLink[] {
  if (!text.includes('[[')) return [];
  return [...text.matchAll(WIKI_LINK)].map((match) => {
    const [written, bang, name, heading, label] = match;
    const target = name!.trim();
    const file = bang ? undefined : fileNamed(target, contentDir);
    const picture = bang && fromFile ? pictureNamed(target, fromFile, contentDir) : undefined;
    const address = file && entryAddress(file, contentDir);
    const part = heading && heading.length > 1 ? heading.slice(1).trim() : undefined;
    return {
      written,
      embed: Boolean(bang),
      name: target,
      address: address && (part ? `${address}#${partAnchor(part)}` : address),
      part,
      file: address ? file : undefined,
      picture,
      note: bang && !picture ? fileNamed(target, contentDir) : undefined,
      // An embed's `|…` is its size in Obsidian (`|300`), not a description.
      label: bang && (!label || /^\d+(x\d+)?$/.test(label.trim())) ? '' : (label ?? target).trim(),
      index: match.index,
    };
  });
}

/** The element a wiki link's `#part` names: a heading (by its slug), or a block (`#^idea-1`, block-ids.ts). */
export function partAnchor(part: string): string {
  return part.startsWith('^') ? blockAnchor(part.slice(1)) : githubSlug(part);
}

/**
 * The anchors of a post or page file that a wiki link's part can name: its headings' ids, as Astro
 * makes them (GitHub's slugs, a second "Notes" is `notes-1`), and its block ids (block-ids.ts).
 * Read once while the file stays the same: many links may name parts of one post.
 */
export const anchorsOf = memoByFile((text, file) => {
  const anchors = new Set<string>();
  const slugger = new GithubSlugger();
  walk(text, file, (node) => {
    if (node.type === 'heading') {
      let words = '';
      eachNode(node, (inner) => {
        if (inner.type === 'text' || inner.type === 'inlineCode') words += inner.value;
      });
      anchors.add(slugger.slug(words));
    } else if (node.type === 'paragraph') {
      const last = node.children.at(-1);
      const id = last?.type === 'text' && (BLOCK_ID.exec(last.value) ?? (node.children.length === 1 ? BLOCK_ID_ALONE.exec(last.value) : null));
      if (id) anchors.add(blockAnchor(id[1]!));
    }
  });
  return anchors;
});

/** The post or page file a wiki link names: its path from posts/ or pages/ without `.md`, or its name alone; case is ignored. */
function fileNamed(name: string, contentDir: string): string | undefined {
  const wanted = name.replace(/\.mdx?$/i, '').toLowerCase();
  const { byPath, byName } = contentIndex(contentDir);
  return byPath.get(wanted) ?? byName.get(wanted);
}

/**
 * The picture an embed names, as a path from the post: beside it (`images/photo.png` from its
 * folder), or a file of that name anywhere in posts/ or pages/, as Obsidian finds attachments.
 */
function pictureNamed(name: string, fromFile: string, contentDir: string): string | undefined {
  const beside = path.resolve(path.dirname(fromFile), name);
  const found = existsSync(beside) ? beside : contentIndex(contentDir).byFileName.get(path.basename(name).toLowerCase());
  if (!found) return undefined;
  const relative = path.relative(path.dirname(fromFile), found).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

interface ContentIndex {
  /** Post and page files by their path from posts/ or pages/ without `.md` (`notes/idea`), lower case. */
  byPath: Map<string, string>;
  /** The same by their name alone (`idea`): the first in path order. */
  byName: Map<string, string>;
  /** Every file by its name with its extension (`photo.png`), for embeds. */
  byFileName: Map<string, string>;
}

/**
 * The files of posts/ and pages/, looked up by name: made once, and again at most once a second
 * (the dev preview adds files as it runs), so a post's links cost a lookup each, not a search.
 */
let indexed: { at: number; dir: string; index: ContentIndex } | undefined;
function contentIndex(contentDir: string): ContentIndex {
  if (indexed && indexed.dir === contentDir && Date.now() - indexed.at < 1000) return indexed.index;
  const index: ContentIndex = { byPath: new Map(), byName: new Map(), byFileName: new Map() };
  const first = (map: Map<string, string>, key: string, file: string) => map.has(key) || map.set(key, file);
  for (const kind of ['posts', 'pages']) {
    let names: string[] = [];
    try {
      names = readdirSync(path.join(contentDir, kind), { recursive: true, encoding: 'utf8' }).sort();
    } catch {
      // No such folder: nothing of that kind to link to.
    }
    for (const name of names) {
      const file = path.join(contentDir, kind, name);
      const lower = name.split(path.sep).join('/').toLowerCase();
      first(index.byFileName, path.basename(lower), file);
      if (!/\.mdx?$/.test(name)) continue;
      const bare = lower.replace(/\.mdx?$/, '');
      first(index.byPath, bare, file);
      first(index.byName, path.basename(bare), file);
    }
  }
  indexed = { at: Date.now(), dir: contentDir, index };
  return index;
}

/**
 * Pictures embedded by a wiki link that the build cannot show (a phone's `.heic`, a page saved
 * as `.png`): Astro's image step fails the build on them, as on any picture of the text.
 */
export function wikiEmbedProblems(text: string, file: string, contentDir: string): LineProblem[] {
  if (!text.includes('![[')) return [];
  const found: LineProblem[] = [];
  walk(text, file, (node) => {
    if (node.type !== 'text') return;
    for (const link of wikiLinks(node.value, contentDir, file)) {
      const problem = link.picture && unreadablePicture(link.picture, path.resolve(path.dirname(file), link.picture));
      if (problem) found.push({ line: lineAt(node.position?.start.line ?? 1, node.value, link.index), message: problem });
    }
  });
  return found;
}
