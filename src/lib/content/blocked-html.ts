import { lineAt, walk } from '../markdown/walk.ts';
import type { LineProblem } from './validate.ts';

/** `<iframe`, `<script`, a `style=` attribute, an `<img` or a picture by reference, found without parsing. */
const WRITTEN = /<(?:iframe|script|img)\b|<[a-z][^>]*\sstyle\s*=|!\[[^\]]*\]\[/i;
const TAGS = /<(iframe|script|img)\b([^>]*)>|<[a-z][\w-]*\b[^>]*?\sstyle\s*=/gi;
const REMOTE_SRC = /\bsrc\s*=\s*["']?https?:\/\//i;
const REMOTE_PICTURE_TAG =
  'this <img> from another site shows in the preview but not on the published site, which shows only its own pictures: write it as ![what it shows](its URL), and the build keeps a copy';
const REMOTE_PICTURE_REFERENCE =
  'this picture from another site, written by reference, shows in the preview but not on the published site: write it as ![what it shows](its URL), and the build keeps a copy';

/**
 * HTML in a post that the dev preview shows and the published site does not: its content security
 * policy (astro.config.mjs) lets a page run only the site's own scripts and styles and frame only
 * the comments, so readers' browsers ask nothing of other sites until they choose to. An embed
 * (`<iframe>`), a `<script>`, a `style="…"` attribute and a picture from another site that the
 * build does not keep (an `<img>` tag, a `![…][ref]` reference) are dropped by the browser
 * without a word.
 * Warnings: the page builds, the writer may keep it. Raw HTML in Markdown and JSX in MDX alike;
 * code is no HTML.
 */
export function blockedHtml(source: string, file: string): LineProblem[] {
  if (!WRITTEN.test(source)) return [];
  const found: LineProblem[] = [];
  const references: { identifier: string; line: number }[] = [];
  const definitions = new Map<string, string>();
  walk(source, file, (node) => {
    const line = node.position?.start.line ?? 1;
    if (node.type === 'imageReference') references.push({ identifier: node.identifier, line });
    else if (node.type === 'definition') definitions.set(node.identifier, node.url);
    else if (node.type === 'html') {
      for (const match of node.value.matchAll(TAGS)) {
        const message = messageFor(match[1]?.toLowerCase(), match[2] ?? '');
        if (message) found.push({ line: lineAt(line, node.value, match.index), message });
      }
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const name = node.name?.toLowerCase();
      const type = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'type')?.value;
      const src = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'src')?.value;
      const message =
        name === 'iframe' || name === 'script' || name === 'img'
          ? messageFor(name, `${typeof type === 'string' ? `type="${type}"` : ''} ${typeof src === 'string' ? `src="${src}"` : ''}`)
          : node.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === 'style')
            ? messageFor(undefined, '')
            : undefined;
      if (message) found.push({ line, message });
    }
  });
  for (const { identifier, line } of references) {
    if (/^https?:\/\//i.test(definitions.get(identifier) ?? '')) found.push({ line, message: REMOTE_PICTURE_REFERENCE });
  }
  return found.sort((a, b) => a.line - b.line);
}

function messageFor(tag: string | undefined, attributes: string): string | undefined {
  if (tag === 'img') return REMOTE_SRC.test(attributes) ? REMOTE_PICTURE_TAG : undefined;
  if (tag === 'iframe') return 'this <iframe> shows in the preview but not on the published site, which embeds nothing from other sites: link to it instead';
  // Data for machines (JSON-LD) is never run, so the policy leaves it alone.
  if (tag === 'script') {
    return /type\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)
      ? undefined
      : 'this <script> runs in the preview but not on the published site, which runs only its own scripts: remove it, or link to what it shows';
  }
  return 'this style="…" attribute works in the preview but not on the published site, which applies only its own stylesheets: remove it';
}
