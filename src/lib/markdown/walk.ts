import { markdownToMdast, mdxToMdast, type MdastNode } from 'satteri';
import { sourceKindOf } from './prose.ts';

export type { MdastNode };

/**
 * Every node of a post's text as the build parses it (MDX or Markdown, by the file's name, with
 * Sätteri, the parser Astro renders with); none of a text that does not parse (the build says why).
 */
export function walk(source: string, file: string, visit: (node: MdastNode) => void): void {
  let tree: MdastNode;
  try {
    tree = sourceKindOf(file) === 'mdx' ? mdxToMdast(source) : markdownToMdast(source);
  } catch {
    return;
  }
  eachNode(tree, visit);
}

/** A tree's nodes, parents first. */
export function eachNode(tree: MdastNode, visit: (node: MdastNode) => void): void {
  visit(tree);
  if ('children' in tree) for (const child of tree.children as MdastNode[]) eachNode(child, visit);
}

/** The file line of `index` in a node's text (raw HTML, an import block) that starts on `line`. */
export function lineAt(line: number, text: string, index: number): number {
  return line + (text.slice(0, index).match(/\n/g)?.length ?? 0);
}
