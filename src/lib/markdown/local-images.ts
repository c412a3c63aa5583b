import { markdownToMdast, mdxToMdast, type MdastNode } from 'satteri';
import { sourceKindOf } from './prose.ts';

/** A picture the post takes from beside it, as written, and the file line it is on. */
export interface LocalImage {
  url: string;
  line: number;
}

/**
 * The pictures Astro's Markdown pipeline (`@astrojs/markdown-satteri`) imports from beside a post
 * at build, where a missing one fails the build: image nodes (`![alt](url)`; not references, not
 * raw HTML) whose decoded URL is neither a full URL nor root-relative (those are left as links).
 * Read by the parser Astro renders with, so code, escapes and MDX are told apart as the build
 * tells them. A file that does not parse has its own error at build; none are reported here.
 */
export function localImages(source: string, file: string): LocalImage[] {
  // Most posts have no picture: no parse for them.
  if (!source.includes('![')) return [];
  let tree: MdastNode;
  try {
    tree = sourceKindOf(file) === 'mdx' ? mdxToMdast(source) : markdownToMdast(source);
  } catch {
    return [];
  }
  const found: LocalImage[] = [];
  const visit = (node: MdastNode) => {
    if (node.type === 'image' && node.url) {
      const url = decoded(node.url);
      if (!URL.canParse(url) && !url.startsWith('/')) found.push({ url, line: node.position?.start.line ?? 1 });
    }
    if ('children' in node) for (const child of node.children as MdastNode[]) visit(child);
  };
  visit(tree);
  return found;
}

/** `decodeURI`, as Astro applies it, keeping a URL it cannot decode as written. */
function decoded(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
