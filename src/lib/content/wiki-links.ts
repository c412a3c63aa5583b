import { readdirSync } from 'node:fs';
import path from 'node:path';
import { slug as githubSlug } from 'github-slugger';
import { entryAddress } from './entry-links.ts';

/**
 * Wiki links as editors such as Obsidian write them, `[[Other post]]`, `[[notes/idea|the idea]]`,
 * `[[Other post#A heading]]`: Markdown shows them as written, so the site links each to the post
 * or page whose file has that name (anywhere in posts/ or pages/, as Obsidian finds it). One that
 * names no such file stays text, and the check names it.
 */
export const WIKI_LINK = /(!?)\[\[([^\]\n|#]+)(#[^\]\n|]*)?(?:\|([^\]\n]+))?\]\]/g;

export interface WikiLink {
  /** The text as written. */
  written: string;
  embed: boolean;
  /** The address to link to (with `#heading`), when a post or page has that name, and its file. */
  address: string | undefined;
  file: string | undefined;
  label: string;
  index: number;
}

/** The wiki links of a piece of text, each resolved against the content folder. */
export function wikiLinks(text: string, contentDir: string): WikiLink[] {
  if (!text.includes('[[')) return [];
  return [...text.matchAll(WIKI_LINK)].map((match) => {
    const [written, bang, name, heading, label] = match;
    const target = name!.trim();
    const file = bang ? undefined : fileNamed(target, contentDir);
    const address = file && entryAddress(file, contentDir);
    const part = heading && heading.length > 1 ? `#${githubSlug(heading.slice(1).trim())}` : '';
    return {
      written,
      embed: Boolean(bang),
      address: address && address + part,
      file: address ? file : undefined,
      label: (label ?? target).trim(),
      index: match.index,
    };
  });
}

/** The post or page file a wiki link names: its path from posts/ or pages/ without `.md`, or its name alone; case is ignored. */
function fileNamed(name: string, contentDir: string): string | undefined {
  const wanted = name.replace(/\.mdx?$/i, '').toLowerCase();
  const byPath = (file: string) => file.replace(/\.mdx?$/, '').toLowerCase();
  const files = entryFiles(contentDir);
  return (
    files.find((file) => byPath(path.relative(contentDir, file)).split(path.sep).slice(1).join('/') === wanted) ??
    files.find((file) => path.basename(byPath(file)) === wanted)
  );
}

/** Post and page files, read again at most once a second (the dev preview adds files as it runs). */
let listed: { at: number; dir: string; files: string[] } | undefined;
function entryFiles(contentDir: string): string[] {
  if (listed && listed.dir === contentDir && Date.now() - listed.at < 1000) return listed.files;
  const files = ['posts', 'pages'].flatMap((kind) => {
    try {
      return readdirSync(path.join(contentDir, kind), { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.mdx?$/.test(name))
        .sort()
        .map((name) => path.join(contentDir, kind, name));
    } catch {
      return [];
    }
  });
  listed = { at: Date.now(), dir: contentDir, files };
  return files;
}
