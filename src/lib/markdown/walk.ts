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
  const step = (node: MdastNode) => {
    visit(node);
    if ('children' in node) for (const child of node.children as MdastNode[]) step(child);
  };
  step(tree);
}
