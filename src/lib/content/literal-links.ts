import path from 'node:path';
import { lineAt, walk } from '../markdown/walk.ts';
import { anchorsOf, partAnchor, wikiLinks } from './wiki-links.ts';
import type { LineProblem } from './validate.ts';

/**
 * Links and pictures Markdown does not read, so readers see them as written: an editor's wiki
 * links and embeds that name no post, page or picture (`[[Gone post]]`, `![[gone.png]]`, as
 * Obsidian writes them; the others are published, wiki-links.ts), a wiki link to a heading or a
 * block its post does not have, and a path with a space outside
 * `<…>` (`![a photo](./my photo.png)`). Found in the text as the build parses it (code is left
 * alone), each named with the Markdown to write instead. Warnings: the page builds.
 */

/** What such text looks like, found without parsing first. */
const WRITTEN = /\[\[|\]\([^)\s]*\s[^)]*\)/;
const TEMPLATE_TAG = /\{\{|\{%/;
const SPACED_PATH = /(!?)\[([^\]\n]*)\]\(([^)<>\n]*\s[^)<>\n]*)\)/g;

export function literalLinks(source: string, file: string, contentDir: string): LineProblem[] {
  if (!WRITTEN.test(source)) return [];
  const found: LineProblem[] = [];
  walk(source, file, (node) => {
    if (node.type !== 'text') return;
    const said: { index: number; message: string }[] = [];
    for (const { written, embed, name, address, file: target, part, picture, note, index } of wikiLinks(node.value, contentDir, file)) {
      if (address !== undefined && target !== undefined && part !== undefined) {
        const message = missingPart(written, target, part, contentDir);
        if (message) said.push({ index, message });
      }
      if (address !== undefined || picture !== undefined) continue;
      const message = note
        ? `${written} shows another note in place in Obsidian; the site shows it as written: link to it as ${written.slice(1)}, or quote the words you want`
        : embed
          ? `${written} names no picture beside the post or in the content folder, so it is shown as written: fix the name, or write ![what it shows](<./${name}>)`
          : `${written} names no post or page of the site, so it is shown as written: fix the name (a post's file name, such as [[my-first-post]]), or write a link`;
      said.push({ index, message });
    }
    for (const { 0: written, 1: bang, 2: text, 3: path, index } of node.value.matchAll(SPACED_PATH)) {
      if (TEMPLATE_TAG.test(path!)) continue; // another engine's tag, named as one (template-tags.ts)
      said.push({
        index,
        message: `${written} is shown as written: Markdown reads a path with a space only inside <…>, as ${bang}[${text}](<${path!.trim()}>)`,
      });
    }
    // In the order of the text.
    for (const { index, message } of said.sort((a, b) => a.index - b.index))
      found.push({ line: lineAt(node.position?.start.line ?? 1, node.value, index), message });
  });
  return found;
}

/** A wiki link's `#part` that its post or page has no heading or block for: the link leads to the top of the page. */
function missingPart(written: string, target: string, part: string, contentDir: string): string | undefined {
  const anchors = anchorsOf(target);
  if (!anchors || anchors.has(partAnchor(part))) return undefined;
  const where = path.relative(contentDir, target).split(path.sep).join('/');
  return part.startsWith('^')
    ? `${written} leads to ${where}, which has no block ${part}: end the paragraph there with " ${part}" (a block id, as Obsidian writes it), or link to the post alone`
    : `${written} leads to ${where}, which has no heading "${part}": fix the heading's words, or link to the post alone`;
}
