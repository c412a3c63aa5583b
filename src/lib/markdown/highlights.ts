import type { MdastPluginDefinition } from 'satteri';

/** A highlight as Obsidian writes it, `==these words==`: its marks touch the words they hold. */
const HIGHLIGHT = /==(?=[^\s=])((?:[^=\n]|=(?!=))*?[^\s=])==/g;

/**
 * Obsidian's highlights (`==these words==`) become `<mark>`, which the site's stylesheet shows
 * as highlighted text. Markdown showed the marks as written. A highlight is read in one run of
 * text: one spanning other markup (`==a *b* c==`) stays as written, as `a == b` does.
 */
export function highlightsPlugin(): MdastPluginDefinition {
  return {
    name: 'frontrow-highlights',
    text(node, ctx) {
      if (!node.value.includes('==')) return;
      const parts: ({ type: 'text'; value: string } | { type: 'mark'; data: { hName: 'mark' }; children: { type: 'text'; value: string }[] })[] = [];
      let at = 0;
      for (const match of node.value.matchAll(HIGHLIGHT)) {
        if (match.index > at) parts.push({ type: 'text', value: node.value.slice(at, match.index) });
        parts.push({ type: 'mark', data: { hName: 'mark' }, children: [{ type: 'text', value: match[1]! }] });
        at = match.index + match[0].length;
      }
      if (parts.length === 0) return;
      if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
      ctx.replaceNode(node, parts);
    },
  };
}
