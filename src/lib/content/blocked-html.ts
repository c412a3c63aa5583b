import { lineAt, walk } from '../markdown/walk.ts';
import type { LineProblem } from './validate.ts';

/** `<iframe`, `<script` or a `style=` attribute, found without parsing. */
const WRITTEN = /<(?:iframe|script)\b|<[a-z][^>]*\sstyle\s*=/i;
const TAGS = /<(iframe|script)\b([^>]*)>|<[a-z][\w-]*\b[^>]*?\sstyle\s*=/gi;

/**
 * HTML in a post that the dev preview shows and the published site does not: its content security
 * policy (astro.config.mjs) lets a page run only the site's own scripts and styles and frame only
 * the comments, so readers' browsers ask nothing of other sites until they choose to. An embed
 * (`<iframe>`), a `<script>` and a `style="…"` attribute are dropped by the browser without a
 * word. (Pictures from other sites, however written, are kept by the build: markdown/site-links.ts.)
 * Warnings: the page builds, the writer may keep it. Raw HTML in Markdown and JSX in MDX alike;
 * code is no HTML.
 */
export function blockedHtml(source: string, file: string): LineProblem[] {
  if (!WRITTEN.test(source)) return [];
  const found: LineProblem[] = [];
  walk(source, file, (node) => {
    const line = node.position?.start.line ?? 1;
    if (node.type === 'html') {
      for (const match of node.value.matchAll(TAGS)) {
        const message = messageFor(match[1]?.toLowerCase(), match[2] ?? '');
        if (message) found.push({ line: lineAt(line, node.value, match.index), message });
      }
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const name = node.name?.toLowerCase();
      const type = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'type')?.value;
      const message =
        name === 'iframe' || name === 'script'
          ? messageFor(name, typeof type === 'string' ? `type="${type}"` : '')
          : node.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === 'style')
            ? messageFor(undefined, '')
            : undefined;
      if (message) found.push({ line, message });
    }
  });
  return found.sort((a, b) => a.line - b.line);
}

function messageFor(tag: string | undefined, attributes: string): string | undefined {
  if (tag === 'iframe') return 'this <iframe> shows in the preview but not on the published site, which embeds nothing from other sites: link to it instead';
  // Data for machines (JSON-LD) is never run, so the policy leaves it alone.
  if (tag === 'script') {
    return /type\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)
      ? undefined
      : 'this <script> runs in the preview but not on the published site, which runs only its own scripts: remove it, or link to what it shows';
  }
  return 'this style="…" attribute works in the preview but not on the published site, which applies only its own stylesheets: remove it';
}
