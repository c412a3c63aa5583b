import { walk } from '../markdown/walk.ts';
import { wikiLinks } from './wiki-links.ts';
import type { LineProblem } from './validate.ts';

/**
 * Links and pictures Markdown does not read, so readers see them as written: an editor's wiki
 * links and embeds that name no post, page or picture (`[[Gone post]]`, `![[gone.png]]`), as
 * Obsidian writes them, and a path with a space outside `<…>` (`![a photo](./my photo.png)`). Found in the text as the build parses it (code
 * is left alone), each named with the Markdown to write instead. Warnings: the page builds.
 */

/** What such text looks like, found without parsing first. */
const WRITTEN = /\[\[|\]\([^)\s]*\s[^)]*\)/;
const LITERAL = /(!?)\[\[([^\]\n|]+)(?:\|([^\]\n]+))?\]\]|(!?)\[([^\]\n]*)\]\(([^)<>\n]*\s[^)<>\n]*)\)/g;

export function literalLinks(source: string, file: string, contentDir?: string): LineProblem[] {
  if (!WRITTEN.test(source)) return [];
  const found: LineProblem[] = [];
  walk(source, file, (node) => {
    if (node.type !== 'text') return;
    // A wiki link to a post or page is published as a link to it (wiki-links.ts).
    const linked = new Set(
      contentDir
        ? wikiLinks(node.value, contentDir, file)
            .filter((link) => link.address !== undefined || link.picture !== undefined)
            .map((link) => link.index)
        : [],
    );
    for (const match of node.value.matchAll(LITERAL)) {
      if (linked.has(match.index)) continue;
      const line = (node.position?.start.line ?? 1) + (node.value.slice(0, match.index).match(/\n/g)?.length ?? 0);
      found.push({ line, message: messageFor(match) });
    }
  });
  return found;
}

function messageFor([written, wikiBang, target, , bang, text, path]: RegExpMatchArray): string {
  if (target !== undefined) {
    return wikiBang
      ? `${written} names no picture beside the post or in the content folder, so it is shown as written: fix the name, or write ![what it shows](<./${target.trim()}>)`
      : `${written} names no post or page of the site, so it is shown as written: fix the name (a post's file name, such as [[my-first-post]]), or write a link`;
  }
  return `${written} is shown as written: Markdown reads a path with a space only inside <…>, as ${bang}[${text}](<${path!.trim()}>)`;
}
