import { lineAt, walk } from './walk.ts';

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
 * raw HTML) whose decoded URL is neither a full URL nor root-relative (those are left as links;
 * `where: isRootRelative` finds the root-relative ones instead).
 * Read by the parser Astro renders with, so code, escapes and MDX are told apart as the build
 * tells them. A file that does not parse has its own error at build; none are reported here.
 *
 * `wanted`: only these pictures are asked for (a missing one, say). Parsing costs 0.1-0.6 ms a
 * post, so the text is parsed only when a picture written like one is wanted; the parse then
 * decides, and a picture in code is no picture.
 */
export function localImages(source: string, file: string, wanted: (url: string) => boolean = () => true, where = isLocal): LocalImage[] {
  if (!source.includes('![')) return [];
  const written = [...source.matchAll(WRITTEN_PICTURE)].map((m) => decoded(m[1] ?? m[2]!.replace(/\\(.)/g, '$1')));
  if (!written.some((url) => where(url) && wanted(url))) return [];
  const found: LocalImage[] = [];
  walk(source, file, (node) => {
    if (node.type === 'image' && node.url) {
      const url = decoded(node.url);
      if (where(url) && wanted(url)) found.push({ url, line: node.position?.start.line ?? 1 });
    }
  });
  return found;
}

const isLocal = (url: string) => !URL.canParse(url) && !url.startsWith('/');

/** `/assets/desk.jpg`: from the site's root (public/), as Jekyll's and Hugo's sites keep pictures. `where` for the readers here. */
export const isRootRelative = (url: string) => url.startsWith('/') && !url.startsWith('//');

/** `decodeURI`, as Astro applies it, keeping a URL it cannot decode as written. */
export function decoded(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** `<img … src="x.png">` with a src that is neither a full URL nor root-relative, found without parsing. */
const WRITTEN_HTML_PICTURE = /<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * Pictures of `<img>` tags (raw HTML in Markdown, JSX in MDX) whose src is relative to the post
 * (or, with `where`, of another kind):
 * Astro leaves a tag as written and publishes no file for it, so the reader's browser asks the
 * post's address for a picture that is not there. Parsed only when such a tag is written, so a
 * tag in code is no picture.
 */
export function htmlPictures(source: string, file: string, where = isLocal): LocalImage[] {
  const written = (text: string) =>
    [...text.matchAll(WRITTEN_HTML_PICTURE)].map((m) => ({ url: (m[1] ?? m[2] ?? m[3]!).trim(), index: m.index })).filter(({ url }) => url);
  if (!written(source).some(({ url }) => where(url))) return [];
  const found: LocalImage[] = [];
  walk(source, file, (node) => {
    const line = node.position?.start.line ?? 1;
    if (node.type === 'html') {
      for (const { url, index } of written(node.value)) {
        if (where(url)) found.push({ url, line: lineAt(line, node.value, index) });
      }
    } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'img') {
      const src = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'src')?.value;
      if (typeof src === 'string' && where(src)) found.push({ url: src, line });
    }
  });
  return found;
}
