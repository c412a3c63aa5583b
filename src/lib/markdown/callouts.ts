// Only satteri's types: prose.ts takes the marker's pattern without loading the Markdown parser.
import type { MdastPluginDefinition } from 'satteri';

/** A callout's first line in a quote, as Obsidian and GitHub write it: `> [!note] A title`, `> [!WARNING]`. */
export const CALLOUT_MARK = /^\[!([A-Za-z][\w-]*)\][+-]?[ \t]*/;

/** The three looks a callout has (the MDX `<Callout>`'s types); any other kind looks like a note. */
const LOOKS: Record<string, 'tip' | 'warning'> = {
  ...Object.fromEntries(['tip', 'hint', 'important', 'success', 'check', 'done'].map((kind) => [kind, 'tip'])),
  ...Object.fromEntries(['warning', 'caution', 'attention', 'danger', 'error', 'failure', 'fail', 'missing', 'bug'].map((kind) => [kind, 'warning'])),
};

/**
 * Callouts as Obsidian and GitHub write them, a quote opened by `[!kind]` and an optional title:
 * the same aside as the MDX `<Callout>` (src/components/Callout.astro), its title the one written
 * or the kind's name ("Warning"), its look the note's, the tip's or the warning's. Markdown showed
 * `[!note]` as written at the top of a quote.
 */
export function calloutsPlugin(): MdastPluginDefinition {
  return {
    name: 'frontrow-callouts',
    blockquote(node, ctx) {
      const first = node.children[0];
      const head = first?.type === 'paragraph' ? first.children[0] : undefined;
      const mark = head?.type === 'text' ? CALLOUT_MARK.exec(head.value) : null;
      if (first?.type !== 'paragraph' || !mark) return;
      // The first line after the mark is the title; the rest of that paragraph is the body's start.
      type Inline = (typeof first.children)[number];
      const title: Inline[] = [];
      const rest: Inline[] = [];
      for (const [i, child] of first.children.entries()) {
        const inline: Inline = i === 0 && child.type === 'text' ? { type: 'text', value: child.value.slice(mark[0].length) } : child;
        const newline = rest.length === 0 && inline.type === 'text' ? inline.value.indexOf('\n') : -1;
        if (rest.length === 0 && newline < 0) {
          if (inline.type !== 'text' || inline.value) title.push(inline);
        } else if (newline >= 0 && inline.type === 'text') {
          if (newline > 0) title.push({ type: 'text', value: inline.value.slice(0, newline) });
          rest.push({ type: 'text', value: inline.value.slice(newline + 1) });
        } else rest.push(inline);
      }
      const kind = mark[1]!.toLowerCase();
      const titleText = title.length > 0 ? textOf(title) : `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
      const body = rest.some((inline) => inline.type !== 'text' || inline.value)
        ? [{ type: 'paragraph' as const, children: rest }, ...node.children.slice(1)]
        : node.children.slice(1);
      ctx.replaceNode(node, {
        type: 'callout',
        data: { hName: 'aside', hProperties: { className: ['callout', `callout-${LOOKS[kind] ?? 'note'}`], ariaLabel: titleText } },
        children: [
          {
            type: 'paragraph',
            data: { hProperties: { className: ['callout-title'] } },
            children: title.length > 0 ? title : [{ type: 'text' as const, value: titleText }],
          },
          { type: 'calloutBody', data: { hName: 'div', hProperties: { className: ['callout-body'] } }, children: body },
        ],
      });
    },
  };
}

/** The plain text of inline nodes (a title for the aside's label). */
function textOf(nodes: readonly object[]): string {
  return nodes
    .map((node) => ('value' in node && typeof node.value === 'string' ? node.value : 'children' in node ? textOf(node.children as object[]) : ''))
    .join('');
}
