// Only satteri's types: prose.ts takes the pattern, and the engine's worker never loads the Markdown parser for it.
import type { MdastPluginDefinition } from 'satteri';

/**
 * A block id as Obsidian writes it, at the end of a paragraph or list item: `A thought. ^idea-1`.
 * Letters, digits and dashes, after a space.
 */
export const BLOCK_ID = /[ \t]\^([A-Za-z0-9-]+)[ \t]*$/;

/** The element id a block id gives its paragraph or list item, which `[[Post#^idea-1]]` links to (wiki-links.ts). */
export const blockAnchor = (id: string) => `^${id}`;

/**
 * Obsidian's block ids (`A thought. ^idea-1`): the paragraph, or the list item it begins, gets
 * the id, so a wiki link to that block (`[[Other post#^idea-1]]`) leads to it, and readers never
 * see the marker. Markdown showed it as written at the end of the paragraph.
 */
export function blockIdsPlugin(): MdastPluginDefinition {
  return {
    name: 'frontrow-block-ids',
    paragraph(node, ctx) {
      const last = node.children.at(-1);
      if (last?.type !== 'text') return;
      const marker = BLOCK_ID.exec(last.value);
      if (!marker) return;
      ctx.setProperty(last, 'value', last.value.slice(0, marker.index));
      // A list item's own text is its first paragraph: the id is the item's (a tight list shows no <p>).
      const parent = ctx.parent(node);
      const first = parent?.type === 'listItem' && parent.children[0]?.position?.start.offset === node.position?.start.offset;
      ctx.setProperty(first ? parent : node, 'data', { hProperties: { id: blockAnchor(marker[1]!) } });
    },
  };
}
