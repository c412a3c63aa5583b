// Only satteri's types: prose.ts takes the patterns, and the engine's worker never loads the Markdown parser for them.
import type { MdastPluginDefinition } from 'satteri';

/**
 * A block id as Obsidian writes it, at the end of a paragraph or list item: `A thought. ^idea-1`.
 * Letters, digits and dashes, after a space.
 */
export const BLOCK_ID = /[ \t]\^([A-Za-z0-9-]+)[ \t]*$/;
/** A block id on a line of its own, after a table, quote or list: the block before it is the one it names. */
export const BLOCK_ID_ALONE = /^[ \t]*\^([A-Za-z0-9-]+)[ \t]*$/;

/** The element id a block id gives its block, which `[[Post#^idea-1]]` links to (wiki-links.ts). */
export const blockAnchor = (id: string) => `^${id}`;

/**
 * Obsidian's block ids: at the end of a paragraph (`A thought. ^idea-1`), the paragraph, or the
 * list item it begins, gets the id; on a line of its own, the block before it (a table, a quote,
 * a list). A wiki link to the block (`[[Other post#^idea-1]]`) then leads to it, and readers
 * never see the marker, which Markdown showed as written.
 */
export function blockIdsPlugin(): MdastPluginDefinition {
  return {
    name: 'frontrow-block-ids',
    paragraph(node, ctx) {
      const last = node.children.at(-1);
      if (last?.type !== 'text') return;
      const parent = ctx.parent(node);
      const alone = node.children.length === 1 ? BLOCK_ID_ALONE.exec(last.value) : null;
      if (alone) {
        const before = parent?.children[(ctx.indexOf(node) ?? 0) - 1];
        if (!before) return;
        ctx.setProperty(before, 'data', { hProperties: { id: blockAnchor(alone[1]!) } });
        ctx.removeNode(node);
        return;
      }
      const marker = BLOCK_ID.exec(last.value);
      if (!marker) return;
      ctx.setProperty(last, 'value', last.value.slice(0, marker.index));
      // A list item's own text is its first paragraph: the id is the item's (a tight list shows no <p>).
      const first = parent?.type === 'listItem' && parent.children[0]?.position?.start.offset === node.position?.start.offset;
      ctx.setProperty(first ? parent : node, 'data', { hProperties: { id: blockAnchor(marker[1]!) } });
    },
  };
}
