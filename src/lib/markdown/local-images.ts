import { markdownToMdast, mdxToMdast, type MdastNode } from 'satteri';
import { sourceKindOf } from './prose.ts';

/** A picture the post takes from beside it, as written, and the file line it is on. */
export interface LocalImage {
  url: string;
  line: number;
}

/**
 * `![alt](url`, the alt text with one level of brackets, the URL bare (parentheses balanced) or
 * in `<…>`: how nearly every picture is written, found without parsing.
 */
const WRITTEN_PICTURE = /!\[(?:[^[\]\\]|\\.|\[(?:[^[\]\\]|\\.)*\])*\]\(\s*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))/g;

/**
 * The pictures Astro's Markdown pipeline (`@astrojs/markdown-satteri`) imports from beside a post
 * at build, where a missing one fails the build: image nodes (`![alt](url)`; not references, not
 * raw HTML) whose decoded URL is neither a full URL nor root-relative (those are left as links).
 * Read by the parser Astro renders with, so code, escapes and MDX are told apart as the build
 * tells them. A file that does not parse has its own error at build; none are reported here.
 *
 * `wanted`: only these pictures are asked for (a missing one, say). Parsing costs 0.1-0.6 ms a
 * post, so the text is parsed only when a picture written like one is wanted; the parse then
 * decides, and a picture in code is no picture.
 */
export function localImages(source: string, file: string, wanted: (url: string) => boolean = () => true): LocalImage[] {
  if (!source.includes('![')) return [];
  const written = [...source.matchAll(WRITTEN_PICTURE)].map((m) => decoded(m[1] ?? m[2]!.replace(/\\(.)/g, '$1')));
  if (!written.some((url) => isLocal(url) && wanted(url))) return [];
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
      if (isLocal(url) && wanted(url)) found.push({ url, line: node.position?.start.line ?? 1 });
    }
    if ('children' in node) for (const child of node.children as MdastNode[]) visit(child);
  };
  visit(tree);
  return found;
}

const isLocal = (url: string) => !URL.canParse(url) && !url.startsWith('/');

/** `decodeURI`, as Astro applies it, keeping a URL it cannot decode as written. */
function decoded(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
