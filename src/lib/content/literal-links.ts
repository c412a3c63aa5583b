import { walk } from '../markdown/walk.ts';
import type { LineProblem } from './validate.ts';

/**
 * Links and pictures Markdown does not read, so readers see them as written: an editor's wiki
 * links (`[[Other post]]`, `![[photo.png]]`, as Obsidian writes them) and a path with a space
 * outside `<…>` (`![a photo](./my photo.png)`). Found in the text as the build parses it (code
 * is left alone), each named with the Markdown to write instead. Warnings: the page builds.
 */

/** What such text looks like, found without parsing first. */
const WRITTEN = /\[\[|\]\([^)\s]*\s[^)]*\)/;
const LITERAL = /(!?)\[\[([^\]\n|]+)(?:\|([^\]\n]+))?\]\]|(!?)\[([^\]\n]*)\]\(([^)<>\n]*\s[^)<>\n]*)\)/g;

export function literalLinks(source: string, file: string): LineProblem[] {
  if (!WRITTEN.test(source)) return [];
  const found: LineProblem[] = [];
  walk(source, file, (node) => {
    if (node.type !== 'text') return;
    for (const match of node.value.matchAll(LITERAL)) {
      const line = (node.position?.start.line ?? 1) + (node.value.slice(0, match.index).match(/\n/g)?.length ?? 0);
      found.push({ line, message: messageFor(match) });
    }
  });
  return found;
}

function messageFor([written, wikiBang, target, label, bang, text, path]: RegExpMatchArray): string {
  if (target !== undefined) {
    const name = target.trim();
    const fix = wikiBang ? `![what it shows](<./${name}>)` : `[${(label ?? name).trim()}](<./${/\.mdx?$/i.test(name) ? name : `${name}.md`}>)`;
    return `${written} is a wiki link, which Markdown shows as written: write ${fix}`;
  }
  return `${written} is shown as written: Markdown reads a path with a space only inside <…>, as ${bang}[${text}](<${path!.trim()}>)`;
}
